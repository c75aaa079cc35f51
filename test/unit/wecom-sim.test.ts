import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { DEMO_CORP } from '../wecom-sim/demo/demo-corp';
import { TAG } from '../wecom-sim/demo/demo-tags';
import { buildExternalContactEventXml, buildTagEventXml, buildTextMessageXml } from '../wecom-sim/event-xml';
import { buildEncryptedEnvelope, buildVerifyUrlQuery, deliverCallback } from '../wecom-sim/sender';
import { startWecomSimulator } from '../wecom-sim/server';
import type { SimulatorOptions, WecomSimulator } from '../wecom-sim/server';

type Json = Record<string, unknown>;

/** A callback receiver that records requests and answers 200 `success`, 500, or never. */
async function startReceiver(mode: 'ok' | 'error' | 'hang' = 'ok') {
  const requests: Array<{ url: string; body: string; contentType: string | undefined }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        url: req.url ?? '',
        body: Buffer.concat(chunks).toString(),
        contentType: req.headers['content-type'],
      });
      if (mode === 'ok') res.end('success');
      if (mode === 'error') res.writeHead(500).end('boom');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`;
  const close = () =>
    new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  return { url, requests, close };
}

function decryptDelivered(body: string): { message: string; id: string } {
  const encrypted = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(body)?.[1] ?? '';
  return decrypt(DEMO_CORP.encodingAesKey, encrypted);
}

describe('WeCom simulator API', () => {
  let sim: WecomSimulator;
  let nowMs: number;
  const start = (options: SimulatorOptions = {}) => startWecomSimulator({ now: () => nowMs, ...options });

  async function call(
    path: string,
    init: { query?: Json; body?: unknown; token?: string | null } = {},
  ): Promise<Json> {
    const query = new URLSearchParams(
      Object.entries(init.query ?? {}).map(([k, v]): [string, string] => [k, String(v)]),
    );
    if (init.token !== null) query.set('access_token', init.token ?? (await getToken()));
    const post = init.body !== undefined;
    const res = await fetch(`${sim.url}/cgi-bin/${path}?${query.toString()}`, {
      method: post ? 'POST' : 'GET',
      ...(post ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
    });
    return (await res.json()) as Json;
  }
  async function getToken(): Promise<string> {
    const res = await call('gettoken', {
      token: null,
      query: { corpid: DEMO_CORP.corpId, corpsecret: DEMO_CORP.corpSecret },
    });
    return String(res.access_token);
  }

  beforeEach(async () => {
    nowMs = Date.UTC(2026, 10, 2, 3, 4, 5);
    sim = await start();
  });
  afterEach(() => sim.stop());

  it('issues tokens and rejects a wrong corpid (40013) or secret (40001) in WeCom style', async () => {
    const ok = await call('gettoken', {
      token: null,
      query: { corpid: DEMO_CORP.corpId, corpsecret: DEMO_CORP.corpSecret },
    });
    expect(ok).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect(String(ok.access_token).length).toBeGreaterThan(40);
    const badCorp = await call('gettoken', {
      token: null,
      query: { corpid: 'wwnope', corpsecret: DEMO_CORP.corpSecret },
    });
    expect(badCorp.errcode).toBe(40013);
    expect(badCorp.errmsg).toMatch(
      /^invalid corpid, hint: \[\d+\], from ip: 127\.0\.0\.1, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=40013$/,
    );
    expect(
      (await call('gettoken', { token: null, query: { corpid: DEMO_CORP.corpId, corpsecret: 'x' } })).errcode,
    ).toBe(40001);
  });

  it('reads access_token from the query string only: missing or in the body is 41001, unknown is 40014', async () => {
    const token = await getToken();
    expect((await call('user/get', { token: null, query: { userid: 'zhangsan' } })).errcode).toBe(41001);
    const inBody = await call('externalcontact/mark_tag', {
      token: null,
      body: { access_token: token, userid: 'zhangsan' },
    });
    expect(inBody.errcode).toBe(41001);
    expect((await call('user/get', { token: 'nope', query: { userid: 'zhangsan' } })).errcode).toBe(40014);
  });

  it('expires tokens after the TTL by the sim clock, on expireTokens (42001) and invalidateTokens (40014)', async () => {
    const token = await getToken();
    expect((await call('user/get', { token, query: { userid: 'zhangsan' } })).errcode).toBe(0);
    nowMs += 7200 * 1000;
    expect((await call('user/get', { token, query: { userid: 'zhangsan' } })).errcode).toBe(42001);
    const second = await getToken();
    sim.expireTokens();
    expect((await call('user/get', { token: second, query: { userid: 'zhangsan' } })).errcode).toBe(42001);
    const third = await getToken();
    sim.invalidateTokens();
    expect((await call('user/get', { token: third, query: { userid: 'zhangsan' } })).errcode).toBe(40014);
  });

  it('answers 47001 to malformed JSON, 404 to an unknown API, and records every call', async () => {
    expect((await call('externalcontact/mark_tag', { body: '{"userid":' })).errcode).toBe(47001);
    const unknown = await call('externalcontact/no_such_api', { body: {} });
    expect(unknown.errcode).toBe(404);
    expect(sim.callsTo('externalcontact/mark_tag')).toEqual([
      expect.objectContaining({ method: 'POST', errcode: 47001, body: '{"userid":', at: nowMs }),
    ]);
    expect(sim.calls.map((c) => c.path)).toEqual([
      'gettoken',
      'externalcontact/mark_tag',
      'gettoken',
      'externalcontact/no_such_api',
    ]);
  });

  it('hides sensitive user fields and answers 60111 for an unknown member, 84074 without 客户联系', async () => {
    const user = await call('user/get', { query: { userid: 'zhangsan' } });
    expect(user).toMatchObject({
      errcode: 0,
      userid: 'zhangsan',
      name: '张三',
      main_department: 2,
      mobile: '',
      avatar: '',
    });
    expect((await call('user/get', { query: { userid: 'ghost' } })).errcode).toBe(60111);
    expect((await call('department/list', { query: { id: 2 } })).department).toEqual([
      expect.objectContaining({ id: 2, parentid: 1 }),
    ]);
    sim.state.members.get('lisi')!.hasCustomerContact = false;
    expect((await call('externalcontact/list', { query: { userid: 'lisi' } })).errcode).toBe(84074);
    expect((await call('externalcontact/get_follow_user_list')).follow_user).toEqual([
      'zhangsan',
      'wangwu',
      'zhaoliu',
      'sunqi',
    ]);
  });

  it('makes welcome codes single-use (41051) and valid for 20 s by the sim clock (41050)', async () => {
    const first = await sim.addCustomer({ userid: 'zhangsan', name: '林小姐', state: 'store_qr_01' });
    expect(first.delivery).toBeNull();
    const send = (code: unknown, text = '欢迎光临') =>
      call('externalcontact/send_welcome_msg', { body: { welcome_code: code, text: { content: text } } });
    expect(
      (await call('externalcontact/send_welcome_msg', { body: { welcome_code: first.welcomeCode } })).errcode,
    ).toBe(40058);
    expect((await send(first.welcomeCode)).errcode).toBe(0);
    expect((await send(first.welcomeCode)).errcode).toBe(41051);
    expect(sim.state.welcomeMessages).toEqual([
      expect.objectContaining({ userid: 'zhangsan', externalUserid: first.externalUserid, text: '欢迎光临' }),
    ]);
    expect((await send(undefined)).errcode).toBe(41049);
    expect((await send('made-up')).errcode).toBe(41050);
    const late = await sim.addCustomer({ userid: 'wangwu' });
    nowMs += 20_001;
    expect((await send(late.welcomeCode)).errcode).toBe(41050);
    expect((await sim.addCustomer({ userid: 'wangwu', withWelcomeCode: false })).welcomeCode).toBeNull();
  });

  it('pages batch/get_by_user with opaque cursors, covering every relation exactly once', async () => {
    const userid_list = DEMO_CORP.members.map((m) => m.userid);
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const page = await call('externalcontact/batch/get_by_user', {
        body: { userid_list, cursor, limit: 3 },
      });
      expect(page.errcode).toBe(0);
      const rows = page.external_contact_list as Array<{ external_contact: Json; follow_info: Json }>;
      expect(rows.length).toBeLessThanOrEqual(3);
      seen.push(
        ...rows.map((r) => `${String(r.follow_info.userid)}|${String(r.external_contact.external_userid)}`),
      );
      cursor = String(page.next_cursor);
      pages += 1;
    } while (cursor !== '');
    const expected = DEMO_CORP.customers.flatMap((c) =>
      c.follows.map((f) => `${f.userid}|${c.externalUserid}`),
    );
    expect(seen.sort()).toEqual(expected.sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(expected.length / 3));
    const tooMany = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect(
      (await call('externalcontact/batch/get_by_user', { body: { userid_list: tooMany } })).errcode,
    ).toBe(40058);
  });

  it('returns follow_user with named tags, paged by next_cursor', async () => {
    await sim.stop();
    sim = await start({ limits: { followUserPageSize: 1 } });
    const id = DEMO_CORP.customers[0]!.externalUserid;
    const first = await call('externalcontact/get', { query: { external_userid: id } });
    expect(first.external_contact).toMatchObject({ external_userid: id, name: '王小美', type: 1, gender: 2 });
    expect(first.follow_user).toEqual([
      expect.objectContaining({
        userid: 'zhangsan',
        state: 'store_qr_01',
        tags: [
          { group_name: '运营标签', tag_name: '入会期', tag_id: TAG.onboarding, type: 1 },
          { group_name: '生活标签', tag_name: '零食', tag_id: TAG.snacks, type: 1 },
        ],
      }),
    ]);
    const second = await call('externalcontact/get', {
      query: { external_userid: id, cursor: String(first.next_cursor) },
    });
    expect((second.follow_user as Json[]).map((f) => f.userid)).toEqual(['lisi']);
    expect(second.next_cursor).toBeUndefined();
    expect((await call('externalcontact/get', { query: { external_userid: 'wmnobody' } })).errcode).toBe(
      40096,
    );
  });

  it('changes tags through the API without producing any callback', async () => {
    const receiver = await startReceiver();
    sim.setCallbackUrl(receiver.url);
    try {
      const id = DEMO_CORP.customers[1]!.externalUserid;
      const marked = await call('externalcontact/mark_tag', {
        body: { userid: 'zhangsan', external_userid: id, add_tag: [TAG.snacks], remove_tag: [TAG.gifting] },
      });
      expect(marked.errcode).toBe(0);
      const added = await call('externalcontact/add_corp_tag', {
        body: { group_name: '个性化标签', tag: [{ name: '爱吃辣' }] },
      });
      expect((added.tag_group as Json).group_name).toBe('个性化标签');
      expect(
        (
          await call('externalcontact/mark_tag', {
            body: { userid: 'zhangsan', external_userid: id, add_tag: ['etnope'] },
          })
        ).errcode,
      ).toBe(40068);
      expect(sim.state.relations.find((r) => r.externalUserid === id)?.tagIds.sort()).toEqual(
        [TAG.specialty, TAG.snacks].sort(),
      );
      expect(receiver.requests).toHaveLength(0);
      // A customer-side action does call back, so the silence above is not a dead receiver.
      await sim.guideDeletesCustomer('zhangsan', id);
      expect(receiver.requests).toHaveLength(1);
      expect(decryptDelivered(receiver.requests[0]!.body).message).toContain(
        '<ChangeType><![CDATA[del_external_contact]]></ChangeType>',
      );
      expect(
        (
          await call('externalcontact/mark_tag', {
            body: { userid: 'zhangsan', external_userid: id, add_tag: [TAG.snacks] },
          })
        ).errcode,
      ).toBe(84061);
    } finally {
      await receiver.close();
    }
  });

  it('enforces the per-API limit per minute (45009) and injected failures', async () => {
    await sim.stop();
    sim = await start({ limits: { perApiPerMinute: 3 } });
    const token = await getToken();
    const codes = [];
    for (let i = 0; i < 4; i += 1)
      codes.push((await call('user/get', { token, query: { userid: 'zhangsan' } })).errcode);
    expect(codes).toEqual([0, 0, 0, 45009]);
    nowMs += 60_000;
    sim.failNext('user/get', -1, 2);
    const after = [];
    for (let i = 0; i < 3; i += 1)
      after.push((await call('user/get', { token, query: { userid: 'zhangsan' } })).errcode);
    expect(after).toEqual([-1, -1, 0]);
  });

  it('drops app messages over 30 per member per minute silently', async () => {
    const body = {
      touser: 'zhangsan|ghost',
      msgtype: 'text',
      agentid: DEMO_CORP.agentId,
      text: { content: '今日待跟进' },
    };
    const token = await getToken();
    const answers = [];
    for (let i = 0; i < 31; i += 1) answers.push(await call('message/send', { token, body }));
    expect(answers.every((a) => a.errcode === 0 && a.invaliduser === 'ghost')).toBe(true);
    expect(sim.state.appMessages.filter((m) => m.deliveredTo.includes('zhangsan'))).toHaveLength(30);
    expect(sim.state.appMessages[30]?.droppedFor).toEqual(['zhangsan']);
  });

  it('serves single-use OAuth codes (40029) and two distinct JS-SDK tickets', async () => {
    const code = sim.issueOauthCode('wangwu');
    expect(await call('auth/getuserinfo', { query: { code } })).toMatchObject({
      errcode: 0,
      userid: 'wangwu',
    });
    expect((await call('auth/getuserinfo', { query: { code } })).errcode).toBe(40029);
    const old = sim.issueOauthCode('wangwu');
    nowMs += 5 * 60_000 + 1;
    expect((await call('auth/getuserinfo', { query: { code: old } })).errcode).toBe(40029);
    const corp = await call('get_jsapi_ticket');
    const agent = await call('ticket/get', { query: { type: 'agent_config' } });
    expect(corp).toMatchObject({ errcode: 0, expires_in: 7200 });
    expect(agent).toMatchObject({ errcode: 0, expires_in: 7200 });
    expect(corp.ticket).not.toEqual(agent.ticket);
  });

  it('delivers an add event built exactly as WeCom does, through the admin API too', async () => {
    const receiver = await startReceiver();
    try {
      const res = await fetch(`${sim.url}/__sim/customers`, {
        method: 'POST',
        body: JSON.stringify({ userid: 'zhangsan', name: '王小美', state: 'store_qr_01' }),
      });
      expect(res.status).toBe(200);
      const viaAdmin = (await res.json()) as { externalUserid: string; delivery: unknown };
      expect(viaAdmin.delivery).toBeNull(); // no callback URL yet
      sim.setCallbackUrl(receiver.url);
      const added = await sim.addCustomer({ userid: 'lisi', state: 'store_qr_02' });
      expect(added.delivery).toMatchObject({ ok: true, status: 200, attempts: 1, body: 'success' });
      const { message, id } = decryptDelivered(receiver.requests[0]!.body);
      expect(id).toBe(DEMO_CORP.corpId);
      expect(message).toBe(
        `<xml><ToUserName><![CDATA[${DEMO_CORP.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
          `<CreateTime>${Math.floor(nowMs / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
          `<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType>` +
          `<UserID><![CDATA[lisi]]></UserID><ExternalUserID><![CDATA[${added.externalUserid}]]></ExternalUserID>` +
          `<State><![CDATA[store_qr_02]]></State><WelcomeCode><![CDATA[${added.welcomeCode}]]></WelcomeCode></xml>`,
      );
      expect(added.externalUserid).toMatch(/^wm[A-Za-z0-9_-]{28}$/);
    } finally {
      await receiver.close();
    }
  });
});

describe('callback sender', () => {
  const signing = {
    token: DEMO_CORP.token,
    encodingAesKey: DEMO_CORP.encodingAesKey,
    corpId: DEMO_CORP.corpId,
  };

  it('encrypts for the CorpID, signs the Encrypt text and posts text/xml', async () => {
    const receiver = await startReceiver();
    try {
      const xml = buildTagEventXml({
        corpId: DEMO_CORP.corpId,
        createTime: 1_780_000_000,
        changeType: 'create',
        id: TAG.snacks,
        tagType: 'tag',
      });
      const result = await deliverCallback(receiver.url, xml, { ...signing, agentId: DEMO_CORP.agentId });
      expect(result).toMatchObject({ ok: true, attempts: 1, status: 200 });
      const [req] = receiver.requests;
      expect(req!.contentType).toBe('text/xml');
      expect(req!.body).toMatch(
        new RegExp(
          `^<xml><ToUserName><!\\[CDATA\\[${DEMO_CORP.corpId}\\]\\]></ToUserName><Encrypt>.*<AgentID><!\\[CDATA\\[1000002\\]\\]></AgentID></xml>$`,
        ),
      );
      const params = new URL(req!.url, 'http://x').searchParams;
      const encrypted = /<Encrypt><!\[CDATA\[(.*?)\]\]>/.exec(req!.body)![1]!;
      expect(getSignature(DEMO_CORP.token, params.get('timestamp')!, params.get('nonce')!, encrypted)).toBe(
        params.get('msg_signature'),
      );
      expect(decrypt(DEMO_CORP.encodingAesKey, encrypted)).toMatchObject({
        message: xml,
        id: DEMO_CORP.corpId,
      });
    } finally {
      await receiver.close();
    }
  });

  it('re-sends the identical request 3 times when the receiver never answers in time', async () => {
    const receiver = await startReceiver('hang');
    try {
      const result = await deliverCallback(receiver.url, '<xml></xml>', { ...signing, timeoutMs: 200 });
      expect(result).toMatchObject({ ok: false, status: null, attempts: 4 });
      expect(result.elapsedMs).toBeGreaterThanOrEqual(800);
      await new Promise((r) => setTimeout(r, 50));
      expect(receiver.requests).toHaveLength(4);
      expect(new Set(receiver.requests.map((r) => r.url + r.body)).size).toBe(1);
    } finally {
      await receiver.close();
    }
  });

  it('does not retry a non-200 answer unless asked to', async () => {
    const receiver = await startReceiver('error');
    try {
      expect(await deliverCallback(receiver.url, '<xml/>', signing)).toMatchObject({
        ok: false,
        status: 500,
        attempts: 1,
      });
      expect(
        await deliverCallback(receiver.url, '<xml/>', { ...signing, retryOnNon200: true }),
      ).toMatchObject({ attempts: 4 });
    } finally {
      await receiver.close();
    }
  });

  describe('official vector A (API.md §1.7)', () => {
    const A = {
      token: 'QDG6eK',
      encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
      corpId: 'wx5823bf96d3bd56c7',
    };
    const ENCRYPT =
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
    const plaintext = buildTextMessageXml(
      {
        corpId: A.corpId,
        fromUser: 'mycreate',
        createTime: 1409659813,
        content: 'hello',
        msgId: '4561255354251345929',
        agentId: 218,
      },
      { newlines: true },
    );

    it('builds the sample plaintext and reproduces its ciphertext and signature', () => {
      expect(Buffer.byteLength(plaintext)).toBe(284);
      expect(encrypt(A.encodingAesKey, plaintext, A.corpId, Buffer.from('0960688932c47ef1'))).toBe(ENCRYPT);
      const envelope = buildEncryptedEnvelope(plaintext, {
        ...A,
        random: Buffer.from('0960688932c47ef1'),
        timestamp: '1409659813',
        nonce: '1372623149',
      });
      expect(envelope.encrypt).toBe(ENCRYPT);
      expect(envelope.query.msg_signature).toBe('477715d11cdb4164915debcba66cb864d751f3e6');
    });

    it('reproduces the VerifyURL echostr and signature', () => {
      const verify = buildVerifyUrlQuery({
        ...A,
        echoPlaintext: '1616140317555161061',
        random: Buffer.from('c41b64491c2468d0'),
        timestamp: '1409659589',
        nonce: '263014780',
      });
      expect(verify.query.echostr).toBe(
        'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
      );
      expect(verify.query.msg_signature).toBe('5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3');
      expect(verify.queryString).toContain(
        'echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D',
      );
    });
  });

  it('builds events without CDATA (Python-sample style) and with newlines', () => {
    const input = {
      corpId: 'wwX',
      createTime: 1,
      changeType: 'del_follow_user' as const,
      userId: 'a&b',
      externalUserId: 'wm1',
    };
    expect(buildExternalContactEventXml(input, { cdata: false, newlines: true })).toBe(
      '<xml><ToUserName>wwX</ToUserName>\n<FromUserName>sys</FromUserName>\n<CreateTime>1</CreateTime>\n<MsgType>event</MsgType>\n' +
        '<Event>change_external_contact</Event>\n<ChangeType>del_follow_user</ChangeType>\n<UserID>a&amp;b</UserID>\n' +
        '<ExternalUserID>wm1</ExternalUserID>\n</xml>',
    );
  });
});
