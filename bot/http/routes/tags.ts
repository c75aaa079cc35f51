import { z } from 'zod';
import { actorName } from '../../domain/access/actor';
import { editRelationTags } from '../../domain/tags/edit-relation-tags';
import { findRelationId, getRelationTags } from '../../domain/tags/get-relation-tags';
import { listTaxonomy } from '../../domain/tags/list-taxonomy';
import { createCorpTags, deleteCorpTagOrGroup, editCorpTagOrGroup } from '../../domain/tags/manage-corp-tags';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

// WeCom: names ≤30 characters (API.md §3.4); order in [0, 2^32).
const TagName = z.string().trim().min(1).max(30);
const Order = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const Id = z.object({ id: z.uuid() });

const CreateGroup = z.object({ name: TagName, tags: z.array(TagName).min(1).max(100) });
const AddTags = z.object({ tags: z.array(TagName).min(1).max(100) });
const Edit = z
  .object({ name: TagName.optional(), order: Order.optional() })
  .refine((v) => v.name !== undefined || v.order !== undefined, 'give name or order');
const TagEditInput = z
  .object({ add: z.array(z.uuid()).max(100).default([]), remove: z.array(z.uuid()).max(100).default([]) })
  .refine((v) => v.add.length + v.remove.length > 0, 'add or remove at least one tag');
const Lookup = z.object({
  guideUserid: z.string().min(1).max(64),
  externalUserid: z.string().min(1).max(64),
});

/** The tag taxonomy (HQ edits) and the tags on each guide–customer relation. */
export const tagRoutes: StaffRoutes = (router, deps) => {
  router.get('/tags', async (ctx) => {
    ctx.body = { groups: await listTaxonomy(deps.pool) };
  });

  router.post('/tag-groups', async (ctx) => {
    const input = parseInput(CreateGroup, ctx.request.body);
    ctx.status = 201;
    ctx.body = await createCorpTags(deps, ctx.state.actor, { groupName: input.name, tags: input.tags });
  });

  router.post('/tag-groups/:id/tags', async (ctx) => {
    const { id } = parseInput(Id, ctx.params);
    const input = parseInput(AddTags, ctx.request.body);
    ctx.status = 201;
    ctx.body = await createCorpTags(deps, ctx.state.actor, { groupId: id, tags: input.tags });
  });

  for (const kind of ['tag', 'group'] as const) {
    const path = kind === 'tag' ? '/tags/:id' : '/tag-groups/:id';
    router.patch(path, async (ctx) => {
      const { id } = parseInput(Id, ctx.params);
      await editCorpTagOrGroup(deps, ctx.state.actor, { kind, id }, parseInput(Edit, ctx.request.body));
      ctx.status = 204;
    });
    router.delete(path, async (ctx) => {
      const { id } = parseInput(Id, ctx.params);
      await deleteCorpTagOrGroup(deps, ctx.state.actor, { kind, id });
      ctx.status = 204;
    });
  }

  router.get('/relations/lookup', async (ctx) => {
    const { guideUserid, externalUserid } = parseInput(Lookup, ctx.query);
    ctx.body = { relationId: await findRelationId(deps.pool, ctx.state.actor, guideUserid, externalUserid) };
  });

  router.get('/relations/:id/tags', async (ctx) => {
    const { id } = parseInput(Id, ctx.params);
    ctx.body = await getRelationTags(deps.pool, ctx.state.actor, id);
  });

  router.post('/relations/:id/tags', async (ctx) => {
    const { id } = parseInput(Id, ctx.params);
    const input = parseInput(TagEditInput, ctx.request.body);
    const source = actorName(ctx.state.actor);
    ctx.body = await editRelationTags(deps, ctx.state.actor, id, { ...input, source });
  });
};
