import { actorName } from '../../domain/access/actor';
import { editRelationTags } from '../../domain/tags/edit-relation-tags';
import { findRelationId, getRelationTags } from '../../domain/tags/get-relation-tags';
import { listTaxonomy } from '../../domain/tags/list-taxonomy';
import { createCorpTags, deleteCorpTagOrGroup, editCorpTagOrGroup } from '../../domain/tags/manage-corp-tags';
import { IdParams } from '../contract/common';
import {
  AddTagsInput,
  CreateTagGroupInput,
  EditTagInput,
  RelationLookupQuery,
  RelationTagEditInput,
} from '../contract/tags';
import {
  presentCreatedTags,
  presentRelationLookup,
  presentRelationTags,
  presentTaxonomy,
} from '../presenters/tag';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

/** The tag taxonomy (HQ edits) and the tags on each guide–customer relation. */
export const tagRoutes: StaffRoutes = (router, deps) => {
  router.get('/tags', async (ctx) => {
    ctx.body = presentTaxonomy(await listTaxonomy(deps));
  });

  router.post('/tag-groups', async (ctx) => {
    const input = parseInput(CreateTagGroupInput, ctx.request.body);
    ctx.status = 201;
    ctx.body = presentCreatedTags(
      await createCorpTags(deps, ctx.state.actor, { groupName: input.name, tags: input.tags }),
    );
  });

  router.post('/tag-groups/:id/tags', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    const input = parseInput(AddTagsInput, ctx.request.body);
    ctx.status = 201;
    ctx.body = presentCreatedTags(
      await createCorpTags(deps, ctx.state.actor, { groupId: id, tags: input.tags }),
    );
  });

  for (const kind of ['tag', 'group'] as const) {
    const path = kind === 'tag' ? '/tags/:id' : '/tag-groups/:id';
    router.patch(path, async (ctx) => {
      const { id } = parseInput(IdParams, ctx.params);
      await editCorpTagOrGroup(
        deps,
        ctx.state.actor,
        { kind, id },
        parseInput(EditTagInput, ctx.request.body),
      );
      ctx.status = 204;
    });
    router.delete(path, async (ctx) => {
      const { id } = parseInput(IdParams, ctx.params);
      await deleteCorpTagOrGroup(deps, ctx.state.actor, { kind, id });
      ctx.status = 204;
    });
  }

  router.get('/relations/lookup', async (ctx) => {
    const { guideUserid, externalUserid } = parseInput(RelationLookupQuery, ctx.query);
    ctx.body = presentRelationLookup(
      await findRelationId(deps, ctx.state.actor, guideUserid, externalUserid),
    );
  });

  router.get('/relations/:id/tags', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    ctx.body = presentRelationTags(await getRelationTags(deps, ctx.state.actor, id));
  });

  router.post('/relations/:id/tags', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    const input = parseInput(RelationTagEditInput, ctx.request.body);
    const source = actorName(ctx.state.actor);
    ctx.body = presentRelationTags(await editRelationTags(deps, ctx.state.actor, id, { ...input, source }));
  });
};
