import { channelRoutes } from './channels';
import { groupRoutes } from './groups';
import type { StaffRoutes } from './staff-api';
import { tagRoutes } from './tags';

/** Every part of the staff API (/api/v1), one file each. */
export const STAFF_ROUTES: StaffRoutes[] = [tagRoutes, channelRoutes, groupRoutes];
