import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import request from 'supertest';
import { DEMO_CORP } from '../wecom-sim/demo/demo-corp';
import { buildExternalContactEventXml } from '../wecom-sim/event-xml';
import { buildEncryptedEnvelope, buildVerifyUrlQuery } from '../wecom-sim/sender';
import { type TestContext, startTestContext } from '../helpers/harness';
import { createEventIngestor } from '../../bot/domain/events/event-ingestor';
import { createLogger } from '../../bot/logger';
import { parseWecomXml } from '../../bot/wecom/callback-xml';

const SIGNING = {
  token: DEMO_CORP.token,
  encodingAesKey: DEMO_CORP.encodingAesKey,
  corpId: DEMO_CORP.corpId,
};
const guide = DEMO_CORP.members[0]?.userid ?? 'zhangsan';
const newExternalId = () => `wm${randomBytes(14).toString('hex')}`;

function addEventXml(externalUserid: string, createTime = Math.floor(Date.now() / 1000)): string {
  return buildExternalContactEventXml({
    corpId: DEMO_CORP.corpId,
    changeType: 'add_external_contact',
    userId: guide,
    externalUserId: externalUserid,
    createTime,
    state: 'store_qr_01',
    welcomeCode: `WC${randomBytes(8).toString('hex')}`,
  });
}

describe('POST /wecom/callback', () => {
  let ctx: TestContext;
  // No worker: these tests look at what the endpoint stores, before any processing.
  beforeAll(async () => (ctx = await startTestContext({ worker: false })));
  afterAll(() => ctx.close());

  const post = (queryString: string, body: string) =>
    request(ctx.app.callback())
      .post(`/wecom/callback?${queryString}`)
      .set('content-type', 'text/xml')
      .send(body);
  const eventsFor = (externalUserid: string) =>
    ctx.services.db.callbackEvent.findMany({ where: { externalUserid } });

  it('answers the URL-verification handshake with the decrypted echostr only', async () => {
    const verify = buildVerifyUrlQuery(SIGNING);
    const res = await request(ctx.app.callback()).get(`/wecom/callback?${verify.queryString}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(verify.echoPlaintext);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('stores an add event once and queues it, however often WeCom delivers it', async () => {
    const externalUserid = newExternalId();
    const xml = addEventXml(externalUserid);
    const envelope = buildEncryptedEnvelope(xml, SIGNING);
    // Three identical deliveries, then one re-encrypted with a fresh nonce and random prefix.
    for (let i = 0; i < 3; i += 1) {
      const res = await post(envelope.queryString, envelope.body);
      expect(res.status).toBe(200);
      expect(res.text).toBe('success');
    }
    const again = buildEncryptedEnvelope(xml, SIGNING);
    expect((await post(again.queryString, again.body)).text).toBe('success');

    const events = await eventsFor(externalUserid);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      changeType: 'add_external_contact',
      userid: guide,
      status: 'RECEIVED',
    });
    await ctx.ingestor.drain();
    const job = await ctx.services.queues.queue('process-callback-event').getJob(events[0]?.id ?? '');
    expect(job?.data).toEqual({ eventId: events[0]?.id });
  });

  it('acknowledges once the event is committed, while its job is still on its way to Redis', async () => {
    // A Redis that holds the MULTI (busy with the workers' scripts): the answer must not wait for it.
    let releaseQueue = () => undefined as void;
    const queued: string[] = [];
    const ingestor = createEventIngestor({
      pool: ctx.services.pool,
      logger: createLogger({ level: 'silent', pretty: false }),
      enqueueProcessing: async (events) => {
        await new Promise<void>((resolve) => (releaseQueue = resolve));
        queued.push(...events.map((e) => e.id));
      },
    });
    const externalUserid = newExternalId();
    const stored = await ingestor.store(await parseWecomXml(addEventXml(externalUserid)), '<xml/>');

    expect(stored).toMatchObject({ isNew: true, status: 'RECEIVED' });
    expect((await eventsFor(externalUserid)).map((e) => e.id)).toEqual([stored.id]);
    expect(queued).toEqual([]);
    releaseQueue();
    await ingestor.drain();
    expect(queued).toEqual([stored.id]);
    ingestor.stop();
  });

  it('drains what is under way when it stops: deliveries stored, their jobs queued', async () => {
    const queued: string[] = [];
    const ingestor = createEventIngestor({
      pool: ctx.services.pool,
      logger: createLogger({ level: 'silent', pretty: false }),
      enqueueProcessing: (events) => {
        queued.push(...events.map((e) => e.id));
        return Promise.resolve();
      },
    });
    const externalUserid = newExternalId();
    // Not awaited, as a request in flight when the process is told to stop.
    const storing = ingestor.store(await parseWecomXml(addEventXml(externalUserid)), '<xml/>');
    ingestor.stop();
    await ingestor.drain();
    // Read before anything else is awaited: what drain() waited for, not what happened meanwhile.
    const queuedByThen = [...queued];

    const events = await eventsFor(externalUserid);
    expect(events).toHaveLength(1);
    expect(queuedByThen).toEqual([events[0]?.id]);
    expect((await storing).id).toBe(events[0]?.id);
  });

  it('keeps two customers added to the same guide in the same second', async () => {
    const second = Math.floor(Date.now() / 1000);
    const [a, b] = [newExternalId(), newExternalId()];
    for (const id of [a, b]) {
      const envelope = buildEncryptedEnvelope(addEventXml(id, second), SIGNING);
      expect((await post(envelope.queryString, envelope.body)).status).toBe(200);
    }
    expect(await eventsFor(a)).toHaveLength(1);
    expect(await eventsFor(b)).toHaveLength(1);
  });

  it('stores and acknowledges an event type it has never heard of', async () => {
    const marker = newExternalId();
    const xml = `<xml><ToUserName><![CDATA[${DEMO_CORP.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[brand_new_event]]></Event><ExternalUserID><![CDATA[${marker}]]></ExternalUserID></xml>`;
    const envelope = buildEncryptedEnvelope(xml, SIGNING);
    expect((await post(envelope.queryString, envelope.body)).text).toBe('success');
    expect(await eventsFor(marker)).toEqual([expect.objectContaining({ event: 'brand_new_event' })]);
  });

  it('stores a message whose text carries a NUL character, which PostgreSQL text cannot hold', async () => {
    const msgId = String(BigInt(Date.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000)));
    const xml = `<xml><ToUserName><![CDATA[${DEMO_CORP.corpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[a\u0000b]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;
    const envelope = buildEncryptedEnvelope(xml, SIGNING);
    expect((await post(envelope.queryString, envelope.body)).text).toBe('success');
    const event = await ctx.services.db.callbackEvent.findUniqueOrThrow({
      where: { dedupeKey: `msg:${msgId}` },
    });
    expect(event.fields).toMatchObject({ Content: 'ab' });
  });

  describe('rejects bad input with a clear error and stores nothing', () => {
    const cases: [string, (id: string) => { query: string; body: string }, number, string][] = [
      [
        'a wrong signature',
        (id) => {
          const e = buildEncryptedEnvelope(addEventXml(id), SIGNING);
          const first = e.query.msg_signature[0] === '0' ? '1' : '0';
          return {
            query: e.queryString.replace(/msg_signature=[0-9a-f]/, `msg_signature=${first}`),
            body: e.body,
          };
        },
        401,
        'callback_bad_signature',
      ],
      [
        'a message encrypted for another CorpID',
        (id) => {
          const e = buildEncryptedEnvelope(addEventXml(id), { ...SIGNING, corpId: 'wwdeadbeefdeadbeef' });
          return { query: e.queryString, body: e.body };
        },
        401,
        'callback_wrong_corp',
      ],
      ['malformed base64 in Encrypt', () => signed('@@@not*base64@@@'), 400, 'callback_bad_ciphertext'],
      [
        'a ciphertext whose decrypted text is not XML',
        () => signed(encrypt(SIGNING.encodingAesKey, 'this is not xml', SIGNING.corpId)),
        400,
        'callback_bad_xml',
      ],
      [
        'a malformed XML envelope',
        (id) => {
          const e = buildEncryptedEnvelope(addEventXml(id), SIGNING);
          return { query: e.queryString, body: e.body.replace('</xml>', '') };
        },
        400,
        'callback_bad_xml',
      ],
      [
        'an envelope with an entity-expansion payload',
        (id) => {
          const e = buildEncryptedEnvelope(addEventXml(id), SIGNING);
          const bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>';
          return { query: e.queryString, body: bomb + e.body.replace('<ToUserName>', '<ToUserName>&b;') };
        },
        400,
        'callback_bad_xml',
      ],
      [
        'an oversized body',
        (id) => {
          const e = buildEncryptedEnvelope(addEventXml(id), SIGNING);
          return {
            query: e.queryString,
            body: e.body.replace('</xml>', `<Pad>${'x'.repeat(70_000)}</Pad></xml>`),
          };
        },
        413,
        'entity.too.large',
      ],
      [
        'a missing msg_signature',
        (id) => {
          const e = buildEncryptedEnvelope(addEventXml(id), SIGNING);
          return { query: e.queryString.replace(/msg_signature=[^&]+&/, ''), body: e.body };
        },
        400,
        'invalid_request',
      ],
    ];

    it.each(cases)('%s', async (_label, build, status, code) => {
      const externalUserid = newExternalId();
      const { query, body } = build(externalUserid);
      const res = await post(query, body);
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
      expect(await eventsFor(externalUserid)).toHaveLength(0);
    });
  });

  it('still acknowledges and keeps the event when Redis is down', async () => {
    const dead = await startTestContext({ worker: false, env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const externalUserid = newExternalId();
      const envelope = buildEncryptedEnvelope(addEventXml(externalUserid), SIGNING);
      const res = await request(dead.app.callback())
        .post(`/wecom/callback?${envelope.queryString}`)
        .set('content-type', 'text/xml')
        .send(envelope.body);
      expect(res.status).toBe(200);
      expect(res.text).toBe('success');
      const events = await eventsFor(externalUserid);
      expect(events.map((e) => e.status)).toEqual(['RECEIVED']);
    } finally {
      await dead.close();
    }
  });
});

function signed(encryptText: string): { query: string; body: string } {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = '1372623149';
  const signature = getSignature(SIGNING.token, timestamp, nonce, encryptText);
  return {
    query: `msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`,
    body: `<xml><ToUserName><![CDATA[${SIGNING.corpId}]]></ToUserName><Encrypt><![CDATA[${encryptText}]]></Encrypt></xml>`,
  };
}
