import vm from 'node:vm';
import { getJsApiSignature } from '@wecom/crypto';
import { type WecomSimulator, startWecomSimulator } from '../wecom-sim/server';
import { createApiCaller } from '../wecom-sim/testing';

type Json = Record<string, unknown>;
type Signer = (url: string) => Promise<{ timestamp: number; nonceStr: string; signature: string }>;

interface StandIn {
  register(options: Json): void;
  ensureConfigReady(): Promise<Json>;
  getContext(params?: Json): Promise<Json>;
  getCurExternalContact(params?: Json): Promise<Json>;
  getCurExternalChat(params?: Json): Promise<Json>;
  sendChatMessage(params: Json): Promise<Json>;
  openEnterpriseChat(params: Json): Promise<Json>;
  shareToExternalMoments(params: Json): Promise<Json>;
}

let sim: WecomSimulator;
let tickets: { jsapi: string; agent: string };
const PAGE = 'http://127.0.0.1:3000/sidebar/?from=chat';

beforeAll(async () => {
  sim = await startWecomSimulator();
  const call = createApiCaller(sim);
  tickets = {
    jsapi: String((await call('get_jsapi_ticket')).ticket),
    agent: String((await call('ticket/get', { query: { type: 'agent_config' } })).ticket),
  };
});
afterAll(() => sim.stop());

const signer =
  (ticket: () => string, tweak: (url: string) => string = (u) => u): Signer =>
  (url) =>
    Promise.resolve(
      getJsApiSignature({
        url: tweak(url),
        ticket: ticket(),
        nonceStr: 'n0nce',
        timestamp: Math.floor(Date.now() / 1000),
      }) as {
        timestamp: number;
        nonceStr: string;
        signature: string;
      },
    );

/** The stand-in script as the page loads it, run in a sandbox with the page's location, storage and fetch. */
async function loadStandIn(href: string, storage = new Map<string, string>()): Promise<StandIn> {
  const script = await (await fetch(`${sim.url}/client/jssdk.js`)).text();
  const window: { __WECOM_STANDIN__?: StandIn } = {};
  const url = new URL(href);
  vm.runInNewContext(script, {
    window,
    location: { href, search: url.search },
    sessionStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, value),
    },
    URLSearchParams,
    fetch,
  });
  if (!window.__WECOM_STANDIN__) throw new Error('the script defined no window.__WECOM_STANDIN__');
  return window.__WECOM_STANDIN__;
}

function openAs(
  userid: string,
  entry: 'single_chat_tools' | 'normal',
  externalUserid?: string,
  platform?: 'mobile' | 'desktop',
) {
  return sim.openClient({
    userid,
    entry,
    ...(externalUserid ? { externalUserid } : {}),
    ...(platform ? { platform } : {}),
  });
}

async function registered(session: { id: string }): Promise<StandIn> {
  const ww = await loadStandIn(`${PAGE}&wwsim=${session.id}`);
  ww.register({
    corpId: sim.state.corp.corpId,
    agentId: sim.state.corp.agentId,
    getConfigSignature: signer(() => tickets.jsapi),
    getAgentConfigSignature: signer(() => tickets.agent),
  });
  await ww.ensureConfigReady();
  return ww;
}

const customerOf = (userid: string) =>
  sim.state.relations.find((r) => r.userid === userid && r.status === 'active')?.externalUserid ?? '';

describe('the WeCom client stand-in', () => {
  it('registers with both signatures, then answers from the chat that is open and records what the page did', async () => {
    const customer = customerOf('zhangsan');
    const session = openAs('zhangsan', 'single_chat_tools', customer);
    const ww = await loadStandIn(`${PAGE}&wwsim=${session.id}#/customer`);
    ww.register({
      corpId: sim.state.corp.corpId,
      agentId: sim.state.corp.agentId,
      getConfigSignature: signer(() => tickets.jsapi),
      getAgentConfigSignature: signer(() => tickets.agent),
    });
    await expect(ww.ensureConfigReady()).resolves.toBeDefined();
    expect(await ww.getContext()).toMatchObject({ errMsg: 'getContext:ok', entry: 'single_chat_tools' });
    expect(await ww.getCurExternalContact()).toMatchObject({ userId: customer });
    await expect(ww.getCurExternalChat()).rejects.toMatchObject({
      errMsg: 'getCurExternalChat:fail without context of external contact',
    });
    const completed: Json[] = [];
    await ww.sendChatMessage({
      msgtype: 'text',
      text: { content: '你好' },
      complete: (r: Json) => completed.push(r),
    });
    expect(completed).toEqual([expect.objectContaining({ errMsg: 'sendChatMessage:ok' })]);
    await ww.openEnterpriseChat({ userIds: 'zhangsan', externalUserIds: customer });
    await ww.shareToExternalMoments({ text: { content: '新品上架' } });

    expect(sim.clientCalls(session.id).map((c) => [c.api, c.ok])).toEqual([
      ['register', true],
      ['getContext', true],
      ['getCurExternalContact', true],
      ['getCurExternalChat', false],
      ['sendChatMessage', true],
      ['openEnterpriseChat', true],
      ['shareToExternalMoments', true],
    ]);
    expect(sim.clientCalls(session.id, 'sendChatMessage')[0]?.params).toEqual({
      msgtype: 'text',
      text: { content: '你好' },
    });
    // The URL the client checked is the page's, without its hash.
    expect(sim.clientCalls(session.id, 'register')[0]?.params).toMatchObject({
      url: `${PAGE}&wwsim=${session.id}`,
    });
  });

  it('keeps the session id from ?wwsim= across a reload without it (sessionStorage)', async () => {
    const session = openAs('wangwu', 'normal');
    const storage = new Map<string, string>();
    await loadStandIn(`${PAGE}&wwsim=${session.id}`, storage);
    const ww = await loadStandIn(PAGE, storage);
    ww.register({
      corpId: sim.state.corp.corpId,
      agentId: sim.state.corp.agentId,
      getConfigSignature: signer(() => tickets.jsapi),
      getAgentConfigSignature: signer(() => tickets.agent),
    });
    expect(await ww.getContext()).toMatchObject({ entry: 'normal' });
    // From the workbench there is no customer.
    await expect(ww.getCurExternalContact()).rejects.toMatchObject({
      errMsg: 'getCurExternalContact:fail without context of external contact',
    });
    await expect(ww.sendChatMessage({ msgtype: 'text', text: { content: 'x' } })).rejects.toMatchObject({
      errMsg: 'sendChatMessage:fail without context of external contact',
    });
  });

  it.each([
    [
      'the tickets swapped',
      signer(() => tickets.agent),
      signer(() => tickets.jsapi),
      'agentConfig:invalid signature (signed with the corp ticket)',
    ],
    [
      'a URL with its hash signed',
      signer(
        () => tickets.jsapi,
        (u) => `${u}#/x`,
      ),
      signer(
        () => tickets.agent,
        (u) => `${u}#/x`,
      ),
      'agentConfig:invalid signature',
    ],
  ])('fails registration with 40093 for %s, and the APIs with it', async (_, config, agent, errMsg) => {
    const session = openAs('zhangsan', 'single_chat_tools', customerOf('zhangsan'));
    const ww = await loadStandIn(`${PAGE}&wwsim=${session.id}`);
    const failures: Json[] = [];
    ww.register({
      corpId: sim.state.corp.corpId,
      agentId: sim.state.corp.agentId,
      getConfigSignature: config,
      getAgentConfigSignature: agent,
      onAgentConfigFail: (r: Json) => failures.push(r),
    });
    await expect(ww.ensureConfigReady()).rejects.toMatchObject({ errCode: 40093 });
    expect(failures).toEqual([expect.objectContaining({ errMsg, errCode: 40093 })]);
    await expect(ww.getCurExternalContact()).rejects.toMatchObject({ errCode: 40093 });
    // A client whose page never registered gives nothing either.
    const bare = await loadStandIn(`${PAGE}&wwsim=${session.id}`);
    await expect(bare.getCurExternalContact()).rejects.toMatchObject({
      errMsg: 'getCurExternalContact:fail no permission',
    });
  });

  it('answers the verify endpoint as the client would: 40093 for a wrong signature, 80001 off the trusted domain', async () => {
    const { corpId, agentId } = sim.state.corp;
    const good = await signer(() => tickets.agent)(PAGE);
    const verify = async (body: Json) =>
      (await (
        await fetch(`${sim.url}/__sim/client/verify-signature`, {
          method: 'POST',
          body: JSON.stringify({ kind: 'agentConfig', url: PAGE, corpId, agentId, ...good, ...body }),
        })
      ).json()) as Json;
    expect(await verify({})).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(
      (await verify({ signature: good.signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) })).errcode,
    ).toBe(40093);
    expect((await verify({ timestamp: good.timestamp * 1000 })).errcode).toBe(40093);
    expect((await verify({ kind: 'config' })).errcode).toBe(40093);
    const foreign = 'http://evil.example/sidebar/';
    const foreignSigned = await signer(() => tickets.agent)(foreign);
    expect(await verify({ url: foreign, ...foreignSigned })).toEqual({
      errcode: 80001,
      errmsg: 'not match any reliable domain',
    });
    expect((await verify({ corpId: 'wwother' })).errcode).toBe(40013);
  });

  it('shares to Moments on a phone as the client checks it, and has no such function on the desktop', async () => {
    const ww = await registered(openAs('zhangsan', 'normal', undefined, 'mobile'));
    const image = (i: number) => ({
      msgtype: 'image',
      image: { imgUrl: `https://img.example.com/${i}.jpg` },
    });
    await expect(
      ww.shareToExternalMoments({ text: { content: '新品' }, attachments: [image(1), image(2)] }),
    ).resolves.toMatchObject({ errMsg: 'shareToExternalMoments:ok' });
    const refused: [Json, string][] = [
      [{ text: { content: '好'.repeat(2001) } }, 'text content exceed max length'],
      [{}, 'empty content'],
      [{ attachments: Array.from({ length: 10 }, (_, i) => image(i)) }, 'too many images'],
      [
        { attachments: [image(1), { msgtype: 'link', link: { title: 't', url: 'https://a.example.com' } }] },
        'invalid attachments msgtype',
      ],
      [
        { attachments: [{ msgtype: 'video', video: { imgUrl: 'https://v.example.com/a.mp4' } }] },
        'invalid video',
      ],
      [{ attachments: [{ msgtype: 'link', link: { title: 't' } }] }, 'invalid link'],
    ];
    for (const [params, reason] of refused) {
      await expect(ww.shareToExternalMoments(params)).rejects.toMatchObject({
        errMsg: `shareToExternalMoments:fail ${reason}`,
      });
    }
    const desktop = await registered(openAs('zhangsan', 'normal', undefined, 'desktop'));
    await expect(desktop.shareToExternalMoments({ text: { content: '新品' } })).rejects.toMatchObject({
      errMsg: 'shareToExternalMoments:fail function not exist',
    });
  });

  it('refuses to open a chat the member does not have', () => {
    expect(() => openAs('zhangsan', 'single_chat_tools', customerOf('sunqi'))).toThrow(/no customer/);
  });
});
