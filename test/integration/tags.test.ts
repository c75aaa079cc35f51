import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import { changeRelationTags } from '../../bot/domain/tags/change-relation-tags';
import { DEFAULT_TAXONOMY } from '../../bot/domain/tags/default-taxonomy';
import { ensureNamedTags } from '../../bot/domain/tags/ensure-named-tags';
import { syncCorpTags } from '../../bot/domain/tags/sync-corp-tags';
import { TAG } from '../wecom-sim/demo/demo-tags';
import {
  consoleCreateTagGroupInState,
  consoleDeleteTagsInState,
  consoleRenameTagInState,
} from '../wecom-sim/actions/console-tags';
import { type TestContext, addTestGuide, domainDeps, startTestContext, waitFor } from '../helpers/harness';
import { staff } from '../helpers/integration-client';

interface TaxonomyBody {
  groups: {
    id: string;
    name: string;
    kind: string;
    canEdit: boolean;
    tags: { id: string; wecomTagId: string; name: string; canEdit: boolean }[];
  }[];
}

interface RelationTagsBody {
  corpTags: { id: string; name: string; pending: boolean }[];
  ruleGroupTags: { name: string }[];
  personalTags: string[];
  changes: { tagName: string; op: string; status: string; error: string | null; errcode: number | null }[];
}

describe('tags', () => {
  let ctx: TestContext;
  // Its own database: the tag mirror is corp-wide, and a sync marks tags this simulator lacks as deleted.
  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
    await runInitialSync(domainDeps(ctx));
    await syncTags();
  });
  afterAll(() => ctx.close());

  const api = () => staff(ctx.app);
  const taxonomy = async () => (await api().get('/api/v1/tags').expect(200)).body as TaxonomyBody;
  const tagIdOf = async (wecomTagId: string) =>
    (await ctx.services.db.tag.findUniqueOrThrow({ where: { wecomTagId } })).id;
  const simRelation = (userid: string, externalUserid: string) =>
    ctx.sim.state.relations.find((r) => r.userid === userid && r.externalUserid === externalUserid)!;

  async function syncTags(): Promise<void> {
    const before = ctx.sim.callsTo('externalcontact/get_corp_tag_list').length;
    await domainDeps(ctx).enqueue('sync-corp-tags', { reason: 'test' });
    await waitFor(() => ctx.sim.callsTo('externalcontact/get_corp_tag_list').length > before);
    // The job may still be writing: wait until it is gone from the queue.
    await waitFor(async () => (await ctx.services.queues.queue('sync-corp-tags').getActiveCount()) === 0);
  }

  /** A new customer of a new guide, known to us, with a relation id. */
  async function newRelation(): Promise<{ guide: string; externalUserid: string; relationId: string }> {
    const guide = addTestGuide(ctx.sim);
    const { externalUserid } = await ctx.sim.addCustomer({
      userid: guide,
      name: '标签顾客',
      withWelcomeCode: false,
    });
    const relation = await waitFor(async () => {
      const found = await ctx.services.db.guideCustomer.findFirst({
        where: { guide: { userid: guide }, customer: { externalUserid }, status: 'ACTIVE' },
      });
      return found ?? undefined;
    });
    return { guide, externalUserid, relationId: relation.id };
  }

  const relationTags = async (relationId: string) =>
    (await api().get(`/api/v1/relations/${relationId}/tags`).expect(200)).body as RelationTagsBody;

  it('mirrors WeCom corp tags and rule-group tags, and creates the missing default groups as ours', async () => {
    const groups = (await taxonomy()).groups;
    const byName = new Map(groups.map((g) => [g.name, g]));
    // Seeded by the corp (console): shown, not editable by our app.
    const ops = byName.get('运营标签')!;
    expect(ops).toMatchObject({ kind: 'corp', canEdit: false });
    expect(ops.tags.map((t) => t.name)).toEqual(['入会期', '唤醒期', '流失召回期', '沉睡期']);
    expect(ops.tags.every((t) => !t.canEdit)).toBe(true);
    // The groups the corp lacked were created through add_corp_tag and are ours to edit.
    const created = DEFAULT_TAXONOMY.filter((d) => !['运营标签', '生活标签'].includes(d.group));
    expect(created.length).toBeGreaterThan(0);
    for (const { group, tags } of created) {
      expect(byName.get(group)).toMatchObject({ kind: 'corp', canEdit: true });
      expect(byName.get(group)!.tags.map((t) => t.name)).toEqual(tags);
    }
    expect(ctx.sim.callsTo('externalcontact/add_corp_tag')).toHaveLength(created.length);
    // Rule-group tags are listed as such.
    const ruleGroups = groups.filter((g) => g.kind === 'rule_group');
    expect(ruleGroups.length).toBeGreaterThan(0);
    expect(ruleGroups.every((g) => !g.canEdit && g.tags.every((t) => !t.canEdit))).toBe(true);
  });

  it('does not create the default groups twice', async () => {
    const before = ctx.sim.callsTo('externalcontact/add_corp_tag').length;
    await syncTags();
    expect(ctx.sim.callsTo('externalcontact/add_corp_tag')).toHaveLength(before);
  });

  it('links the tags relations had in WeCom when they were imported', async () => {
    const links = await ctx.services.db.relationTag.count({ where: { tag: { wecomTagId: TAG.snacks } } });
    const inSim = ctx.sim.state.relations.filter((r) => r.tagIds.includes(TAG.snacks)).length;
    expect(inSim).toBeGreaterThan(0);
    expect(links).toBe(inSim);
  });

  it('changes our tags at once and pushes them to WeCom with mark_tag', async () => {
    const { guide, externalUserid, relationId } = await newRelation();
    const [snacks, gifting] = [await tagIdOf(TAG.snacks), await tagIdOf(TAG.gifting)];
    const body = (
      await api()
        .post(`/api/v1/relations/${relationId}/tags`)
        .send({ add: [snacks, gifting] })
        .expect(200)
    ).body as RelationTagsBody;
    expect(body.corpTags.map((t) => t.name).sort()).toEqual(['送礼', '零食'].sort());
    await waitFor(() => simRelation(guide, externalUserid).tagIds.length === 2);
    expect(simRelation(guide, externalUserid).tagIds.sort()).toEqual([TAG.snacks, TAG.gifting].sort());
    await waitFor(async () => (await relationTags(relationId)).changes.length === 0);

    await api()
      .post(`/api/v1/relations/${relationId}/tags`)
      .send({ remove: [snacks] })
      .expect(200);
    await waitFor(() => simRelation(guide, externalUserid).tagIds.length === 1);
    expect(simRelation(guide, externalUserid).tagIds).toEqual([TAG.gifting]);
    const marks = ctx.sim
      .callsTo('externalcontact/mark_tag')
      .filter((c) => (c.body as { external_userid?: string }).external_userid === externalUserid);
    expect(marks.map((c) => c.body)).toEqual([
      expect.objectContaining({ add_tag: expect.arrayContaining([TAG.snacks, TAG.gifting]) }),
      expect.objectContaining({ remove_tag: [TAG.snacks] }),
    ]);
  });

  it('refuses rule-group tags, unknown tags and empty edits with a clear 4xx, storing nothing', async () => {
    const { relationId } = await newRelation();
    const ruleTag = await ctx.services.db.tag.findFirstOrThrow({ where: { strategyId: { not: null } } });
    const refused = await api()
      .post(`/api/v1/relations/${relationId}/tags`)
      .send({ add: [ruleTag.id] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('tag_not_editable');
    const unknown = await api()
      .post(`/api/v1/relations/${relationId}/tags`)
      .send({ add: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('tag_not_found');
    await api().post(`/api/v1/relations/${relationId}/tags`).send({}).expect(400);
    expect(await ctx.services.db.tagChange.count({ where: { relationId } })).toBe(0);
    expect(await ctx.services.db.relationTag.count({ where: { relationId } })).toBe(0);
  });

  it('retries a passing WeCom error and gets the change through', async () => {
    const { guide, externalUserid, relationId } = await newRelation();
    ctx.sim.failNext('externalcontact/mark_tag', -1, 2);
    await api()
      .post(`/api/v1/relations/${relationId}/tags`)
      .send({ add: [await tagIdOf(TAG.specialty)] })
      .expect(200);
    await waitFor(() => simRelation(guide, externalUserid).tagIds.includes(TAG.specialty), 20_000);
    const change = await ctx.services.db.tagChange.findFirstOrThrow({ where: { relationId } });
    await waitFor(
      async () =>
        (await ctx.services.db.tagChange.findUniqueOrThrow({ where: { id: change.id } })).status === 'SYNCED',
    );
  });

  it('marks a change failed, visibly, when WeCom says the customer is no longer a friend (84061)', async () => {
    const { relationId } = await newRelation();
    ctx.sim.failNext('externalcontact/mark_tag', 84061);
    await api()
      .post(`/api/v1/relations/${relationId}/tags`)
      .send({ add: [await tagIdOf(TAG.specialty)] })
      .expect(200);
    const view = await waitFor(async () => {
      const v = await relationTags(relationId);
      return v.changes[0]?.status === 'FAILED' ? v : undefined;
    });
    expect(view.changes[0]).toMatchObject({ tagName: '特产', op: 'ADD', errcode: 84061 });
    expect(view.changes[0]!.error).toContain('不是好友');
    // What WeCom refused is taken back: our relation says what WeCom has.
    expect(view.corpTags).toEqual([]);
  });

  it('fails only the tag a WeCom admin deleted while a guide was adding it, and pushes the rest', async () => {
    const { guide, externalUserid, relationId } = await newRelation();
    const made = consoleCreateTagGroupInState(
      ctx.sim.state,
      { groupName: '临时活动', tags: ['双十一', '年货节'] },
      ctx.sim.now(),
    );
    for (const xml of made.xmls) await ctx.sim.deliver(xml);
    const [doomed, kept] = made.tagIds as [string, string];
    await waitFor(
      async () => (await ctx.services.db.tag.count({ where: { wecomTagId: { in: made.tagIds } } })) === 2,
    );
    // The guide adds both; before the push reaches WeCom, the admin deletes one in the console.
    const edit = await changeRelationTags(ctx.services.pool, { kind: 'hq', label: 'hq' }, relationId, {
      add: [await tagIdOf(doomed), await tagIdOf(kept)],
      remove: [],
      source: guide,
    });
    expect(edit.changeIds).toHaveLength(2);
    consoleDeleteTagsInState(ctx.sim.state, [doomed], ctx.sim.now());
    await domainDeps(ctx).enqueue('reconcile-tag-changes', {});
    await waitFor(() => simRelation(guide, externalUserid).tagIds.includes(kept));
    const view = await waitFor(async () => {
      const v = await relationTags(relationId);
      return v.changes.some((c) => c.status === 'FAILED') ? v : undefined;
    });
    expect(view.changes).toEqual([
      expect.objectContaining({
        tagName: '双十一',
        status: 'FAILED',
        errcode: 40068,
        error: '标签已在企业微信删除',
      }),
    ]);
    expect(view.corpTags.map((t) => t.name)).toEqual(['年货节']);
    expect(simRelation(guide, externalUserid).tagIds).toEqual([kept]);
  });

  it('follows console edits: a rename, a deletion, and several callbacks of one save read WeCom once', async () => {
    const made = consoleCreateTagGroupInState(
      ctx.sim.state,
      { groupName: '会员等级', tags: ['银卡', '金卡', '钻石卡'] },
      ctx.sim.now(),
    );
    expect(made.xmls).toHaveLength(4);
    const reads = ctx.sim.callsTo('externalcontact/get_corp_tag_list').length;
    await Promise.all(made.xmls.map((xml) => ctx.sim.deliver(xml)));
    await waitFor(async () =>
      (await taxonomy()).groups.some((g) => g.name === '会员等级' && g.tags.length === 3),
    );
    await new Promise((r) => setTimeout(r, 2500)); // past the sync window: no further read is pending
    expect(ctx.sim.callsTo('externalcontact/get_corp_tag_list').length - reads).toBe(1);

    const [silver, gold] = made.tagIds as [string, string];
    for (const xml of consoleRenameTagInState(ctx.sim.state, silver, '银卡会员', ctx.sim.now()).xmls)
      await ctx.sim.deliver(xml);
    for (const xml of consoleDeleteTagsInState(ctx.sim.state, [gold], ctx.sim.now()).xmls)
      await ctx.sim.deliver(xml);
    const group = await waitFor(async () => {
      const g = (await taxonomy()).groups.find((x) => x.name === '会员等级');
      return g && g.tags.length === 2 && g.tags.some((t) => t.name === '银卡会员') ? g : undefined;
    });
    expect(group.tags.map((t) => t.name).sort()).toEqual(['银卡会员', '钻石卡'].sort());
  });

  it("reconciles a guide's edit in the WeCom client, keeping our changes that have not reached WeCom", async () => {
    const { guide, externalUserid, relationId } = await newRelation();
    const gifting = await tagIdOf(TAG.gifting);
    // Our pending add, not yet pushed (no job queued).
    await changeRelationTags(ctx.services.pool, { kind: 'hq', label: 'hq' }, relationId, {
      add: [gifting],
      remove: [],
      source: 'hq',
    });
    await ctx.sim.editCustomer(guide, externalUserid, { addTags: [TAG.snacks] });
    const view = await waitFor(async () => {
      const v = await relationTags(relationId);
      return v.corpTags.length === 2 ? v : undefined;
    });
    expect(view.corpTags.map((t) => t.name).sort()).toEqual(['送礼', '零食'].sort());
    expect(view.corpTags.find((t) => t.name === '送礼')!.pending).toBe(true);
  });

  it('lets HQ rename and delete only tags our app created', async () => {
    const groups = (await taxonomy()).groups;
    const seeded = groups.find((g) => g.name === '运营标签')!.tags[0]!;
    const refused = await api().patch(`/api/v1/tags/${seeded.id}`).send({ name: '新会员' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('tag_not_editable');
    expect(ctx.sim.callsTo('externalcontact/edit_corp_tag')).toHaveLength(0);

    const ours = groups.find((g) => g.name === '个性化标签')!;
    const created = await api()
      .post(`/api/v1/tag-groups/${ours.id}/tags`)
      .send({ tags: ['爱喝茶'] })
      .expect(201);
    const [teaId] = (created.body as { tagIds: string[] }).tagIds;
    await api().patch(`/api/v1/tags/${teaId}`).send({ name: '爱喝绿茶' }).expect(204);
    expect((await taxonomy()).groups.find((g) => g.id === ours.id)!.tags.map((t) => t.name)).toContain(
      '爱喝绿茶',
    );
    await api().delete(`/api/v1/tags/${teaId}`).expect(204);
    expect((await taxonomy()).groups.find((g) => g.id === ours.id)!.tags.map((t) => t.name)).not.toContain(
      '爱喝绿茶',
    );
    // WeCom agrees: a sync changes nothing.
    await syncTags();
    expect((await taxonomy()).groups.find((g) => g.id === ours.id)!.tags.map((t) => t.name)).toEqual([
      '重点关注',
    ]);
  });

  it('answers 401 without the staff token (or a sidebar session)', async () => {
    const { default: request } = await import('supertest');
    const res = await request(ctx.app.callback()).get('/api/v1/tags');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('session_required');
  });

  it('uses a tag WeCom already has when our mirror had not seen it yet (40071), instead of failing', async () => {
    const ops = ctx.sim.state.tagGroups.find((g) => g.groupName === '运营标签')!;
    // Made in the console, its callback lost: WeCom has it, we do not.
    const made = consoleCreateTagGroupInState(
      ctx.sim.state,
      { groupId: ops.groupId, tags: ['回流期'] },
      ctx.sim.now(),
    );
    const ids = await ensureNamedTags(domainDeps(ctx), '运营标签', ['入会期', '回流期']);
    expect(await ctx.services.db.tag.findUniqueOrThrow({ where: { id: ids.get('回流期')! } })).toMatchObject({
      wecomTagId: made.tagIds[0],
      createdByApp: false,
    });
    expect(ctx.sim.callsTo('externalcontact/add_corp_tag').at(-1)?.errcode).toBe(40071);
  });

  it('does not undo a tag we created while a sync was reading WeCom', async () => {
    const ours = (await taxonomy()).groups.find((g) => g.name === '个性化标签')!;
    ctx.sim.delayNext('externalcontact/get_corp_tag_list', 800);
    const sync = syncCorpTags(domainDeps(ctx));
    await new Promise((r) => setTimeout(r, 200)); // the sync's read is on its way, without the new tag
    const created = await api()
      .post(`/api/v1/tag-groups/${ours.id}/tags`)
      .send({ tags: ['新品尝鲜'] })
      .expect(201);
    await sync;
    // The race really happened: what the sync read from WeCom did not have the new tag yet.
    const read = ctx.sim.callsTo('externalcontact/get_corp_tag_list').at(-1);
    expect(JSON.stringify(read?.response)).not.toContain('新品尝鲜');
    const [id] = (created.body as { tagIds: string[] }).tagIds;
    expect(await ctx.services.db.tag.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({
      deletedAt: null,
    });
  });

  it('answers malformed, non-JSON and unknown requests with a clear 4xx in the house shape', async () => {
    const { relationId } = await newRelation();
    const malformed = await api()
      .post(`/api/v1/relations/${relationId}/tags`)
      .set('content-type', 'application/json')
      .send('{"add": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
    const notJson = await api()
      .post(`/api/v1/relations/${relationId}/tags`)
      .set('content-type', 'text/plain')
      .send('add=everything');
    expect(notJson.status).toBe(415);
    expect(notJson.body.error.code).toBe('unsupported_media_type');
    const forged = Buffer.from('2020-01-01T00:00:00.000Z|------------------------------------').toString(
      'base64url',
    );
    const cursor = await api().get(`/api/v1/follow-ups?after=${forged}`);
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.code).toBe('bad_cursor');
    const unknown = await api().get('/api/v1/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    expect(await ctx.services.db.tagChange.count({ where: { relationId } })).toBe(0);
  });
});
