import { DEMO_CORP } from '../wecom-sim/demo/demo-corp';
import { DEMO_STRATEGY_ID, STRATEGY_TAG } from '../wecom-sim/demo/demo-strategy-tags';
import { TAG } from '../wecom-sim/demo/demo-tags';
import type { WecomSimulator } from '../wecom-sim/server';
import { type createApiCaller, startSimWithReceiver, xmlField } from '../wecom-sim/testing';
import type { CallbackReceiver, Json } from '../wecom-sim/testing';

const WANG = DEMO_CORP.customers[0]!.externalUserid; // follows zhangsan (入会期, 零食) and lisi
const LIU = DEMO_CORP.customers[1]!.externalUserid; // follows zhangsan (送礼, 特产)

type TagGroupJson = { group_id: string; group_name: string; tag: Array<{ id: string; name: string }> };

describe('WeCom simulator: console tag edits, rule-group tags and tag ownership', () => {
  let sim: WecomSimulator;
  let call: ReturnType<typeof createApiCaller>;
  let receiver: CallbackReceiver;
  let stop: () => Promise<void>;
  const nowMs = Date.UTC(2026, 10, 2, 3, 4, 5);

  beforeEach(async () => {
    ({ sim, call, receiver, stop } = await startSimWithReceiver(() => nowMs));
  });
  afterEach(() => stop());

  const corpGroups = async () =>
    (await call('externalcontact/get_corp_tag_list', { body: {} })).tag_group as TagGroupJson[];
  const events = () =>
    receiver.messages().map((m) => ({
      changeType: xmlField(m, 'ChangeType'),
      id: xmlField(m, 'Id'),
      tagType: xmlField(m, 'TagType'),
      strategyId: xmlField(m, 'StrategyId'),
      createTime: xmlField(m, 'CreateTime'),
    }));

  it('sends one create callback per new id, all with the same CreateTime, when the console saves a group', async () => {
    const created = await sim.consoleCreateTagGroup({ groupName: '消费能力', tags: ['高', '中', '低'] });
    expect(created.deliveries).toHaveLength(4);
    expect(events()).toEqual([
      {
        changeType: 'create',
        id: created.groupId,
        tagType: 'tag_group',
        strategyId: undefined,
        createTime: '1793588645',
      },
      ...created.tagIds.map((id) => ({
        changeType: 'create',
        id,
        tagType: 'tag',
        strategyId: undefined,
        createTime: '1793588645',
      })),
    ]);
    const group = (await corpGroups()).find((g) => g.group_id === created.groupId);
    expect(group?.tag.map((t) => t.name).sort()).toEqual(['中', '低', '高']);
  });

  it('renames, deletes and reorders through the console with update, delete and shuffle callbacks', async () => {
    await sim.consoleRenameTag(TAG.snacks, '休闲零食');
    await sim.consoleRenameTag(DEMO_CORP.tagGroups[0]!.groupId, '生命周期');
    const life = DEMO_CORP.tagGroups[1]!;
    await sim.consoleShuffleTags({ groupId: life.groupId, order: [TAG.gifting, TAG.snacks, TAG.specialty] });
    await sim.consoleDeleteTags([TAG.snacks]);
    expect(events().map((e) => [e.changeType, e.id, e.tagType])).toEqual([
      ['update', TAG.snacks, 'tag'],
      ['update', DEMO_CORP.tagGroups[0]!.groupId, 'tag_group'],
      ['shuffle', life.groupId, undefined],
      ['delete', TAG.snacks, 'tag'],
    ]);
    const groups = await corpGroups();
    expect(groups[0]?.group_name).toBe('生命周期');
    expect(groups.find((g) => g.group_id === life.groupId)?.tag.map((t) => t.name)).toEqual(['送礼', '特产']);
    expect(sim.state.relations.some((r) => r.tagIds.includes(TAG.snacks))).toBe(false);
    await sim.consoleDeleteTags([TAG.gifting, TAG.specialty]);
    expect(
      events()
        .slice(-3)
        .map((e) => [e.changeType, e.id, e.tagType]),
    ).toEqual([
      ['delete', TAG.gifting, 'tag'],
      ['delete', TAG.specialty, 'tag'],
      ['delete', life.groupId, 'tag_group'],
    ]);
    await expect(sim.consoleShuffleTags({ order: ['x'] })).rejects.toThrow(/every live id/);
  });

  it('keeps rule-group tags out of get_corp_tag_list, serves them from get_strategy_tag_list, with StrategyId', async () => {
    const ids = (await corpGroups()).flatMap((g) => g.tag.map((t) => t.id));
    expect(ids).not.toContain(STRATEGY_TAG.vip);
    const strategy = await call('externalcontact/get_strategy_tag_list', {
      body: { strategy_id: DEMO_STRATEGY_ID },
    });
    expect(strategy.tag_group).toEqual([
      expect.objectContaining({
        group_name: '门店专属',
        strategy_id: DEMO_STRATEGY_ID,
        tag: [
          expect.objectContaining({ id: STRATEGY_TAG.vip, name: '门店VIP' }),
          expect.objectContaining({ name: '新客' }),
        ],
      }),
    ]);
    const made = await sim.consoleCreateTagGroup({ groupName: '到店频次', tags: ['每周'], strategyId: 7 });
    expect(events().map((e) => e.strategyId)).toEqual(['7', '7']);
    const seven = await call('externalcontact/get_strategy_tag_list', { body: { strategy_id: 7 } });
    expect((seven.tag_group as TagGroupJson[]).map((g) => g.group_id)).toEqual([made.groupId]);
    const all = await call('externalcontact/get_strategy_tag_list', { body: {} });
    expect((all.tag_group as unknown[]).length).toBe(2);
    await sim.consoleRenameTag(made.tagIds[0]!, '每周两次');
    expect(events().at(-1)).toMatchObject({ changeType: 'update', strategyId: '7', tagType: 'tag' });
  });

  it('lets our app edit and delete only the tags it created (seed and console tags → 301002)', async () => {
    const edit = (id: string) => call('externalcontact/edit_corp_tag', { body: { id, name: '改名' } });
    const del = (body: Json) => call('externalcontact/del_corp_tag', { body });
    expect((await edit(TAG.snacks)).errcode).toBe(301002);
    expect((await edit(DEMO_CORP.tagGroups[0]!.groupId)).errcode).toBe(301002);
    expect((await del({ tag_id: [TAG.snacks] })).errcode).toBe(301002);
    const console = await sim.consoleCreateTagGroup({ groupName: '后台建的', tags: ['甲'] });
    expect((await edit(console.tagIds[0]!)).errcode).toBe(301002);
    const ours = (
      await call('externalcontact/add_corp_tag', { body: { group_name: '应用建的', tag: [{ name: '乙' }] } })
    ).tag_group as TagGroupJson;
    const intoConsoleGroup = await call('externalcontact/add_corp_tag', {
      body: { group_id: console.groupId, tag: [{ name: '丙' }] },
    });
    const oursInConsole = (intoConsoleGroup.tag_group as TagGroupJson).tag[0]!.id;
    expect((await edit(ours.tag[0]!.id)).errcode).toBe(0);
    expect((await edit(ours.group_id)).errcode).toBe(0);
    expect((await del({ tag_id: [oursInConsole, TAG.snacks] })).errcode).toBe(301002);
    expect((await corpGroups()).flatMap((g) => g.tag.map((t) => t.id))).toContain(oursInConsole);
    expect((await del({ tag_id: [oursInConsole] })).errcode).toBe(0);
    expect((await del({ group_id: [ours.group_id] })).errcode).toBe(0);
    expect((await del({ tag_id: ['etnope'] })).errcode).toBe(40068);
    expect(receiver.messages()).toHaveLength(2); // only the console group + tag: API writes never call back
  });

  it('marks any corp tag but rejects unknown/deleted ids (40068), foreign rule-group tags and missing relations', async () => {
    const mark = (body: Json) =>
      call('externalcontact/mark_tag', { body: { userid: 'zhangsan', external_userid: LIU, ...body } });
    const console = await sim.consoleCreateTagGroup({ groupName: '后台建的', tags: ['甲'] });
    expect((await mark({ add_tag: [TAG.onboarding, console.tagIds[0]] })).errcode).toBe(0);
    expect((await mark({ add_tag: ['etnope'] })).errcode).toBe(40068);
    await sim.consoleDeleteTags([console.tagIds[0]!]);
    expect((await mark({ add_tag: [console.tagIds[0]] })).errcode).toBe(40068);
    expect((await mark({ add_tag: [STRATEGY_TAG.vip] })).errcode).toBe(301002);
    await sim.guideDeletesCustomer('zhangsan', LIU);
    expect((await mark({ add_tag: [TAG.onboarding] })).errcode).toBe(84061);
  });

  it('answers 40126 past 3000 corp tags', async () => {
    sim.state.tagGroups[0]!.tags.push(
      ...Array.from({ length: 2993 }, (_, i) => ({
        id: `etfill${i}`,
        name: `t${i}`,
        createTime: 1,
        order: 0,
        deleted: false,
      })),
    );
    const add = await call('externalcontact/add_corp_tag', {
      body: { group_name: '多', tag: [{ name: 'x' }] },
    });
    expect(add.errcode).toBe(40126);
  });

  it('lists corp (1), rule-group (3) and personal (2, no tag_id) tags; client edits call back, API edits do not', async () => {
    sim.setPersonalTags('zhangsan', WANG, ['爱喝奶茶']);
    const edited = await sim.guideEditsTags('zhangsan', WANG, {
      addTags: [STRATEGY_TAG.vip],
      removeTags: [TAG.snacks],
      addPersonalTags: ['周末来店'],
    });
    expect(edited).toMatchObject({ ok: true });
    expect(receiver.messages().map((m) => xmlField(m, 'ChangeType'))).toEqual(['edit_external_contact']);
    const got = await call('externalcontact/get', { query: { external_userid: WANG } });
    const zhang = (got.follow_user as Json[]).find((f) => f.userid === 'zhangsan');
    expect(zhang?.tags).toEqual([
      { group_name: '运营标签', tag_name: '入会期', tag_id: TAG.onboarding, type: 1 },
      { group_name: '门店专属', tag_name: '门店VIP', tag_id: STRATEGY_TAG.vip, type: 3 },
      { group_name: '', tag_name: '爱喝奶茶', type: 2 },
      { group_name: '', tag_name: '周末来店', type: 2 },
    ]);
    const batch = await call('externalcontact/batch/get_by_user', { body: { userid_list: ['zhangsan'] } });
    const row = (batch.external_contact_list as Array<{ external_contact: Json; follow_info: Json }>).find(
      (r) => r.external_contact.external_userid === WANG,
    );
    expect(row?.follow_info.tag_id).toEqual([TAG.onboarding, STRATEGY_TAG.vip]);
    await call('externalcontact/mark_tag', {
      body: { userid: 'zhangsan', external_userid: WANG, add_tag: [TAG.gifting] },
    });
    expect(receiver.messages()).toHaveLength(1);
  });

  it('exposes console and client tag actions through the admin API', async () => {
    const post = async (path: string, body: unknown, method = 'POST') => {
      const res = await fetch(`${sim.url}/__sim${path}`, { method, body: JSON.stringify(body) });
      return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Json) };
    };
    const created = await post('/console/tag-groups', {
      groupName: '后台',
      tags: ['A', { name: 'B', order: 5 }],
    });
    expect(created.body).toMatchObject({
      tagIds: [expect.any(String), expect.any(String)],
      deliveries: [{ ok: true }, {}, {}],
    });
    const tagId = (created.body?.tagIds as string[])[0]!;
    expect((await post(`/console/tags/${tagId}/rename`, { name: 'A2' })).body?.deliveries).toHaveLength(1);
    expect((await post('/console/tags/shuffle', { order: ['x'] })).status).toBe(400);
    expect((await post('/console/tags/delete', { ids: [tagId] })).status).toBe(200);
    expect(
      (await post(`/customers/${WANG}/personal-tags`, { userid: 'lisi', tags: ['熟客'] }, 'PUT')).status,
    ).toBe(204);
    const tags = await post(`/customers/${WANG}/tags`, { userid: 'lisi', addTags: [TAG.recall] });
    expect(tags.body).toMatchObject({ delivery: { ok: true } });
    const lisi = sim.state.relations.find((r) => r.userid === 'lisi' && r.externalUserid === WANG);
    expect(lisi).toMatchObject({ tagIds: [TAG.recall], personalTags: [{ groupName: '', tagName: '熟客' }] });
  });
});
