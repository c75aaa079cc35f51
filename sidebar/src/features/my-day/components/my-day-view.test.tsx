import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, deferred, fakeServer, json } from '@/testing/fake-server';
import { installFakeWecom } from '@/testing/fake-wecom';
import * as fixtures from '@/testing/fixtures';
import { renderApp, serveSession } from '@/testing/render-app';

const overdue = fixtures.dayFollowUp({
  id: 'fu-late',
  title: '售后回访',
  kind: 'SERVICE_REMINDER',
  isOverdue: true,
  dueAt: new Date(Date.now() - 26 * 3_600_000).toISOString(),
  customer: { externalUserid: 'wmLate', name: '李四', avatar: null, remark: '李姐' },
});
const soon = fixtures.dayFollowUp({ id: 'fu-soon', title: '7天互动' });
const day = fixtures.myDay({ followUps: [overdue, soon], counts: { dueToday: 1, overdue: 1, doneToday: 2 } });

function openDay(server = fakeServer().on('GET', '/my-day', json(day))) {
  serveSession(server);
  const wecom = installFakeWecom({ entry: 'normal' });
  return { server, wecom, ...renderApp() };
}

describe('the guide’s day (今日待办)', () => {
  it('shows a designed loading state, then the counts and the follow-ups, overdue marked', async () => {
    const reply = deferred();
    openDay(fakeServer().on('GET', '/my-day', () => reply.promise));

    expect(await screen.findByRole('status', { name: '今日待办加载中' })).toBeInTheDocument();
    reply.release(json(day));
    const counts = await screen.findByLabelText('今日概况');
    expect(counts).toHaveTextContent('今日待办1');
    expect(counts).toHaveTextContent('已逾期1');
    expect(counts).toHaveTextContent('今日已完成2');
    const items = within(screen.getByRole('region', { name: '待跟进客户' })).getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual(['李姐：售后回访', '王小美：7天互动']);
    expect(items[0]).toHaveTextContent('已逾期');
    expect(items[1]).not.toHaveTextContent('已逾期');
    await screen.findByRole('list', { name: '本周进度' });
    expect(screen.getByRole('region', { name: '今日朋友圈' })).toHaveTextContent('今天发：产品内容');
  });

  it('opens the customer’s chat with a tap', async () => {
    const { user, wecom } = openDay();

    const item = await screen.findByRole('listitem', { name: '李姐：售后回访' });
    await user.click(within(item).getByRole('button', { name: /李姐/ }));

    await waitFor(() => expect(wecom.openedChats).toHaveLength(1));
    expect(wecom.openedChats[0]).toEqual({ externalUserIds: 'wmLate', groupName: '' });
  });

  it('完成 closes the follow-up inline, without opening the chat, and reads the counts again', async () => {
    const server = fakeServer()
      .on('GET', '/my-day', json(day))
      .on(
        'POST',
        '/follow-ups/:id/done',
        json({ followUp: fixtures.followUp({ id: 'fu-late', status: 'DONE' }) }),
      );
    const { user, wecom } = openDay(server);

    const item = await screen.findByRole('listitem', { name: '李姐：售后回访' });
    server.on(
      'GET',
      '/my-day',
      json({ ...day, followUps: [soon], counts: { dueToday: 1, overdue: 0, doneToday: 3 } }),
    );
    await user.click(within(item).getByRole('button', { name: '完成' }));

    await waitFor(() => expect(screen.getByLabelText('今日概况')).toHaveTextContent('今日已完成3'));
    expect(screen.queryByRole('listitem', { name: '李姐：售后回访' })).not.toBeInTheDocument();
    expect(server.requestsTo('POST', '/follow-ups/:id/done')[0]?.params.id).toBe('fu-late');
    expect(server.requestsTo('GET', '/my-day')).toHaveLength(2);
    expect(wecom.openedChats).toEqual([]);
  });

  it('says when the day is clear', async () => {
    openDay(fakeServer().on('GET', '/my-day', json(fixtures.myDay())));
    expect(await screen.findByText('今天的待办都完成了')).toBeInTheDocument();
  });

  it('offers a retry when the day fails to load', async () => {
    const server = fakeServer().on('GET', '/my-day', apiError(500, 'internal_error'));
    const { user } = openDay(server);

    expect(await screen.findByText('今日待办加载失败')).toBeInTheDocument();
    server.on('GET', '/my-day', json(day));
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByRole('listitem', { name: '李姐：售后回访' })).toBeInTheDocument();
  });
});
