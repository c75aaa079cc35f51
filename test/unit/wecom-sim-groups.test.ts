import { DEMO_CORP } from '../wecom-sim/demo/demo-corp';
import type { WecomSimulator } from '../wecom-sim/server';
import { type createApiCaller, startSimWithReceiver, xmlField } from '../wecom-sim/testing';
import type { CallbackReceiver, Json } from '../wecom-sim/testing';

const WANG = DEMO_CORP.customers[0]!;

describe('WeCom simulator: 客户群 customer groups', () => {
  let sim: WecomSimulator;
  let call: ReturnType<typeof createApiCaller>;
  let receiver: CallbackReceiver;
  let stop: () => Promise<void>;
  let nowMs: number;

  beforeEach(async () => {
    nowMs = Date.UTC(2026, 10, 2, 3, 4, 5);
    ({ sim, call, receiver, stop } = await startSimWithReceiver(() => nowMs));
  });
  afterEach(() => stop());

  const getChat = async (chatId: string, needName = 0) =>
    call('externalcontact/groupchat/get', { body: { chat_id: chatId, need_name: needName } });

  it('creates a group with a create callback and serves it from groupchat/list and groupchat/get', async () => {
    const { chatId, delivery } = await sim.createGroupChat({
      owner: 'zhangsan',
      name: '五一店福利群',
      notice: '文明沟通',
      members: ['lisi', WANG.externalUserid],
      admins: ['lisi'],
    });
    expect(delivery).toMatchObject({ ok: true });
    expect(chatId).toMatch(/^wr[A-Za-z0-9_-]{28}$/);
    const [event] = receiver.messages();
    expect([xmlField(event!, 'Event'), xmlField(event!, 'ChatId'), xmlField(event!, 'ChangeType')]).toEqual([
      'change_external_chat',
      chatId,
      'create',
    ]);
    await sim.createGroupChat({ owner: 'wangwu' });
    const mine = await call('externalcontact/groupchat/list', {
      body: { limit: 10, owner_filter: { userid_list: ['zhangsan'] } },
    });
    expect(mine).toMatchObject({ group_chat_list: [{ chat_id: chatId, status: 0 }], next_cursor: '' });
    const page = await call('externalcontact/groupchat/list', { body: { limit: 1 } });
    expect(page.next_cursor).not.toBe('');
    const got = (await getChat(chatId)).group_chat as Json;
    expect(got).toMatchObject({
      chat_id: chatId,
      name: '五一店福利群',
      owner: 'zhangsan',
      create_time: Math.floor(nowMs / 1000),
      notice: '文明沟通',
      admin_list: [{ userid: 'lisi' }],
      member_version: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(got.member_list).toEqual([
      { userid: 'zhangsan', type: 1, join_time: Math.floor(nowMs / 1000), join_scene: 1, group_nickname: '' },
      expect.objectContaining({ userid: 'lisi', type: 1, invitor: { userid: 'zhangsan' } }),
      expect.objectContaining({ userid: WANG.externalUserid, type: 2, unionid: WANG.unionid, join_scene: 1 }),
    ]);
    const named = (await getChat(chatId, 1)).group_chat as { member_list: Json[] };
    expect(named.member_list.map((m) => m.name)).toEqual(['张三', '李四', '王小美']);
  });

  it('reports joins with JoinScene / MemChangeList / member versions, and numbers join_scene as groupchat/get does', async () => {
    const { chatId } = await sim.createGroupChat({ owner: 'zhangsan' });
    const before = ((await getChat(chatId)).group_chat as Json).member_version;
    nowMs += 60_000;
    const scanned = await sim.customerJoinsGroup(chatId, { name: '扫码顾客', how: 'qrcode' });
    const linked = await sim.customerJoinsGroup(chatId, {
      id: WANG.externalUserid,
      how: 'link',
      invitor: 'zhangsan',
    });
    const [, qr, link] = receiver.messages();
    expect(xmlField(qr!, 'UpdateDetail')).toBe('add_member');
    expect(xmlField(qr!, 'JoinScene')).toBe('3');
    expect(xmlField(qr!, 'MemChangeCnt')).toBe('1');
    expect(qr).toContain(`<MemChangeList><Item><![CDATA[${scanned.memberId}]]></Item></MemChangeList>`);
    expect(xmlField(qr!, 'LastMemVer')).toBe(before);
    expect(xmlField(link!, 'JoinScene')).toBe('0');
    expect(xmlField(link!, 'LastMemVer')).toBe(xmlField(qr!, 'CurMemVer'));
    const members = ((await getChat(chatId)).group_chat as { member_list: Json[] }).member_list;
    expect(members.find((m) => m.userid === scanned.memberId)).toMatchObject({ type: 2, join_scene: 3 });
    expect(members.find((m) => m.userid === scanned.memberId)?.invitor).toBeUndefined();
    expect(members.find((m) => m.userid === linked.memberId)).toMatchObject({
      join_scene: 2,
      invitor: { userid: 'zhangsan' },
    });
    await expect(sim.customerJoinsGroup(chatId, { id: WANG.externalUserid })).rejects.toThrow(/already/);
  });

  it('reports leaving (QuitScene 0) and removal (QuitScene 1), then dismissal', async () => {
    const { chatId } = await sim.createGroupChat({ owner: 'zhangsan', members: [WANG.externalUserid] });
    const joined = await sim.customerJoinsGroup(chatId);
    await sim.customerLeavesGroup(chatId, WANG.externalUserid);
    await sim.customerLeavesGroup(chatId, joined.memberId, { removed: true });
    await expect(sim.customerLeavesGroup(chatId, 'zhangsan')).rejects.toThrow(/owner/);
    await sim.dismissGroupChat(chatId);
    const [, , left, removed, dismissed] = receiver.messages();
    expect([xmlField(left!, 'UpdateDetail'), xmlField(left!, 'QuitScene')]).toEqual(['del_member', '0']);
    expect([xmlField(removed!, 'QuitScene'), xmlField(removed!, 'MemChangeCnt')]).toEqual(['1', '1']);
    expect(xmlField(dismissed!, 'ChangeType')).toBe('dismiss');
    expect((await getChat(chatId)).errcode).toBe(49008);
    expect((await call('externalcontact/groupchat/list', { body: { limit: 100 } })).group_chat_list).toEqual(
      [],
    );
  });

  it('answers 40050 for an unknown chat_id and 40058 for a missing limit or chat_id', async () => {
    expect((await getChat('wrnope')).errcode).toBe(40050);
    expect((await call('externalcontact/groupchat/get', { body: {} })).errcode).toBe(40058);
    expect((await call('externalcontact/groupchat/list', { body: {} })).errcode).toBe(40058);
    expect((await call('externalcontact/groupchat/list', { body: { limit: 1001 } })).errcode).toBe(40058);
  });

  it('drives groups through the admin API', async () => {
    const post = async (path: string, body?: unknown) => {
      const res = await fetch(`${sim.url}/__sim${path}`, {
        method: 'POST',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const created = await post('/group-chats', { owner: 'lisi', name: '会员群' });
    const chatId = String(created.body.chatId);
    expect((await post(`/group-chats/${chatId}/join`, { name: '新人', how: 'qrcode' })).body).toMatchObject({
      memberId: expect.stringMatching(/^wm/),
      delivery: { ok: true },
    });
    expect((await post(`/group-chats/${chatId}/join`, { how: 'carrier-pigeon' })).status).toBe(400);
    expect((await post(`/group-chats/${chatId}/leave`, { id: 'ghost' })).body.error).toMatchObject({
      code: 'sim_error',
    });
    expect((await post(`/group-chats/${chatId}/dismiss`)).body).toMatchObject({ delivery: { ok: true } });
    const list = (await (await fetch(`${sim.url}/__sim/group-chats`)).json()) as { groupChats: Json[] };
    expect(list.groupChats).toEqual([expect.objectContaining({ chatId, status: 'dismissed' })]);
  });
});
