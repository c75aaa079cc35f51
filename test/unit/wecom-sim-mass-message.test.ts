import { DEMO_CORP } from '../wecom-sim/demo/demo-corp';
import { startWecomSimulator } from '../wecom-sim/server';
import type { SimulatorOptions, WecomSimulator } from '../wecom-sim/server';
import { createApiCaller } from '../wecom-sim/testing';
import type { Json } from '../wecom-sim/testing';

const [WANG, LIU] = DEMO_CORP.customers.map((c) => c.externalUserid);
const ZHENG = DEMO_CORP.customers[7]!.externalUserid; // follows sunqi and (newest) zhangsan

describe('WeCom simulator: mass-message results', () => {
  let sim: WecomSimulator;
  let call: ReturnType<typeof createApiCaller>;
  let nowMs: number;
  const nowS = () => Math.floor(nowMs / 1000);

  async function start(options: SimulatorOptions = {}) {
    sim = await startWecomSimulator({ now: () => nowMs, ...options });
    call = createApiCaller(sim);
  }
  beforeEach(async () => {
    nowMs = Date.UTC(2026, 10, 2, 3, 4, 5);
    await start();
  });
  afterEach(() => sim.stop());

  const template = async (body: Json = {}) => {
    const res = await call('externalcontact/add_msg_template', {
      body: { sender: 'zhangsan', text: { content: '双十一活动' }, ...body },
    });
    expect(res.errcode).toBe(0);
    return String(res.msgid);
  };
  const tasks = (msgid: string) => call('externalcontact/get_groupmsg_task', { body: { msgid } });
  const results = (msgid: string, userid = 'zhangsan') =>
    call('externalcontact/get_groupmsg_send_result', { body: { msgid, userid } });

  it('lists an API-created task without creator, with unsent tasks and results until the guide acts', async () => {
    const msgid = await template();
    const list = await call('externalcontact/get_groupmsg_list_v2', {
      body: { chat_type: 'single', start_time: nowS() - 60, end_time: nowS() + 60 },
    });
    expect(list).toMatchObject({
      errcode: 0,
      next_cursor: '',
      group_msg_list: [{ msgid, create_time: nowS(), create_type: 0, text: { content: '双十一活动' } }],
    });
    expect((list.group_msg_list as Json[])[0]?.creator).toBeUndefined();
    const personal = await call('externalcontact/get_groupmsg_list_v2', {
      body: { start_time: nowS() - 60, end_time: nowS() + 60, filter_type: 1 },
    });
    expect(personal.group_msg_list).toEqual([]);
    expect(await tasks(msgid)).toMatchObject({
      task_list: [{ userid: 'zhangsan', status: 0 }],
      next_cursor: '',
    });
    expect(((await tasks(msgid)).task_list as Json[])[0]?.send_time).toBeUndefined();
    const rows = (await results(msgid)).send_list as Json[];
    expect(rows.map((r) => [r.external_userid, r.status])).toEqual([
      [WANG, 0],
      [LIU, 0],
      [ZHENG, 0],
    ]);
    sim.guideConfirmsMassMessage(msgid);
    expect(((await tasks(msgid)).task_list as Json[])[0]).toEqual({ userid: 'zhangsan', status: 1 });
  });

  it('sends: 1 delivered, 2 when the relation is gone, 3 when the monthly quota is used up', async () => {
    await sim.stop();
    await start({ limits: { massMessagesPerReceiverPerMonth: 1 } });
    const earlier = await template({ external_userid: [ZHENG] });
    sim.guideSendsMassMessage(earlier);
    const msgid = await template();
    await sim.customerDeletesGuide('zhangsan', LIU!);
    nowMs += 3_600_000;
    const sent = sim.guideSendsMassMessage(msgid);
    expect(sent.tasks).toEqual([{ userid: 'zhangsan', status: 2, sendTime: nowS() }]);
    const rows = (await results(msgid)).send_list as Json[];
    expect(rows).toEqual([
      { external_userid: WANG, userid: 'zhangsan', status: 1, send_time: nowS() },
      { external_userid: LIU, userid: 'zhangsan', status: 2 },
      { external_userid: ZHENG, userid: 'zhangsan', status: 3 },
    ]);
    expect((await tasks(msgid)).task_list).toEqual([{ userid: 'zhangsan', status: 2, send_time: nowS() }]);
    // A new month resets the quota.
    nowMs = Date.UTC(2026, 11, 1, 0, 0, 0);
    const december = await template({ external_userid: [ZHENG] });
    sim.guideSendsMassMessage(december);
    expect(((await results(december)).send_list as Json[])[0]?.status).toBe(1);
  });

  it('uses days-in-month as the default quota and leaves deselected customers unsent', async () => {
    for (let i = 0; i < 30; i += 1)
      sim.state.massReceipts.push({ receiver: WANG!, msgid: `old${i}`, at: nowMs });
    const msgid = await template();
    sim.guideSendsMassMessage(msgid, { userid: 'zhangsan', skip: [ZHENG] });
    const rows = (await results(msgid)).send_list as Json[];
    expect(rows.map((r) => r.status)).toEqual([3, 1, 0]);
  });

  it('sends group tasks to the sender’s groups and lists only sent rows with chat_id', async () => {
    const { chatId } = await sim.createGroupChat({ owner: 'zhangsan', members: [WANG!] });
    await sim.createGroupChat({ owner: 'lisi' });
    const res = await call('externalcontact/add_msg_template', {
      body: { chat_type: 'group', sender: 'zhangsan', text: { content: '群发' } },
    });
    const msgid = String(res.msgid);
    expect((await results(msgid)).send_list).toEqual([]);
    sim.guideSendsMassMessage(msgid);
    expect((await results(msgid)).send_list).toEqual([
      { chat_id: chatId, userid: 'zhangsan', status: 1, send_time: nowS() },
    ]);
    const groups = await call('externalcontact/get_groupmsg_list_v2', {
      body: { chat_type: 'group', start_time: nowS() - 1, end_time: nowS() },
    });
    expect((groups.group_msg_list as Json[]).map((m) => m.msgid)).toEqual([msgid]);
  });

  it('answers 41046 / 41047 / 41009 / 40058 and 41063 while a task is being dispatched', async () => {
    const msgid = await template();
    expect((await call('externalcontact/get_groupmsg_task', { body: {} })).errcode).toBe(41046);
    expect((await tasks('msgnope')).errcode).toBe(41047);
    expect((await call('externalcontact/get_groupmsg_send_result', { body: { msgid } })).errcode).toBe(41009);
    const range = (start: number, end: number) =>
      call('externalcontact/get_groupmsg_list_v2', { body: { start_time: start, end_time: end } });
    expect((await range(nowS() - 32 * 86_400, nowS())).errcode).toBe(40058);
    expect((await call('externalcontact/get_groupmsg_list_v2', { body: {} })).errcode).toBe(40058);
    await sim.stop();
    await start({ limits: { massMessageDispatchMs: 5000 } });
    const fresh = await template();
    expect((await tasks(fresh)).errcode).toBe(41063);
    expect((await range(nowS() - 10, nowS())).errcode).toBe(41063);
    nowMs += 5000;
    expect((await tasks(fresh)).errcode).toBe(0);
    sim.failNext('externalcontact/get_groupmsg_send_result', 41063);
    expect((await results(fresh)).errcode).toBe(41063);
    expect((await results(fresh)).errcode).toBe(0);
  });

  it('confirms and sends through the admin API', async () => {
    const msgid = await template();
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${sim.url}/__sim${path}`, { method: 'POST', body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Json };
    };
    expect((await post(`/mass-messages/${msgid}/confirm`, {})).body).toEqual({
      tasks: [{ userid: 'zhangsan', status: 1, sendTime: null }],
    });
    const sent = await post(`/mass-messages/${msgid}/send`, { userid: 'zhangsan', skip: [LIU] });
    expect((sent.body.results as Json[]).map((r) => r.status)).toEqual([1, 0, 1]);
    expect((await post(`/mass-messages/${msgid}/send`, { userid: 'wangwu' })).status).toBe(400);
    expect((await post('/mass-messages/msgnope/send', {})).body).toMatchObject({
      error: { code: 'sim_error' },
    });
  });
});
