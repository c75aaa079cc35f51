// A guide at work in the chat toolbar, in headless Chromium against the built sidebar, the real bot, PostgreSQL,
// Redis and the simulator (as WeCom and, through its stand-in, as the WeCom client).
import type { BrowserContext, Locator } from 'playwright-core';
import { waitFor } from '../helpers/harness';
import { staff } from '../helpers/integration-client';
import { SESSION_COOKIE } from '../helpers/sign-in';
import { snapBothWidths } from './support/browser';
import {
  type E2eContext,
  type OpenedSidebar,
  eventually,
  openSidebar,
  seen,
  startE2eContext,
} from './support/e2e-context';

const GUIDE = 'zhangsan';
const GUIDE_NAME = '张三';
const CUSTOMER_NAME = '林小雨';
const NEW_REMARK = '林小雨-五一店';
const SCRIPT_TITLE = '新客问候';

jest.setTimeout(60_000);

describe('the sidebar in a guide’s chat', () => {
  let e2e: E2eContext;
  let client: BrowserContext;
  let opened: OpenedSidebar;
  let externalUserid: string;
  let relationId: string;
  const navigations: string[] = [];

  beforeAll(async () => {
    e2e = await startE2eContext();
    const { ctx } = e2e;
    // A customer who just added the guide without a welcome code: a greeting and a 7-day follow-up are due.
    ({ externalUserid } = await ctx.sim.addCustomer({
      userid: GUIDE,
      name: CUSTOMER_NAME,
      withWelcomeCode: false,
    }));
    const relation = await waitFor(async () => {
      const found = await ctx.services.db.guideCustomer.findFirst({
        where: { guide: { userid: GUIDE }, customer: { externalUserid } },
      });
      const followUps = found
        ? await ctx.services.db.followUp.count({ where: { customerId: found.customerId } })
        : 0;
      return found && followUps === 2 ? found : undefined;
    }, 20_000);
    relationId = relation.id;
    // HQ's script, through the staff API as HQ manages them.
    await staff(ctx.app)
      .post('/api/v1/scripts')
      .send({
        kind: 'text',
        category: '问候',
        title: SCRIPT_TITLE,
        content: '{客户}您好，我是{导购}，有需要随时找我～',
      })
      .expect(201);
    client = await e2e.newClient();
  }, 180_000);
  afterAll(() => e2e?.close());

  const page = () => opened.page;
  const heading = () => page().getByRole('heading', { level: 1 });
  const tab = (name: string) => page().getByRole('tab', { name });
  // By its text: while saving, the chip's accessible name also carries its spinner's label.
  const tagChip = (group: string, name: string): Locator =>
    page()
      .getByRole('group', { name: group })
      .getByRole('button')
      .filter({ hasText: new RegExp(`^${name}$`) });
  // antd-mobile's tabs give their panes no tabpanel role: the visible pane is the one shown.
  const tabPane = () => page().locator('.adm-tabs-content:visible');

  it('signs the guide in through WeCom OAuth and shows the customer of the chat', async () => {
    const oauthCalls = e2e.ctx.sim.callsTo('auth/getuserinfo').length;
    client.on('request', (request) => {
      if (request.isNavigationRequest()) navigations.push(request.url());
    });
    opened = await openSidebar(e2e, client, { userid: GUIDE, externalUserid });
    await seen(heading().filter({ hasText: CUSTOMER_NAME }));

    // The page had no session: the bot sent it to the authorize step, which came back with a code.
    const paths = navigations.map((url) => new URL(url).pathname);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/client/open',
        '/sidebar/',
        '/connect/oauth2/authorize',
        '/auth/wecom/callback',
      ]),
    );
    expect(e2e.ctx.sim.callsTo('auth/getuserinfo').length).toBe(oauthCalls + 1);
    const session = (await client.cookies(e2e.ctx.url)).find((c) => c.name === SESSION_COOKIE);
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // The JS-SDK was registered with both signatures and told the page which customer this chat is with.
    const register = opened.calls('register');
    expect(register.length).toBeGreaterThan(0);
    expect(register.every((call) => call.ok)).toBe(true);
    // …signatures the bot wrote into the page for its URL: no round trip to the signature endpoints.
    const signatureRequests = await page().evaluate(
      () => performance.getEntriesByType('resource').filter((r) => r.name.includes('/jsapi/')).length,
    );
    expect(signatureRequests).toBe(0);
    expect(opened.calls('getCurExternalContact')).toEqual([
      expect.objectContaining({ ok: true, result: expect.objectContaining({ userId: externalUserid }) }),
    ]);
    await snapBothWidths(page(), 'customer-view-top');
  });

  it('adds a tag with one tap, and mark_tag takes it to WeCom', async () => {
    const gifting = await e2e.ctx.services.db.tag.findFirstOrThrow({ where: { name: '送礼' } });
    const chip = tagChip('生活标签', '送礼');
    await chip.scrollIntoViewIfNeeded();
    expect(await chip.getAttribute('aria-pressed')).toBe('false');
    await chip.click();
    await eventually(() => chip.getAttribute('aria-pressed'), 'true');

    const call = await waitFor(() =>
      e2e.ctx.sim.callsTo('externalcontact/mark_tag').find((c) => {
        const body = c.body as { userid: string; external_userid: string; add_tag?: string[] };
        return body.external_userid === externalUserid && body.add_tag?.includes(gifting.wecomTagId);
      }),
    );
    expect(call.body).toMatchObject({ userid: GUIDE });
    const simRelation = e2e.ctx.sim.state.relations.find(
      (r) => r.userid === GUIDE && r.externalUserid === externalUserid,
    );
    expect(simRelation?.tagIds).toContain(gifting.wecomTagId);
    // Once WeCom has it, a fresh read no longer shows the change as on its way.
    await waitFor(async () => {
      const pending = await e2e.ctx.services.db.tagChange.count({ where: { relationId, status: 'PENDING' } });
      return pending === 0;
    });
    await page().reload();
    await seen(heading().filter({ hasText: CUSTOMER_NAME }));
    await eventually(() => chip.getAttribute('aria-pressed'), 'true');
    expect(await chip.getAttribute('data-state')).toBe('saved');
    await snapBothWidths(page(), 'customer-view-tags', {
      scrollTo: page().getByRole('group', { name: '生活标签' }),
    });
  });

  it('edits the remark: externalcontact/remark reaches WeCom and the page shows it', async () => {
    await page().getByRole('button', { name: '编辑备注' }).first().click();
    const form = page().getByRole('form', { name: '编辑备注' });
    await seen(form);
    await snapBothWidths(page(), 'remark-sheet');
    const remark = form.getByRole('textbox').first();
    await remark.fill(NEW_REMARK);
    await form.getByRole('button', { name: '保存' }).click();
    await seen(heading().filter({ hasText: NEW_REMARK }));
    await form.waitFor({ state: 'detached' });

    const call = e2e.ctx.sim
      .callsTo('externalcontact/remark')
      .find((c) => (c.body as { external_userid: string }).external_userid === externalUserid);
    expect(call?.body).toMatchObject({ userid: GUIDE, external_userid: externalUserid, remark: NEW_REMARK });
    const row = await e2e.ctx.services.db.guideCustomer.findUniqueOrThrow({ where: { id: relationId } });
    expect(row.remark).toBe(NEW_REMARK);
    // The remark replaced the name as the heading; the WeChat name stays visible next to it.
    await eventually(() => page().getByText(`昵称：${CUSTOMER_NAME}`).count(), 1);
  });

  it('marks a follow-up done', async () => {
    const greeting = await e2e.ctx.services.db.followUp.findFirstOrThrow({
      where: { guide: { userid: GUIDE }, customer: { externalUserid }, kind: 'GREETING' },
    });
    const card = page().getByRole('listitem', { name: greeting.title ?? '打招呼' });
    await seen(card);
    await snapBothWidths(page(), 'customer-view-follow-ups', { scrollTo: page().locator('.follow-ups') });
    await card.getByRole('button', { name: '完成' }).click();
    await card.waitFor({ state: 'detached' });
    const row = await e2e.ctx.services.db.followUp.findUniqueOrThrow({ where: { id: greeting.id } });
    expect(row.status).toBe('DONE');
    expect(row.closedAt).not.toBeNull();
  });

  it('sends a script into the chat: the client gets sendChatMessage and the interaction is recorded', async () => {
    await tab('话术').click();
    const script = page().getByRole('listitem', { name: SCRIPT_TITLE });
    await seen(script);
    // The placeholders are filled for this customer (their remark now) and this guide.
    const content = `${NEW_REMARK}您好，我是${GUIDE_NAME}，有需要随时找我～`;
    await eventually(async () => (await script.textContent())?.includes(content), true);
    await snapBothWidths(page(), 'customer-view-scripts', { scrollTo: tabPane() });
    const before = await interactions();
    await script.getByRole('button', { name: '发送' }).click();

    const sent = await waitFor(() => opened.calls('sendChatMessage').find((c) => c.ok));
    expect(sent.params).toMatchObject({ msgtype: 'text', text: { content } });
    const recorded = await waitFor(async () => {
      const rows = await interactions();
      return rows.length > before.length ? rows : undefined;
    });
    expect(recorded[0]).toMatchObject({ source: 'SIDEBAR_MESSAGE' });
    // The message met the open 7-day interaction follow-up and closed it.
    const open = await e2e.ctx.services.db.followUp.count({
      where: { customer: { externalUserid }, status: { in: ['PENDING', 'REMINDED'] } },
    });
    expect(open).toBe(0);
  });

  it('shows the customer’s history, newest first, with what was just done', async () => {
    await tab('轨迹').click();
    const panel = tabPane();
    await seen(panel.getByText(/送礼/));
    await snapBothWidths(page(), 'customer-view-timeline', { scrollTo: panel });
    expect(opened.errors).toEqual([]);
  });

  async function interactions() {
    return e2e.ctx.services.db.interaction.findMany({
      where: { guide: { userid: GUIDE }, customer: { externalUserid } },
      orderBy: { createdAt: 'desc' },
    });
  }
});
