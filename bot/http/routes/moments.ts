import { correctMomentPost } from '../../domain/moments/correct-moment-post';
import { listGuidePosts } from '../../domain/moments/list-guide-posts';
import { getMomentsSettings, updateMomentsSettings } from '../../domain/moments/moments-settings';
import { momentsTrend, scoreWeek } from '../../domain/moments/score-week';
import { IdParams } from '../contract/common';
import {
  GuidePostsQuery,
  type GuidePostsResponse,
  MomentCorrectionInput,
  type MomentPostView,
  MomentsSettingsUpdate,
  type MomentsSettingsResponse,
  MomentsTrendQuery,
  type MomentsTrendResponse,
  MomentsWeekQuery,
  type MomentsWeekResponse,
} from '../contract/moments';
import { presentMomentPost } from '../presenters/moment-post';
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

  router.get('/moments/weeks', async (ctx) => {
    const query = parseInput(MomentsWeekQuery, ctx.query);
    ctx.body = (await scoreWeek(deps, ctx.state.actor, query)) satisfies MomentsWeekResponse;
  });

  router.get('/moments/trend', async (ctx) => {
    const query = parseInput(MomentsTrendQuery, ctx.query);
    ctx.body = (await momentsTrend(deps, ctx.state.actor, query)) satisfies MomentsTrendResponse;
  });

  router.get('/moments/posts', async (ctx) => {
    const query = parseInput(GuidePostsQuery, ctx.query);
    const { posts, ...week } = await listGuidePosts(deps, ctx.state.actor, query);
    ctx.body = {
      ...week,
      posts: posts.map(({ post, localDate, inBestWindow }) => ({
        ...presentMomentPost(post),
        localDate,
        inBestWindow,
        libraryItem: post.libraryItem,
      })),
    } satisfies GuidePostsResponse;
  });

  router.patch('/moments/posts/:id/classification', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    const input = parseInput(MomentCorrectionInput, ctx.request.body);
    ctx.body = presentMomentPost(
      await correctMomentPost(deps, ctx.state.actor, id, input),
    ) satisfies MomentPostView;
  });
};
