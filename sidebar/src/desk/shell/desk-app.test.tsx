import type { GuideWeekRow, MomentsWeekResponse } from '@contract/moments';
import type { MeResponse } from '@contract/session';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { describe, expect, it, vi } from 'vitest';
import { DeskApp } from '@/desk/shell/desk-app';
import { navigation } from '@/lib/navigation';
import { apiError, fakeServer, json } from '@/testing/fake-server';

const me = (role: MeResponse['role'], name = '李四'): MeResponse => ({
  role,
  userid: role === 'guide' ? 'zhangsan' : 'lisi',
  name,
  store: { id: 's1', name: '长沙五一广场店' },
  wecom: { corpId: 'ww1', agentId: 1000002 },
});

const rule = (name: GuideWeekRow['rules'][number]['rule'], actual: number, bound: number, isMax = false) => ({
  rule: name,
  actual,
  bound: isMax ? { max: bound } : { min: bound },
  passed: isMax ? actual <= bound : actual >= bound,
});

const row = (userid: string, name: string, postingDays: number): GuideWeekRow => {
  const rules = [
    rule('posting_days', postingDays, 6),
    rule('product_days', 4, 4),
    rule('life_days', 2, 2),
    rule('best_window_posts', 2, 2),
    rule('brand_posts', 0, 1, true),
    rule('flagged_posts', 0, 0, true),
  ];
  const passed = rules.every((r) => r.passed);
  return {
    guide: { userid, name, store: { id: 's1', name: '长沙五一广场店' } },
    posts: postingDays,
    score: passed ? 100 : 83,
    passed,
    rules,
  };
};

function week(nudgedToday: string[] = []): MomentsWeekResponse {
  const guides = [row('zhangsan', '张三', 3), row('wangwu', '王五', 2), row('zhaoliu', '赵六', 6)];
  return {
    week: { start: '2026-11-30', end: '2026-12-06', timezone: 'Asia/Shanghai' },
    plan: {
      postingDays: 6,
      productDays: 4,
      lifeDays: 2,
      bestWindowPosts: 2,
      bestWindows: [
        { start: '11:30', end: '14:00' },
        { start: '20:00', end: '23:30' },
      ],
      maxBrandPosts: 1,
    },
    summary: { guides: 3, passed: 1, averageScore: 88.7, posts: 11, rules: [] },
    stores: [],
    guides,
    nudgedToday,
    page: { page: 1, pageSize: 50, total: 3 },
  };
}

function renderDesk() {
  return render(
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <DeskApp />
      </AntApp>
    </ConfigProvider>,
  );
}

describe('the managers’ desk', () => {
  it('turns a guide away', async () => {
    fakeServer().on('GET', '/me', json(me('guide', '张三')));
    renderDesk();
    expect(await screen.findByText('管理台仅对店长和总部开放')).toBeInTheDocument();
    expect(screen.getByText(/你的账号（张三）是导购/)).toBeInTheDocument();
  });

  it('goes to sign in when the session has ended', async () => {
    const assign = vi.spyOn(navigation, 'assign').mockImplementation(() => undefined);
    fakeServer().on('GET', '/me', apiError(401, 'session_expired'));
    renderDesk();
    await waitFor(() => expect(assign).toHaveBeenCalledWith('/auth/wecom/start?returnTo=%2Fsidebar%2F'));
  });

  it('shows a store manager the week rule by rule, nudges a guide once, and says who was nudged today', async () => {
    const server = fakeServer()
      .on('GET', '/me', json(me('store_manager')))
      .on('GET', '/moments/weeks', json(week(['wangwu'])))
      // The chart is not drawn in jsdom: its read fails and the card says so.
      .on('GET', '/moments/trend', apiError(500, 'internal_error'))
      .on('POST', '/moments/nudges', (req) =>
        json(
          { userid: (req.body as { userid: string }).userid, text: '…', sentAt: new Date().toISOString() },
          201,
        ),
      );
    renderDesk();
    const table = (await screen.findByText('导购明细（得分低的在前）')).closest<HTMLElement>('.ant-card')!;
    const zhangsan = (await within(table).findByText('张三')).closest('tr')!;
    expect(zhangsan).toHaveTextContent('未达标');
    expect(zhangsan).toHaveTextContent('✗ 3');
    expect(zhangsan).toHaveTextContent('✓ 4');
    const wangwu = within(table).getByText('王五').closest('tr')!;
    expect(wangwu).toHaveTextContent('今日已提醒');
    expect(within(wangwu).queryByText('提醒')).toBeNull();
    const zhaoliu = within(table).getByText('赵六').closest('tr')!;
    expect(zhaoliu).toHaveTextContent('达标');
    expect(within(zhaoliu).queryByText('提醒')).toBeNull();
    // Role queries walk antd's whole tree with computed styles in jsdom (a minute); text is enough here.
    expect(screen.getByText('导出 CSV').closest('a')).toHaveAttribute(
      'href',
      '/api/v1/moments/weeks/export.csv',
    );

    await userEvent.click(within(zhangsan).getByText('提醒'));
    await waitFor(() => expect(zhangsan).toHaveTextContent('今日已提醒'));
    expect(server.requestsTo('POST', '/moments/nudges').map((r) => r.body)).toEqual([{ userid: 'zhangsan' }]);
    expect(screen.getByText('服务器出错了，请稍后重试')).toBeInTheDocument();
  });
});
