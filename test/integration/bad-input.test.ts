import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import type { Response } from 'supertest';
import {
  createCustomer,
  createGuide,
  createRelation,
  createStore,
  createTag,
} from '../factories/group-world';
import { type TestContext, addTestGuide, startTestContext } from '../helpers/harness';
import { signedPost, staff } from '../helpers/integration-client';

const NUL = 'a\u0000b';
const LONE = '\ud800x';
const NUL_REASON = /U\+0000/;
const SURROGATE_REASON = /surrogate/;
const DATE_REASON = /between 2000-01-01 and 2100-01-01/;

/** A cursor as the lists give out, for a time they would never have written. */
const cursorAt = (iso: string) => Buffer.from(`${iso}|${randomUUID()}`).toString('base64url');

// Found by an attacker-style review (issue #9): each of these was a 500 from PostgreSQL or Prisma, or stored
// a row. Its own database, so the row counts are this file's alone.
describe('bad input gets a 400 naming the field and changes nothing', () => {
  let ctx: TestContext;
  let guideUserid: string;
  let externalUserid: string;
  let channelGuide: string;
  let groupId: string;
  let listGroupId: string;
  let followUpId: string;

  beforeAll(async () => {
    ctx = await startTestContext({ worker: false, isolatedDatabase: true });
    const { db } = ctx.services;
    const store = await createStore(db);
    const guide = await createGuide(db, store.id);
    const customer = await createCustomer(db);
    const tag = await createTag(db);
    await createRelation(db, guide.id, customer.id, [tag.id]);
    [guideUserid, externalUserid] = [guide.userid, customer.externalUserid];
    // A channel's guide must be known to WeCom too, so a bad request would get as far as the database.
    channelGuide = addTestGuide(ctx.sim);
    await db.guide.create({ data: { userid: channelGuide, name: '渠道导购', storeId: store.id } });
    const group = await staff(ctx.app)
      .post('/api/v1/groups')
      .send({ name: '坏输入测试', kind: 'RULE', rule: { tag: tag.id } });
    expect(group.status).toBe(201);
    groupId = group.body.group.id as string;
    const followUps = await staff(ctx.app)
      .post(`/api/v1/groups/${groupId}/follow-ups`)
      .send({ title: '回访', dueAt: '2031-05-01T10:00:00+08:00' });
    expect(followUps.status).toBe(201);
    followUpId = (await db.followUp.findFirstOrThrow({ where: { groupId } })).id;
    const list = await staff(ctx.app).post('/api/v1/groups').send({ name: '名单', kind: 'LIST' });
    listGroupId = list.body.group.id as string;
  });
  afterAll(() => ctx.close());

  /** Every table a request here could write, and the calls made to WeCom. */
  async function whatIsStored() {
    const { db } = ctx.services;
    return {
      groups: await db.customerGroup.findMany({ orderBy: { id: 'asc' } }),
      groupMembers: await db.customerGroupMember.count(),
      followUps: await db.followUp.findMany({ orderBy: { id: 'asc' } }),
      massMessages: await db.massMessage.count(),
      orders: await db.order.count(),
      interactions: await db.interaction.count(),
      tagGroups: await db.tagGroup.count(),
      tags: await db.tag.count(),
      channels: await db.contactWay.count(),
      wecomCalls: ctx.sim.calls.length,
    };
  }

  async function expectRefused(send: () => Promise<Response>, path: string, reason: RegExp) {
    const before = await whatIsStored();
    const res = await send();
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({
      status: 400,
      code: 'invalid_request',
    });
    expect(res.body.error.message).toContain(`${path}: `);
    expect(res.body.error.message).toMatch(reason);
    expect(await whatIsStored()).toEqual(before);
  }

  describe('a NUL character or a lone surrogate in a string', () => {
    const api = () => staff(ctx.app);
    it.each<[string, () => Promise<Response>, string, RegExp]>([
      [
        'group name',
        () => api().post('/api/v1/groups').send({ name: NUL, kind: 'LIST' }),
        'name',
        NUL_REASON,
      ],
      [
        'group name (lone surrogate)',
        () => api().post('/api/v1/groups').send({ name: LONE, kind: 'LIST' }),
        'name',
        SURROGATE_REASON,
      ],
      [
        'group description',
        () => api().post('/api/v1/groups').send({ name: 'ok', description: NUL, kind: 'LIST' }),
        'description',
        NUL_REASON,
      ],
      [
        'group rename',
        () => api().patch(`/api/v1/groups/${groupId}`).send({ name: NUL }),
        'name',
        NUL_REASON,
      ],
      [
        'group follow-up title',
        () => api().post(`/api/v1/groups/${groupId}/follow-ups`).send({ title: NUL }),
        'title',
        NUL_REASON,
      ],
      [
        'group follow-up note (lone surrogate)',
        () => api().post(`/api/v1/groups/${groupId}/follow-ups`).send({ title: 'ok', note: LONE }),
        'note',
        SURROGATE_REASON,
      ],
      [
        'group follow-up key',
        () => api().post(`/api/v1/groups/${groupId}/follow-ups`).send({ title: 'ok', key: NUL }),
        'key',
        NUL_REASON,
      ],
      [
        'list member pair',
        () =>
          api()
            .post(`/api/v1/groups/${listGroupId}/members`)
            .send({ pairs: [{ guideUserid: NUL, externalUserid }] }),
        'pairs.0.guideUserid',
        NUL_REASON,
      ],
      [
        'mass-message text',
        () =>
          api()
            .post('/api/v1/mass-messages')
            .send({ content: { text: NUL }, audience: [{ guideUserid, externalUserids: [externalUserid] }] }),
        'content.text',
        NUL_REASON,
      ],
      [
        'mass-message text (lone surrogate)',
        () =>
          api()
            .post('/api/v1/mass-messages')
            .send({
              content: { text: LONE },
              audience: [{ guideUserid, externalUserids: [externalUserid] }],
            }),
        'content.text',
        SURROGATE_REASON,
      ],
      [
        'mass-message attachment',
        () =>
          api()
            .post('/api/v1/mass-messages')
            .send({
              content: {
                text: 'ok',
                attachments: [{ msgtype: 'link', link: { title: NUL, url: 'https://x' } }],
              },
              audience: [{ guideUserid, externalUserids: [externalUserid] }],
            }),
        'content.attachments.0.link.title',
        NUL_REASON,
      ],
      [
        'mass-message sender',
        () =>
          api()
            .post('/api/v1/mass-messages')
            .send({
              content: { text: 'ok' },
              audience: [{ guideUserid: NUL, externalUserids: [externalUserid] }],
            }),
        'audience.0.guideUserid',
        NUL_REASON,
      ],
      [
        'mass-message to a group',
        () =>
          api()
            .post(`/api/v1/groups/${groupId}/mass-messages`)
            .send({ content: { text: LONE } }),
        'content.text',
        SURROGATE_REASON,
      ],
      [
        'sidebar-message customer',
        () =>
          api()
            .post('/api/v1/interactions/sidebar-messages')
            .send({ guideUserid, externalUserid: NUL, clientId: randomBytes(8).toString('hex') }),
        'externalUserid',
        NUL_REASON,
      ],
      [
        'sidebar-message guide',
        () =>
          api()
            .post('/api/v1/interactions/sidebar-messages')
            .send({ guideUserid: NUL, externalUserid, clientId: randomBytes(8).toString('hex') }),
        'guideUserid',
        NUL_REASON,
      ],
      [
        'sidebar-message clientId',
        () =>
          api()
            .post('/api/v1/interactions/sidebar-messages')
            .send({ guideUserid, externalUserid, clientId: `abcdefgh${NUL}` }),
        'clientId',
        NUL_REASON,
      ],
      [
        'follow-up done by',
        () => api().post(`/api/v1/follow-ups/${followUpId}/done`).send({ guideUserid: NUL }),
        'guideUserid',
        NUL_REASON,
      ],
      [
        'follow-up list filter',
        () => api().get('/api/v1/follow-ups?guideUserid=a%00b'),
        'guideUserid',
        NUL_REASON,
      ],
      [
        'mass-message list filter',
        () => api().get('/api/v1/mass-messages?guideUserid=a%00b'),
        'guideUserid',
        NUL_REASON,
      ],
      [
        'relation lookup',
        () => api().get(`/api/v1/relations/lookup?guideUserid=a%00b&externalUserid=${externalUserid}`),
        'guideUserid',
        NUL_REASON,
      ],
      [
        'tag group name',
        () =>
          api()
            .post('/api/v1/tag-groups')
            .send({ name: NUL, tags: ['ok'] }),
        'name',
        NUL_REASON,
      ],
      [
        'tag name (lone surrogate)',
        () =>
          api()
            .post('/api/v1/tag-groups')
            .send({ name: 'ok', tags: [LONE] }),
        'tags.0',
        SURROGATE_REASON,
      ],
      [
        'channel name',
        () =>
          api()
            .post('/api/v1/channels')
            .send({ name: NUL, purpose: 'STORE', userids: [channelGuide] }),
        'name',
        NUL_REASON,
      ],
      [
        'channel welcome text',
        () =>
          api()
            .post('/api/v1/channels')
            .send({ name: 'ok', purpose: 'STORE', userids: [channelGuide], welcome: { text: LONE } }),
        'welcome.text',
        SURROGATE_REASON,
      ],
      [
        'channel remark',
        () =>
          api()
            .post('/api/v1/channels')
            .send({ name: 'ok', purpose: 'STORE', userids: [channelGuide], remark: NUL }),
        'remark',
        NUL_REASON,
      ],
      [
        'channel guide',
        () =>
          api()
            .post('/api/v1/channels')
            .send({ name: 'ok', purpose: 'STORE', userids: [NUL] }),
        'userids.0',
        NUL_REASON,
      ],
      [
        'order number',
        () => signedPost(ctx.app, '/api/orders', order({ orderNo: NUL })),
        'orderNo',
        NUL_REASON,
      ],
      [
        'order number (lone surrogate)',
        () => signedPost(ctx.app, '/api/orders', order({ orderNo: LONE })),
        'orderNo',
        SURROGATE_REASON,
      ],
      [
        'order item name',
        () =>
          signedPost(ctx.app, '/api/orders', order({ items: [{ name: NUL, quantity: 1, priceCents: 1 }] })),
        'items.0.name',
        NUL_REASON,
      ],
      [
        'order customer',
        () => signedPost(ctx.app, '/api/orders', order({ externalUserid: NUL })),
        'externalUserid',
        NUL_REASON,
      ],
      [
        'imported interaction id',
        () => signedPost(ctx.app, '/api/integrations/interactions', interactions({ externalId: NUL })),
        'interactions.0.externalId',
        NUL_REASON,
      ],
      [
        'imported interaction guide',
        () => signedPost(ctx.app, '/api/integrations/interactions', interactions({ guideUserid: NUL })),
        'interactions.0.guideUserid',
        NUL_REASON,
      ],
    ])('%s', (_label, send, path, reason) => expectRefused(send, path, reason));

    it('a NUL in a group rule is the rule’s 400, naming the part', async () => {
      const before = await whatIsStored();
      const res = await staff(ctx.app)
        .post('/api/v1/groups')
        .send({ name: 'ok', kind: 'RULE', rule: { all: [{ guides: [guideUserid, NUL] }] } });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'invalid_rule', message: expect.stringMatching(NUL_REASON) });
      expect(res.body.error.message).toContain('rule.all[0].guides.1: ');
      expect(await whatIsStored()).toEqual(before);
    });
  });

  describe('a date outside 2000-2100', () => {
    it.each([
      ['year 0', '0000-01-01T00:00:00Z', DATE_REASON],
      ['year 9999', '9999-12-31T23:59:59+08:00', DATE_REASON],
      ['before 2000', '1999-12-31T23:59:59Z', DATE_REASON],
      // Not ISO 8601 as zod reads it (four-digit years only): refused as a format.
      ['a six-digit year', '+275760-09-13T00:00:00Z', /datetime|ISO/i],
    ])('order purchasedAt: %s', (_label, purchasedAt, reason) =>
      expectRefused(() => signedPost(ctx.app, '/api/orders', order({ purchasedAt })), 'purchasedAt', reason),
    );

    it.each([
      ['year 0', '0000-01-01T00:00:00Z'],
      ['year 9999, pushed into year 10000 by working hours', '9999-12-31T23:59:59Z'],
      ['2100', '2100-01-01T00:00:00Z'],
    ])('group follow-up dueAt: %s', (_label, dueAt) =>
      expectRefused(
        () => staff(ctx.app).post(`/api/v1/groups/${groupId}/follow-ups`).send({ title: 'ok', dueAt }),
        'dueAt',
        DATE_REASON,
      ),
    );

    it('imported interaction occurredAt in year 0', () =>
      expectRefused(
        () =>
          signedPost(
            ctx.app,
            '/api/integrations/interactions',
            interactions({ occurredAt: '0000-06-01T00:00:00+08:00' }),
          ),
        'interactions.0.occurredAt',
        DATE_REASON,
      ));

    it('sidebar-message sentAt in year 0', () =>
      expectRefused(
        () =>
          staff(ctx.app)
            .post('/api/v1/interactions/sidebar-messages')
            .send({
              guideUserid,
              externalUserid,
              clientId: randomBytes(8).toString('hex'),
              sentAt: '0000-01-01T00:00:00Z',
            }),
        'sentAt',
        DATE_REASON,
      ));

    it('accepts the ends of the range', async () => {
      const first = await signedPost(
        ctx.app,
        '/api/orders',
        order({ purchasedAt: '2000-01-01T08:00:00+08:00' }),
      );
      expect(first.status).toBe(201);
      const res = await staff(ctx.app)
        .post(`/api/v1/groups/${groupId}/follow-ups`)
        .send({ title: '年终', dueAt: '2099-12-30T10:00:00+08:00', key: 'range-end' });
      expect(res.status).toBe(201);
    });

    it.each([
      ['year 99999', '+099999-01-01T00:00:00.000Z'],
      ['a year before 1', '-000001-01-01T00:00:00.000Z'],
    ])('a paging cursor of %s is a bad_cursor', async (_label, iso) => {
      for (const list of ['follow-ups', 'mass-messages']) {
        const res = await staff(ctx.app).get(`/api/v1/${list}?after=${cursorAt(iso)}`);
        expect({ list, status: res.status, code: res.body.error?.code }).toEqual({
          list,
          status: 400,
          code: 'bad_cursor',
        });
      }
    });
  });

  it('exports a name that is a formula after blanks as text', async () => {
    const { db } = ctx.services;
    const [store, tag] = [await createStore(db), await createTag(db)];
    const guide = await createGuide(db, store.id);
    const names = ['  =HYPERLINK("http://x")', '\t=1+1', ' \u3000+1', ' @SUM(A1)', '\r=1', ' -1+1'];
    for (const name of names) {
      await createRelation(db, guide.id, (await createCustomer(db, { name })).id, [tag.id]);
    }
    const group = await staff(ctx.app)
      .post('/api/v1/groups')
      .send({ name: '导出', kind: 'RULE', rule: { tag: tag.id } });
    const res = await staff(ctx.app).get(`/api/v1/groups/${group.body.group.id}/export.csv`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`,"'  =HYPERLINK(""http://x"")",`);
    for (const name of ['\t=1+1', ' \u3000+1', ' @SUM(A1)', ' -1+1'])
      expect(res.text).toContain(`,'${name},`);
    expect(res.text).toContain(`,"'\r=1",`);
  });

  function order(extra: Record<string, unknown>) {
    return {
      orderNo: `PO${randomBytes(6).toString('hex')}`,
      externalUserid,
      guideUserid,
      amountCents: 100,
      items: [{ name: '湖南腊肉', quantity: 1, priceCents: 100 }],
      purchasedAt: new Date().toISOString(),
      ...extra,
    };
  }
  function interactions(extra: Record<string, unknown>) {
    return {
      interactions: [
        {
          guideUserid,
          externalUserid,
          occurredAt: new Date().toISOString(),
          externalId: randomUUID(),
          ...extra,
        },
      ],
    };
  }
});

describe('a client that stalls', () => {
  let ctx: TestContext;
  beforeAll(
    async () =>
      (ctx = await startTestContext({
        worker: false,
        env: { HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '600' },
      })),
  );
  afterAll(() => ctx.close());

  /** Sends `data` on a raw socket and waits for the server to close it; what it answered, and after how long. */
  function stall(data: string): Promise<{ answer: string; closedAfterMs: number }> {
    const { port } = new URL(ctx.url);
    return new Promise((resolve, reject) => {
      const started = Date.now();
      let answer = '';
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(data));
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve({ answer, closedAfterMs: Date.now() - started }));
      setTimeout(() => {
        socket.destroy();
        reject(new Error('the server kept the connection open for 5 s'));
      }, 5_000).unref();
    });
  }

  it('is cut off when it declares a body and sends only part of it', async () => {
    const { answer, closedAfterMs } = await stall(
      'POST /api/v1/groups HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-staff-token-0123456789abcdef0123\r\n' +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":"x',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(500);
    expect(closedAfterMs).toBeLessThan(2_000);
  });

  it('is cut off when it never finishes its headers', async () => {
    const { answer, closedAfterMs } = await stall('POST /wecom/callback HTTP/1.1\r\nHost: x\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(1_500);
  });
});
