import { getMomentsSettings, updateMomentsSettings } from '../../domain/moments/moments-settings';
import { MomentsSettingsUpdate, type MomentsSettingsResponse } from '../contract/moments';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

/** The Moments plan (朋友圈4+2+2) and its classification rules: every member reads them, HQ sets them. */
export const momentsRoutes: StaffRoutes = (router, deps) => {
  router.get('/moments/settings', async (ctx) => {
    ctx.body = (await getMomentsSettings(deps)) satisfies MomentsSettingsResponse;
  });

  router.put('/moments/settings', async (ctx) => {
    const input = parseInput(MomentsSettingsUpdate, ctx.request.body);
    ctx.body = (await updateMomentsSettings(deps, ctx.state.actor, input)) satisfies MomentsSettingsResponse;
  });
};
