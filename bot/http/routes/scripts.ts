import { createScript } from '../../domain/scripts/create-script';
import { deleteScript } from '../../domain/scripts/delete-script';
import { listScripts } from '../../domain/scripts/list-scripts';
import { updateScript } from '../../domain/scripts/update-script';
import { IdParams } from '../contract/common';
import { CreateScriptInput, ScriptListQuery, UpdateScriptInput } from '../contract/scripts';
import { presentScriptList, presentScriptResponse } from '../presenters/script';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

/** Scripts (话术) and materials (素材): HQ manages them, everyone finds and sends them. */
export const scriptRoutes: StaffRoutes = (router, deps) => {
  router.get('/scripts', async (ctx) => {
    const query = parseInput(ScriptListQuery, ctx.query);
    ctx.body = presentScriptList(await listScripts(deps, ctx.state.actor, query));
  });

  router.post('/scripts', async (ctx) => {
    const input = parseInput(CreateScriptInput, ctx.request.body);
    ctx.status = 201;
    ctx.body = presentScriptResponse(await createScript(deps, ctx.state.actor, input));
  });

  router.patch('/scripts/:id', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    const changes = parseInput(UpdateScriptInput, ctx.request.body);
    ctx.body = presentScriptResponse(await updateScript(deps, ctx.state.actor, id, changes));
  });

  router.delete('/scripts/:id', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    await deleteScript(deps, ctx.state.actor, id);
    ctx.status = 204;
  });
};
