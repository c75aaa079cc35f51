import { channelRoutes } from './channels';
import { customerViewRoutes } from './customer-view';
import { disciplineRoutes } from './discipline';
import { followUpRoutes } from './follow-ups';
import { groupRoutes } from './groups';
import { massMessageRoutes } from './mass-messages';
import { myDayRoutes } from './my-day';
import { scriptRoutes } from './scripts';
import type { StaffRoutes } from './staff-api';
import { tagRoutes } from './tags';
import { timelineRoutes } from './timeline';
import { momentLibraryRoutes } from './moment-library';
import { momentSuggestionRoutes } from './moment-suggestion';
import { momentsRoutes } from './moments';

/** Every part of the staff API (/api/v1), one file each. */
export const STAFF_ROUTES: StaffRoutes[] = [
  tagRoutes,
  channelRoutes,
  groupRoutes,
  massMessageRoutes,
  followUpRoutes,
  // The sidebar's.
  customerViewRoutes,
  timelineRoutes,
  scriptRoutes,
  myDayRoutes,
  // Moments (朋友圈4+2+2).
  momentsRoutes,
  momentLibraryRoutes,
  momentSuggestionRoutes,
  disciplineRoutes,
];
