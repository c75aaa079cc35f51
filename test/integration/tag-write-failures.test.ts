import { createCorpTags, editCorpTagOrGroup } from '../../bot/domain/tags/manage-corp-tags';
import { syncCorpTags } from '../../bot/domain/tags/sync-corp-tags';
import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import {
  consoleCreateTagGroupInState,
  consoleDeleteTagsInState,
  consoleRenameTagInState,
} from '../wecom-sim/actions/console-tags';
import { type TestContext, domainDeps, startTestContext, waitFor } from '../helpers/harness';
import { staff } from '../helpers/integration-client';
import { refuseWrites } from '../helpers/refuse-writes';

// Issue #9: WeCom and our database never disagree, whatever fails between the WeCom call and our write.
describe('tag writes that fail after WeCom said yes', () => {
  let ctx: TestContext;
  // Its own database: the triggers and the tag mirror are corp-wide.
  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
    await runInitialSync(domainDeps(ctx));
  });
  afterAll(() => ctx.close());

  const api = () => staff(ctx.app);
  const hq = { kind: 'hq', label: 'hq' } as const;
  const refuse = (table: string, when: string, times?: number) =>
    refuseWrites(ctx.services.pool, { table, when, times });

  /** The live tag of that name in WeCom (the simulator), if any. */
  const simTag = (name: string) =>
    ctx.sim.state.tagGroups
      .filter((g) => !g.deleted)
      .flatMap((g) => g.tags)
      .find((t) => !t.deleted && t.name === name);
  const dbTag = (name: string) => ctx.services.db.tag.findFirst({ where: { name, deletedAt: null } });
  const intents = () => ctx.services.db.wecomWriteIntent.count();

  /** For every name: WeCom has a live tag of that name exactly when our database does, with the same id. */
  async function expectAgreement(names: string[]): Promise<void> {
    for (const name of names) {
      const row = await dbTag(name);
      expect({ name, wecom: simTag(name)?.id ?? null }).toEqual({ name, wecom: row?.wecomTagId ?? null });
    }
  }

  async function ourGroup(name: string): Promise<string> {
    const res = await api()
      .post('/api/v1/tag-groups')
      .send({ name, tags: [`${name}首标签`] })
      .expect(201);
    return (res.body as { groupId: string }).groupId;
  }

  it('keeps, as ours, a new group and tag WeCom made when storing them failed once', async () => {
    const drop = await refuse('tag_group', `NEW.name = '断电分组'`, 1);
    try {
      const res = await api()
        .post('/api/v1/tag-groups')
        .send({ name: '断电分组', tags: ['断电标签'] })
        .expect(201);
      const { groupId, tagIds } = res.body as { groupId: string; tagIds: string[] };
      expect(await ctx.services.db.tagGroup.findUniqueOrThrow({ where: { id: groupId } })).toMatchObject({
        name: '断电分组',
        createdByApp: true,
      });
      await expectAgreement(['断电标签']);
      expect((await dbTag('断电标签'))?.createdByApp).toBe(true);
      expect(tagIds).toEqual([(await dbTag('断电标签'))!.id]);
      // Ours, so we may edit it: WeCom agrees.
      await api().patch(`/api/v1/tags/${tagIds[0]}`).send({ name: '来电标签' }).expect(204);
      await expectAgreement(['断电标签', '来电标签']);
      expect(await intents()).toBe(0);
    } finally {
      await drop();
    }
  });

  it('takes back in WeCom a new tag our database keeps refusing, keeping the ones it stored', async () => {
    const groupId = await ourGroup('拒收分组');
    const drop = await refuse('tag', `NEW.name = '拒收标签'`);
    try {
      const res = await api()
        .post(`/api/v1/tag-groups/${groupId}/tags`)
        .send({ tags: ['拒收标签', '同批标签'] });
      expect(res.status).toBe(500);
      expect(ctx.sim.callsTo('externalcontact/add_corp_tag').at(-1)?.errcode).toBe(0);
      expect(simTag('拒收标签')).toBeUndefined();
      await expectAgreement(['拒收标签', '同批标签']);
      expect(await intents()).toBe(0);
    } finally {
      await drop();
    }
  });

  it('marks a tag ours when it is mirrored later, after both the write and the sync at once failed', async () => {
    const groupId = await ourGroup('掉线分组');
    const drop = await refuse('tag', `NEW.name = '掉线标签'`, 1);
    // The sync the failed write asks for fails too (WeCom busy): nothing heals it in the request.
    ctx.sim.failNext('externalcontact/get_corp_tag_list', -1);
    try {
      const res = await api()
        .post(`/api/v1/tag-groups/${groupId}/tags`)
        .send({ tags: ['掉线标签'] });
      expect(res.status).toBe(500);
      expect(await dbTag('掉线标签')).toBeNull();
      expect(simTag('掉线标签')).toBeDefined();
    } finally {
      await drop();
    }
    // The scheduled sync catches up, and knows from the recorded intent that the tag is ours.
    await syncCorpTags(domainDeps(ctx));
    await expectAgreement(['掉线标签']);
    expect((await dbTag('掉线标签'))?.createdByApp).toBe(true);
    expect(await intents()).toBe(0);
  });

  it('mirrors a rename our database refused once, and puts back in WeCom one it keeps refusing', async () => {
    const groupId = await ourGroup('改名分组');
    const tag = (await dbTag('改名分组首标签'))!;
    expect(tag.groupId).toBe(groupId);
    const once = await refuse('tag', `NEW.name = '改名后'`, 1);
    try {
      await api().patch(`/api/v1/tags/${tag.id}`).send({ name: '改名后' }).expect(204);
    } finally {
      await once();
    }
    await expectAgreement(['改名分组首标签', '改名后']);

    const always = await refuse('tag', `NEW.name = '再改名'`);
    try {
      const res = await api().patch(`/api/v1/tags/${tag.id}`).send({ name: '再改名' });
      expect(res.status).toBe(500);
    } finally {
      await always();
    }
    expect(
      ctx.sim.callsTo('externalcontact/edit_corp_tag').map((c) => (c.body as { name?: string }).name),
    ).toEqual(expect.arrayContaining(['再改名', '改名后']));
    // The last two: the refused rename, then WeCom put back to the name our row has.
    expect(
      ctx.sim
        .callsTo('externalcontact/edit_corp_tag')
        .slice(-2)
        .map((c) => (c.body as { name?: string }).name),
    ).toEqual(['再改名', '改名后']);
    await expectAgreement(['改名后', '再改名']);
  });

  it('reports the refused write, not a 404, when the tag was deleted in the console before the mirror read', async () => {
    await ourGroup('竞态分组');
    const tag = (await dbTag('竞态分组首标签'))!;
    const deps = domainDeps(ctx);
    // WeCom takes the rename; before our mirror reads it back, an admin deletes the tag in the console.
    const wecom = Object.create(deps.wecom) as typeof deps.wecom;
    wecom.post = async (api, body) => {
      const answer = await deps.wecom.post(api, body);
      if (api === 'externalcontact/edit_corp_tag')
        consoleDeleteTagsInState(ctx.sim.state, [tag.wecomTagId], Date.now());
      return answer as never;
    };
    const always = await refuse('tag', `NEW.name = '竞态改名'`);
    try {
      await expect(
        editCorpTagOrGroup({ ...deps, wecom }, hq, { kind: 'tag', id: tag.id }, { name: '竞态改名' }),
      ).rejects.toThrow(/tag refused/);
    } finally {
      await always();
    }
    // The mirror recorded the console's deletion.
    expect(await dbTag('竞态分组首标签')).toBeNull();
  });

  it('mirrors a deletion our database refused to record', async () => {
    await ourGroup('删除分组');
    const tag = (await dbTag('删除分组首标签'))!;
    const drop = await refuse('tag', `NEW.name = '删除分组首标签' AND NEW.deleted_at IS NOT NULL`, 1);
    try {
      await api().delete(`/api/v1/tags/${tag.id}`).expect(204);
    } finally {
      await drop();
    }
    await expectAgreement(['删除分组首标签']);
    expect((await ctx.services.db.tag.findUniqueOrThrow({ where: { id: tag.id } })).deletedAt).not.toBeNull();
  });

  it('refuses names our database cannot store before asking WeCom', async () => {
    const adds = ctx.sim.callsTo('externalcontact/add_corp_tag').length;
    const edits = ctx.sim.callsTo('externalcontact/edit_corp_tag').length;
    for (const name of ['空\u0000字符', '孤\uD800代理']) {
      await expect(
        createCorpTags(domainDeps(ctx), hq, { groupName: name, tags: ['好'] }),
      ).rejects.toMatchObject({
        status: 400,
        code: 'invalid_request',
      });
      await expect(
        createCorpTags(domainDeps(ctx), hq, { groupName: '好组', tags: [name] }),
      ).rejects.toMatchObject({
        status: 400,
      });
    }
    const ours = (
      await ctx.services.db.tag.findFirstOrThrow({ where: { createdByApp: true, deletedAt: null } })
    ).id;
    await expect(
      editCorpTagOrGroup(domainDeps(ctx), hq, { kind: 'tag', id: ours }, { name: '坏\u0000名' }),
    ).rejects.toMatchObject({ status: 400 });
    expect(ctx.sim.callsTo('externalcontact/add_corp_tag')).toHaveLength(adds);
    expect(ctx.sim.callsTo('externalcontact/edit_corp_tag')).toHaveLength(edits);
  });

  it('skips, and names, console tags our database cannot store, and still mirrors every other console edit', async () => {
    const deliver = async (xmls: string[]) => {
      for (const xml of xmls) await ctx.sim.deliver(xml);
    };
    const badTags = consoleCreateTagGroupInState(
      ctx.sim.state,
      { groupName: '控制台分组', tags: ['坏\u0000标签', '孤\uD800标签', '好标签'] },
      ctx.sim.now(),
    );
    const badGroup = consoleCreateTagGroupInState(
      ctx.sim.state,
      { groupName: '坏\u0000分组', tags: ['坏组内标签'] },
      ctx.sim.now(),
    );
    await deliver([...badTags.xmls, ...badGroup.xmls]);
    const good = badTags.tagIds[2]!;
    await waitFor(async () => (await ctx.services.db.tag.count({ where: { wecomTagId: good } })) === 1);
    // A later console edit still arrives.
    await deliver(consoleRenameTagInState(ctx.sim.state, good, '好标签改名', ctx.sim.now()).xmls);
    await waitFor(async () => (await dbTag('好标签改名'))?.wecomTagId === good);

    const result = await syncCorpTags(domainDeps(ctx));
    expect(result.skipped).toEqual(
      expect.arrayContaining([badTags.tagIds[0], badTags.tagIds[1], badGroup.groupId]),
    );
    const stored = await ctx.services.db.tag.findMany({
      where: { wecomTagId: { in: [...badTags.tagIds, ...badGroup.tagIds] } },
    });
    expect(stored.map((t) => t.name)).toEqual(['好标签改名']);
    expect(await ctx.services.db.tagGroup.count({ where: { wecomGroupId: badGroup.groupId } })).toBe(0);
  });
});
