// Issue #11 in headless Chromium: the managers' desk at /desk/. A store manager signs in in a desktop browser
// through WeCom's web login (the simulator's QR page, where choosing a member is their scan), reads the week's
// table of guides against the plan, drills into a guide's posts, corrects one's classification, nudges the guide
// (the app message reaches the simulator) and downloads the week as CSV. A guide who opens the desk is turned away.
import fs from 'node:fs';
import { DateTime } from 'luxon';
import { syncMoments } from '../../bot/domain/moments/sync-moments';
import { domainDeps, waitFor } from '../helpers/harness';
import { collectPageErrors, newDeskContext, snapDesk } from './support/browser';
import { ACTION_TIMEOUT_MS, type E2eContext, seen, startE2eContext } from './support/e2e-context';

jest.setTimeout(90_000);

const GUIDE = 'zhangsan';
const MANAGER = 'lisi';
/** HQ's operator: a member of the head office (department 1) named in HQ_USERIDS, without customer contact. */
const HQ = 'zhouba';

describe('the managers’ desk', () => {
  let e2e: E2eContext;

  beforeAll(async () => {
    e2e = await startE2eContext({ env: { HQ_USERIDS: HQ } });
    e2e.ctx.sim.state.members.set(HQ, {
      userid: HQ,
      name: '周八',
      department: [1],
      mainDepartment: 1,
      position: '总部运营',
      hasCustomerContact: false,
    });
    // Two posts of 张三's this week (in Shanghai's week), both before now.
    const now = Date.now();
    const monday = DateTime.fromMillis(now, { zone: 'Asia/Shanghai' }).startOf('week').toMillis();
    const at = (ms: number) => Math.floor(ms / 1000);
    e2e.ctx.sim.guidePostsMoment({
      userid: GUIDE,
      text: '梅溪湖边的傍晚，风很舒服。',
      createTime: at(Math.max(monday + 60_000, now - 26 * 3_600_000)),
    });
    e2e.ctx.sim.guidePostsMoment({
      userid: GUIDE,
      text: '湘西腊肉到店了，柴火慢熏四十天。',
      createTime: at(now - 120_000),
    });
    await syncMoments(domainDeps(e2e.ctx), { now: new Date(now + 60_000) });
  }, 180_000);
  afterAll(() => e2e?.close(), 120_000);

  /** A desktop browser at /desk/ with no session, signed in as `userid` through the web login page. */
  async function signInAtDesk(userid: string, name: string) {
    const context = await newDeskContext(e2e.browser);
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    const errors = collectPageErrors(page, [e2e.ctx.url, e2e.ctx.sim.url]);
    await page.goto(`${e2e.ctx.url}/desk/`);
    await seen(page.getByText('请使用企业微信扫描二维码登录'));
    expect(page.url().startsWith(`${e2e.ctx.sim.url}/wwlogin/sso/login?`)).toBe(true);
    await page.getByRole('link', { name: new RegExp(`^${name}`) }).click();
    await page.waitForURL(`${e2e.ctx.url}/desk/**`);
    return { context, page, errors };
  }

  it('signs a store manager in by QR, shows the week, drills down, corrects, nudges and exports', async () => {
    const { context, page, errors } = await signInAtDesk(MANAGER, '李四');
    await seen(page.getByText('门店管理台'));
    await seen(page.getByText('李四 · 店长 · 长沙五一广场店'));
    const table = page.locator('.ant-table').first();
    const row = table.locator('tr', { hasText: '张三' });
    await seen(row);
    // The store's guides only: 王五 is another store's.
    await expect(table.locator('tr', { hasText: '王五' }).count()).resolves.toBe(0);
    await seen(row.getByText('未达标'));
    await seen(page.getByRole('img', { name: '近 12 周达标率与平均分' }).locator('canvas'));
    await snapDesk(page, 'desk-week');

    // Drill-down: the calendar and both posts, each with its classification.
    await row.getByRole('button', { name: '查看' }).click();
    const drawer = page.getByRole('dialog');
    await seen(drawer.getByRole('group', { name: '发圈日历' }));
    await seen(drawer.getByText('湘西腊肉到店了'));
    await seen(drawer.getByText('梅溪湖边的傍晚'));
    // …and the guide's own 12 weeks.
    await seen(drawer.getByRole('img', { name: '近 12 周达标率与平均分' }).locator('canvas'));
    await snapDesk(page, 'desk-drilldown');

    // Correct the evening post to a brand post: it sticks in the database as the manager's correction.
    const post = drawer.locator('tr', { hasText: '梅溪湖边的傍晚' });
    await post.getByLabel('修正分类').click();
    await page.locator('.ant-select-item-option', { hasText: '品牌' }).click();
    await seen(page.getByText('已修正，本周得分已重新计算'));
    const corrected = await waitFor(
      async () =>
        (await e2e.ctx.services.db.momentPost.findFirst({
          where: { text: { startsWith: '梅溪湖边的傍晚' }, correctedKind: { not: null } },
        })) ?? undefined,
    );
    expect({ kind: corrected.correctedKind, by: corrected.correctedBy }).toEqual({
      kind: 'brand',
      by: MANAGER,
    });
    await seen(post.getByText('人工修正'));
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // Nudge: the app message reaches 张三 through the simulator, once.
    const before = e2e.ctx.sim.state.appMessages.length;
    await row.getByRole('button', { name: '提醒' }).click();
    await seen(page.getByText('已提醒 张三'));
    const sent = e2e.ctx.sim.state.appMessages.slice(before);
    expect(sent.map((m) => m.deliveredTo)).toEqual([[GUIDE]]);
    expect((sent[0]!.body as { text: { content: string } }).text.content).toContain('发圈');
    // Once a day: the row says so, then and after a reload (the server's record), and offers no second nudge.
    await seen(row.getByText('今日已提醒'));
    await page.reload();
    await seen(row.getByText('今日已提醒'));
    await expect(row.getByRole('button', { name: '提醒' }).count()).resolves.toBe(0);
    expect(e2e.ctx.sim.state.appMessages.length).toBe(before + 1);

    // CSV: the week's table as a download, the store's guides in it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '导出 CSV' }).click(),
    ]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toContain('门店,导购,企业微信账号');
    expect(csv).toContain('张三');
    expect(csv).not.toContain('王五');

    await page.getByRole('tab', { name: '跟进纪律' }).click();
    await seen(page.getByText('导购明细（逾期多的在前）'));
    await seen(page.getByRole('tabpanel', { name: '跟进纪律' }).locator('tr', { hasText: '张三' }));
    await snapDesk(page, 'desk-discipline');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets HQ see every store, add a library item, publish it as enterprise Moments and follow who posted it', async () => {
    const { context, page, errors } = await signInAtDesk(HQ, '周八');
    await seen(page.getByText('周八 · 总部运营'));
    const week = page.getByRole('tabpanel', { name: '朋友圈周检' });
    await seen(week.locator('tr', { hasText: '王五' }));
    await seen(week.getByLabel('选择门店'));
    await seen(week.getByText('门店（平均分低的在前，点击只看该店）'));
    await snapDesk(page, 'desk-week-hq');
    // A store chosen from the roll-up: only its guides.
    await week.locator('tr', { hasText: '长沙梅溪湖店' }).first().click();
    await seen(week.getByText('共 2 位导购'));
    await expect(week.locator('tr', { hasText: '张三' }).count()).resolves.toBe(0);
    await seen(week.locator('tr', { hasText: '王五' }));

    await page.getByRole('tab', { name: '素材库' }).click();
    const library = page.getByRole('tabpanel', { name: '素材库' });
    await library.getByRole('button', { name: '新建素材' }).click();
    const form = page.getByRole('dialog').filter({ hasText: '新建素材' });
    await form.getByText('生活', { exact: true }).click();
    await form.getByLabel('标题（导购看到的名称）').fill('周末爬山');
    await form.getByLabel('文案').fill('岳麓山的枫叶红了，周末一起去走走。');
    await snapDesk(page, 'desk-library-form');
    await form.getByRole('button', { name: /^保\s?存$/ }).click();
    await seen(page.getByText('素材已添加'));
    const row = library.locator('tr', { hasText: '周末爬山' });
    await seen(row);
    const item = await e2e.ctx.services.db.momentLibraryItem.findFirstOrThrow({
      where: { title: '周末爬山' },
    });
    expect({ kind: item.kind, text: item.text, createdBy: item.createdBy }).toEqual({
      kind: 'life',
      text: '岳麓山的枫叶红了，周末一起去走走。',
      createdBy: expect.stringContaining(HQ),
    });
    await snapDesk(page, 'desk-library');

    // Published for 张三 only: the task is WeCom's (add_moment_task), followed on the tasks tab.
    await row.getByRole('button', { name: '发企业朋友圈' }).click();
    const publish = page.getByRole('dialog').filter({ hasText: '发企业朋友圈：周末爬山' });
    await publish.getByLabel('由哪些导购发表').click();
    await page.locator('.ant-select-item-option', { hasText: '张三（长沙五一广场店）' }).click();
    await publish.getByRole('button', { name: /^创\s?建$/ }).click();
    await seen(page.getByText('企业朋友圈已创建，等待导购发表'));
    const tasks = page.getByRole('tabpanel', { name: '企业朋友圈' });
    const taskRow = tasks.locator('tr', { hasText: '周末爬山' });
    await seen(taskRow.getByText('已创建'));
    const task = await e2e.ctx.services.db.momentTask.findFirstOrThrow({ where: { itemId: item.id } });
    expect(task.senderUserids).toEqual([GUIDE]);
    e2e.ctx.sim.memberPublishesMomentTask(task.momentId!, GUIDE);
    await taskRow.getByRole('button', { name: '刷新结果' }).click();
    await seen(taskRow.getByText('1 / 1'));
    await snapDesk(page, 'desk-tasks');

    // Archived, it leaves the current items.
    await page.getByRole('tab', { name: '素材库' }).click();
    await row.getByRole('button', { name: '归档' }).click();
    await seen(page.getByText('已归档'));
    await row.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tells a guide who opens the desk that it is for managers', async () => {
    const { context, page } = await signInAtDesk(GUIDE, '张三');
    await seen(page.getByText('管理台仅对店长和总部开放'));
    await snapDesk(page, 'desk-guide');
    await context.close();
  });
});
