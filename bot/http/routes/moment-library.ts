import { stringify } from 'csv-stringify/sync';
import { importLibrary } from '../../domain/moments/library/import-library';
import { toCsvRow, toImportItem } from '../../domain/moments/library/library-files';
import { exportLibrary, listLibrary } from '../../domain/moments/library/list-library';
import {
  findMomentTask,
  listMomentTasks,
  publishMomentTask,
  refreshMomentTask,
} from '../../domain/moments/library/publish-moment-task';
import {
  createLibraryItem,
  setLibraryItemArchived,
  updateLibraryItem,
} from '../../domain/moments/library/manage-library';
import { IdParams } from '../contract/common';
import {
  LIBRARY_CSV_COLUMNS,
  LibraryImportInput,
  type LibraryImportResponse,
  type LibraryItem,
  LibraryItemInput,
  LibraryItemUpdate,
  LibraryListQuery,
  type LibraryListResponse,
  MomentTaskInput,
  type MomentTaskListResponse,
  type MomentTaskView,
} from '../contract/moment-library';
import { presentMomentTask } from '../presenters/moment-task';
import { escapeCsvFormula } from '../presenters/csv-cell';
import { presentLibraryItem } from '../presenters/library-item';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

/** HQ's Moments content library (朋友圈素材库): managed and imported by HQ, read by store managers too. */
export const momentLibraryRoutes: StaffRoutes = (router, deps) => {
  router.get('/moments/library', async (ctx) => {
    const query = parseInput(LibraryListQuery, ctx.query);
    const { items, total } = await listLibrary(deps, ctx.state.actor, query);
    ctx.body = {
      items: items.map(presentLibraryItem),
      page: { page: query.page, pageSize: query.pageSize, total },
    } satisfies LibraryListResponse;
  });

  // Registered before /:id so "export.csv" is not read as an id.
  router.get('/moments/library/export.csv', async (ctx) => {
    const items = await exportLibrary(deps, ctx.state.actor, parseInput(LibraryListQuery, ctx.query));
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment('moments-library.csv');
    // HQ's words reach Excel as text: a title starting with = is not run as a formula.
    ctx.body = stringify(items.map(toCsvRow), {
      header: true,
      columns: [...LIBRARY_CSV_COLUMNS],
      bom: true,
      cast: { string: escapeCsvFormula },
    });
  });

  router.get('/moments/library/export.json', async (ctx) => {
    const items = await exportLibrary(deps, ctx.state.actor, parseInput(LibraryListQuery, ctx.query));
    ctx.attachment('moments-library.json');
    ctx.body = { items: items.map(toImportItem) };
  });

  router.post('/moments/library/import', async (ctx) => {
    const input = parseInput(LibraryImportInput, ctx.request.body);
    ctx.body = (await importLibrary(deps, ctx.state.actor, input)) satisfies LibraryImportResponse;
  });

  router.post('/moments/library', async (ctx) => {
    const draft = parseInput(LibraryItemInput, ctx.request.body);
    ctx.status = 201;
    ctx.body = presentLibraryItem(
      await createLibraryItem(deps, ctx.state.actor, draft),
    ) satisfies LibraryItem;
  });

  router.patch('/moments/library/:id', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    const change = parseInput(LibraryItemUpdate, ctx.request.body);
    ctx.body = presentLibraryItem(
      await updateLibraryItem(deps, ctx.state.actor, id, change),
    ) satisfies LibraryItem;
  });

  router.post('/moments/library/:id/archive', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    ctx.body = presentLibraryItem(
      await setLibraryItemArchived(deps, ctx.state.actor, id, true),
    ) satisfies LibraryItem;
  });

  router.post('/moments/library/:id/restore', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    ctx.body = presentLibraryItem(
      await setLibraryItemArchived(deps, ctx.state.actor, id, false),
    ) satisfies LibraryItem;
  });

  // Enterprise Moments (企业朋友圈) from the library: HQ's.
  router.post('/moments/tasks', async (ctx) => {
    const input = parseInput(MomentTaskInput, ctx.request.body);
    const task = await publishMomentTask(deps, ctx.state.actor, input);
    ctx.status = 201;
    ctx.body = presentMomentTask(await findMomentTask(deps, task.id)) satisfies MomentTaskView;
  });

  router.get('/moments/tasks', async (ctx) => {
    const tasks = await listMomentTasks(deps, ctx.state.actor);
    ctx.body = { tasks: tasks.map(presentMomentTask) } satisfies MomentTaskListResponse;
  });

  router.get('/moments/tasks/:id', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    const task = await refreshMomentTask(deps, ctx.state.actor, id);
    ctx.body = presentMomentTask(await findMomentTask(deps, task.id)) satisfies MomentTaskView;
  });
};
