import type { WecomSimulator } from '../wecom-sim/server';
import { type createApiCaller, startSimWithReceiver, xmlField } from '../wecom-sim/testing';
import type { CallbackReceiver, Json } from '../wecom-sim/testing';

describe('WeCom simulator: 「联系我」 contact ways', () => {
  let sim: WecomSimulator;
  let call: ReturnType<typeof createApiCaller>;
  let nowMs: number;
  let receiver: CallbackReceiver;
  let stop: () => Promise<void>;

  beforeEach(async () => {
    nowMs = Date.UTC(2026, 10, 2, 3, 4, 5);
    ({ sim, call, receiver, stop } = await startSimWithReceiver(() => nowMs));
  });
  afterEach(() => stop());

  const addWay = (body: Json) => call('externalcontact/add_contact_way', { body });

  it('creates a single-member QR way with a qr_code and reads it back with the documented fields', async () => {
    const added = await addWay({
      type: 1,
      scene: 2,
      remark: '五一店门口',
      state: 'store_qr_09',
      user: ['zhangsan'],
    });
    expect(added).toMatchObject({ errcode: 0, config_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(added.qr_code).toMatch(/^https:\/\/wework\.qpic\.cn\/wwpic\/.+\/0$/);
    const got = await call('externalcontact/get_contact_way', { body: { config_id: added.config_id } });
    expect(got.contact_way).toEqual({
      config_id: added.config_id,
      type: 1,
      scene: 2,
      remark: '五一店门口',
      skip_verify: true,
      state: 'store_qr_09',
      qr_code: added.qr_code,
      user: ['zhangsan'],
      party: [],
      is_temp: false,
    });
  });

  it('gives a mini-program way a style but no qr_code, and temporary ways their defaults', async () => {
    const button = await addWay({ type: 2, scene: 1, style: 2, user: ['zhangsan', 'lisi'] });
    expect(button.qr_code).toBeUndefined();
    const got = await call('externalcontact/get_contact_way', { body: { config_id: button.config_id } });
    expect(got.contact_way).toMatchObject({ scene: 1, style: 2, type: 2 });
    const temp = await addWay({ type: 1, scene: 2, is_temp: true, user: ['wangwu'], unionid: 'oABC' });
    const tempWay = (await call('externalcontact/get_contact_way', { body: { config_id: temp.config_id } }))
      .contact_way as Json;
    expect(tempWay).toMatchObject({
      is_temp: true,
      expires_in: 7 * 86_400,
      chat_expires_in: 86_400,
      unionid: 'oABC',
    });
  });

  it('answers the documented errcodes for missing or invalid type, scene, style and config_id', async () => {
    const codes = async (body: Json) => (await addWay(body)).errcode;
    expect(await codes({ scene: 2, user: ['zhangsan'] })).toBe(41037);
    expect(await codes({ type: 1, user: ['zhangsan'] })).toBe(41038);
    expect(await codes({ type: 3, scene: 2, user: ['zhangsan'] })).toBe(41039);
    expect(await codes({ type: 1, scene: 5, user: ['zhangsan'] })).toBe(41040);
    expect(await codes({ type: 2, scene: 1, style: 3, user: ['zhangsan'] })).toBe(41042);
    for (const path of ['get_contact_way', 'update_contact_way', 'del_contact_way']) {
      expect((await call(`externalcontact/${path}`, { body: {} })).errcode).toBe(41043);
      expect((await call(`externalcontact/${path}`, { body: { config_id: 'nope' } })).errcode).toBe(41044);
    }
  });

  it('rejects a single-member way without exactly one user, over-long state, and unusable members', async () => {
    const codes = async (body: Json) => (await addWay({ type: 1, scene: 2, ...body })).errcode;
    expect(await codes({ user: [] })).toBe(40058);
    expect(await codes({ user: ['zhangsan', 'lisi'] })).toBe(40058);
    expect(await codes({ user: ['zhangsan'], state: 'x'.repeat(31) })).toBe(40058);
    expect(await codes({ user: ['zhangsan'], state: '渠道'.repeat(15) })).toBe(0);
    expect(await codes({ user: ['ghost'] })).toBe(60111);
    sim.state.members.get('lisi')!.hasCustomerContact = false;
    expect(await codes({ user: ['lisi'] })).toBe(84074);
    expect(await codes({ user: ['zhangsan'], is_temp: true, expires_in: 15 * 86_400 })).toBe(40058);
    expect((await addWay({ type: 2, scene: 2, is_temp: true, user: ['zhangsan'] })).errcode).toBe(40058);
  });

  it('caps a multi-member way at 100 members after expanding departments (41041)', async () => {
    for (let i = 0; i < 100; i += 1) {
      const userid = `guide${i}`;
      sim.state.members.set(userid, {
        userid,
        name: userid,
        department: [4],
        mainDepartment: 4,
        position: '导购',
        hasCustomerContact: true,
      });
    }
    expect((await addWay({ type: 2, scene: 2, party: [4] })).errcode).toBe(41041);
    expect((await addWay({ type: 2, scene: 2, party: [99] })).errcode).toBe(60123);
    expect((await addWay({ type: 2, scene: 2 })).errcode).toBe(40058);
  });

  it('updates by overwriting user lists, deletes, and lists only live non-temporary ways page by page', async () => {
    const a = await addWay({ type: 2, scene: 2, user: ['zhangsan'] });
    nowMs += 1000;
    const b = await addWay({ type: 1, scene: 2, user: ['wangwu'] });
    await addWay({ type: 1, scene: 2, is_temp: true, user: ['wangwu'] });
    const updated = await call('externalcontact/update_contact_way', {
      body: { config_id: a.config_id, user: ['lisi'], party: [3], remark: '新备注', expires_in: 60 },
    });
    expect(updated.errcode).toBe(0);
    const way = (await call('externalcontact/get_contact_way', { body: { config_id: a.config_id } }))
      .contact_way as Json;
    expect(way).toMatchObject({ user: ['lisi'], party: [3], remark: '新备注', is_temp: false });
    expect(way.expires_in).toBeUndefined();
    const bad = await call('externalcontact/update_contact_way', {
      body: { config_id: b.config_id, user: [] },
    });
    expect(bad.errcode).toBe(40058);
    const page1 = await call('externalcontact/list_contact_way', { body: { limit: 1 } });
    expect(page1.contact_way).toEqual([{ config_id: a.config_id }]);
    const page2 = await call('externalcontact/list_contact_way', {
      body: { limit: 1, cursor: page1.next_cursor },
    });
    expect(page2).toMatchObject({ contact_way: [{ config_id: b.config_id }], next_cursor: '' });
    expect(
      (await call('externalcontact/del_contact_way', { body: { config_id: b.config_id } })).errcode,
    ).toBe(0);
    expect(
      (await call('externalcontact/get_contact_way', { body: { config_id: b.config_id } })).errcode,
    ).toBe(41044);
    expect((await call('externalcontact/list_contact_way', { body: {} })).contact_way).toEqual([
      { config_id: a.config_id },
    ]);
    expect((await call('externalcontact/list_contact_way', { body: { limit: 1001 } })).errcode).toBe(40058);
  });

  it("adds a customer through a way: add_external_contact carries the way's State and a usable WelcomeCode", async () => {
    sim.setCallbackUrl(receiver.url);
    const way = await addWay({ type: 1, scene: 2, state: 'poster_2026', user: ['zhaoliu'] });
    const added = await sim.addViaContactWay(String(way.config_id), { name: '新顾客' });
    expect(added).toMatchObject({ userid: 'zhaoliu', delivery: { ok: true } });
    const [event] = receiver.messages();
    expect(xmlField(event!, 'ChangeType')).toBe('add_external_contact');
    expect(xmlField(event!, 'UserID')).toBe('zhaoliu');
    expect(xmlField(event!, 'State')).toBe('poster_2026');
    expect(xmlField(event!, 'WelcomeCode')).toBe(added.welcomeCode);
    const customer = await call('externalcontact/get', { query: { external_userid: added.externalUserid } });
    expect(customer.follow_user).toEqual([
      expect.objectContaining({ userid: 'zhaoliu', state: 'poster_2026', add_way: 1 }),
    ]);
    const welcome = await call('externalcontact/send_welcome_msg', {
      body: { welcome_code: added.welcomeCode, text: { content: '欢迎' } },
    });
    expect(welcome.errcode).toBe(0);
  });

  it('hands multi-member ways out in turn (departments included) and honours an explicit member', async () => {
    const way = await addWay({ type: 2, scene: 2, state: 'mxh', user: ['wangwu'], party: [2] });
    const configId = String(way.config_id);
    const picked = [];
    for (let i = 0; i < 4; i += 1) picked.push((await sim.addViaContactWay(configId)).userid);
    expect(picked).toEqual(['wangwu', 'zhangsan', 'lisi', 'wangwu']);
    expect((await sim.addViaContactWay(configId, { userid: 'lisi' })).userid).toBe('lisi');
    await expect(sim.addViaContactWay(configId, { userid: 'sunqi' })).rejects.toThrow(/does not answer/);
    await expect(sim.addViaContactWay('missing')).rejects.toThrow(/no contact way/);
  });

  it('lets a temporary QR code be used once, and adds through the admin API with configId', async () => {
    const temp = await addWay({ type: 1, scene: 2, is_temp: true, state: 'tmp', user: ['sunqi'] });
    const res = await fetch(`${sim.url}/__sim/customers`, {
      method: 'POST',
      body: JSON.stringify({ configId: temp.config_id, name: '临时顾客', state: 'ignored' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { userid: string; externalUserid: string };
    expect(body.userid).toBe('sunqi');
    expect(sim.state.relations.find((r) => r.externalUserid === body.externalUserid)?.state).toBe('tmp');
    const again = await fetch(`${sim.url}/__sim/customers`, {
      method: 'POST',
      body: JSON.stringify({ configId: temp.config_id }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      error: { code: 'sim_error', message: expect.stringMatching(/no longer valid/) },
    });
    const updateExpired = await call('externalcontact/update_contact_way', {
      body: { config_id: temp.config_id, remark: 'x' },
    });
    expect(updateExpired.errcode).toBe(41044);
    const snapshot = (await (await fetch(`${sim.url}/__sim/state`)).json()) as Json;
    expect(snapshot.contactWays).toEqual([
      expect.objectContaining({ configId: temp.config_id, isTemp: true, usedAt: nowMs }),
    ]);
    expect(snapshot).toMatchObject({ groupChats: [], massReceipts: [], strategies: [{ strategyId: 1 }] });
  });
});
