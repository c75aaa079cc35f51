// The guide's day (entry `normal`: the workbench or the reminder digest's link) and what the page shows when the
// JS-SDK cannot work, in headless Chromium through the WeCom client stand-in.
import { waitFor } from '../helpers/harness';
import { snapBothWidths } from './support/browser';
import { type E2eContext, eventually, openSidebar, seen, startE2eContext } from './support/e2e-context';

jest.setTimeout(60_000);

/** A guide of 长沙梅溪湖店 with two customers who just added them without a welcome code: two greetings due. */
const GUIDE = 'zhaoliu';
const NEW_CUSTOMERS = ['周晓晴', '吴桐'];

describe('the guide’s day', () => {
  let e2e: E2eContext;
  const customers: { name: string; externalUserid: string }[] = [];

  beforeAll(async () => {
    e2e = await startE2eContext();
    for (const name of NEW_CUSTOMERS) {
      const { externalUserid } = await e2e.ctx.sim.addCustomer({
        userid: GUIDE,
        name,
        withWelcomeCode: false,
      });
      customers.push({ name, externalUserid });
    }
    await waitFor(async () => {
      const greetings = await e2e.ctx.services.db.followUp.count({
        // Open: PENDING, or REMINDED once the reminder digest (sent at once in working hours) went out.
        where: { guide: { userid: GUIDE }, kind: 'GREETING', status: { in: ['PENDING', 'REMINDED'] } },
      });
      return greetings === NEW_CUSTOMERS.length;
    }, 30_000);
  }, 180_000);
  afterAll(() => e2e?.close());

  it('lists today’s follow-ups across the guide’s customers, and a tap opens that customer’s chat', async () => {
    const client = await e2e.newClient();
    const opened = await openSidebar(e2e, client, { userid: GUIDE, entry: 'normal' });
    const { page } = opened;
    const item = (name: string) => page.getByRole('listitem', { name: `${name}：新客户打招呼` });
    for (const { name } of customers) await seen(item(name));
    // Only the greetings are due today; the 7-day follow-ups are not listed yet.
    expect(await page.locator('.day-list > li').count()).toBe(NEW_CUSTOMERS.length);
    await snapBothWidths(page, 'my-day');

    const [first] = customers;
    await item(first!.name).getByRole('button').first().click();
    const call = await waitFor(() => opened.calls('openEnterpriseChat')[0]);
    expect(call).toMatchObject({ ok: true, params: { externalUserIds: first!.externalUserid } });
    expect(opened.errors).toEqual([]);
  });

  it('marks a follow-up done from the list', async () => {
    const client = await e2e.newClient();
    const { page } = await openSidebar(e2e, client, { userid: GUIDE, entry: 'normal' });
    const second = customers[1]!;
    const item = page.getByRole('listitem', { name: `${second.name}：新客户打招呼` });
    await seen(item);
    const done = page.getByRole('definition').nth(2);
    const doneBefore = Number(await done.textContent());
    await item.getByRole('button', { name: '完成' }).click();
    await item.waitFor({ state: 'detached' });
    const row = await e2e.ctx.services.db.followUp.findFirstOrThrow({
      where: { customer: { externalUserid: second.externalUserid }, kind: 'GREETING' },
    });
    expect(row.status).toBe('DONE');
    // Done counts the greeting, and the 7-day interaction follow-up it met: marking it done is an interaction.
    const closed = await e2e.ctx.services.db.followUp.count({
      where: { customer: { externalUserid: second.externalUserid }, status: 'DONE' },
    });
    expect(closed).toBeGreaterThanOrEqual(1);
    await eventually(async () => Number(await done.textContent()), doneBefore + closed);
  });

  it('shows the guide what is wrong and what the admin must fix when the JS-SDK refuses the page (80001)', async () => {
    const client = await e2e.newClient();
    // Signed in first: OAuth itself refuses a redirect off the trusted domain (50001) before any page loads.
    const first = await openSidebar(e2e, client, { userid: GUIDE, entry: 'normal' });
    await seen(first.page.getByText('待跟进客户'));
    e2e.ctx.sim.setTrustedDomain('scrm.example.com');
    try {
      const { page, calls } = await openSidebar(e2e, client, { userid: GUIDE, entry: 'normal' });
      const alert = page.getByRole('alert', { name: '无法连接企业微信' });
      await seen(alert);
      expect(await alert.innerText()).toContain('可信域名');
      expect(await alert.innerText()).toContain('管理员需要处理');
      expect(calls('register').some((c) => !c.ok && JSON.stringify(c.result).includes('80001'))).toBe(true);
      await snapBothWidths(page, 'sdk-error');
    } finally {
      e2e.ctx.sim.setTrustedDomain('127.0.0.1');
    }
  });
});
