import { channelRoutes } from './channels';
import { followUpRoutes } from './follow-ups';
import { groupRoutes } from './groups';
import { massMessageRoutes } from './mass-messages';
import type { StaffRoutes } from './staff-api';
import { tagRoutes } from './tags';

/** Every part of the staff API (/api/v1), one file each. */
export const STAFF_ROUTES: StaffRoutes[] = [
  tagRoutes,
  channelRoutes,
  groupRoutes,
  massMessageRoutes,
  followUpRoutes,
];
