import { stringify } from 'csv-stringify/sync';
import { correctMomentPost } from '../../domain/moments/correct-moment-post';
import { listGuidePosts } from '../../domain/moments/list-guide-posts';
import { getMomentsSettings, updateMomentsSettings } from '../../domain/moments/moments-settings';
import { momentsTrend, scoreWeek, weekTable } from '../../domain/moments/score-week';
import { IdParams } from '../contract/common';
import {
  GuidePostsQuery,
  type GuidePostsResponse,
  MomentCorrectionInput,
  type MomentPostView,
  MomentsSettingsUpdate,
  type MomentsSettingsResponse,
  MomentsTrendQuery,
  MomentsWeekExportQuery,
  type MomentsTrendResponse,
  MomentsWeekQuery,
  type MomentsWeekResponse,
} from '../contract/moments';
import { escapeCsvFormula } from '../presenters/csv-cell';
import { presentMomentPost } from '../presenters/moment-post';
import { momentsWeekCsvColumns, momentsWeekCsvRow } from '../presenters/moments-week-csv';
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

  router.get('/moments/weeks/export.csv', async (ctx) => {
    const query = parseInput(MomentsWeekExportQuery, ctx.query);
    // Every guide in scope on one sheet: the week is scored from counts whole anyway (10,000 guides ≈ 60 ms),
    // and the sheet is a few hundred KB, so it is written at once rather than streamed.
    const table = await weekTable(deps, ctx.state.actor, query);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(`moments-${table.week.start}.csv`);
    // Guide and store names come from the directory: one that starts a formula must reach Excel as text.
    ctx.body = stringify([momentsWeekCsvColumns(table.bounds), ...table.guides.map(momentsWeekCsvRow)], {
      bom: true,
      cast: { string: escapeCsvFormula },
    });
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
