import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, fakeServer, json } from '@/testing/fake-server';
import * as fixtures from '@/testing/fixtures';
import { openCustomer } from '@/testing/render-app';

const todo = () => screen.getByRole('region', { name: '待跟进' });

afterEach(() => {
  vi.useRealTimers();
});

describe('follow-ups on the customer view', () => {
  it('完成 closes the follow-up and takes it off the list', async () => {
    const server = fakeServer().on(
      'POST',
      '/follow-ups/:id/done',
      json({ followUp: fixtures.followUp({ status: 'DONE' }) }),
    );
    const { user } = await openCustomer({ server });

    await user.click(within(todo()).getByRole('button', { name: '完成' }));

    expect(await screen.findByText('已完成')).toBeInTheDocument();
    expect(within(todo()).queryByRole('listitem')).not.toBeInTheDocument();
    expect(todo()).toHaveTextContent('没有待跟进的事项');
    const [done] = server.requestsTo('POST', '/follow-ups/:id/done');
    expect(done?.params.id).toBe('fu-1');
    expect(done?.body).toEqual({});
  });

  it('keeps the follow-up and says why when 完成 fails', async () => {
    const server = fakeServer().on('POST', '/follow-ups/:id/done', apiError(404, 'follow_up_not_found'));
    const { user } = await openCustomer({ server });

    await user.click(within(todo()).getByRole('button', { name: '完成' }));

    expect(await screen.findByText('没有完成：这条待办已不存在')).toBeInTheDocument();
    expect(within(todo()).getByRole('listitem', { name: '7天互动' })).toBeInTheDocument();
  });

  it('延后 to tomorrow 10:00 sends that time and shows the new due time', async () => {
    // Tuesday 2026-12-01 15:00 in Shanghai (the tests' zone, vite.config.ts).
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T15:00:00+08:00') });
    const tomorrow10 = '2026-12-02T02:00:00.000Z';
    const server = fakeServer().on('POST', '/follow-ups/:id/snooze', (request) =>
      json({ followUp: fixtures.followUp({ dueAt: (request.body as { until: string }).until }) }),
    );
    const { user } = await openCustomer({ server });

    await user.click(within(todo()).getByRole('button', { name: '延后' }));
    await user.click(await screen.findByText('明天上午10点'));

    await waitFor(() => expect(server.requestsTo('POST', '/follow-ups/:id/snooze')).toHaveLength(1));
    expect(server.requestsTo('POST', '/follow-ups/:id/snooze')[0]?.body).toEqual({ until: tomorrow10 });
    expect(await within(todo()).findByText('明天 10:00 到期')).toBeInTheDocument();
  });

  it('延后 to a time chosen in the picker', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T15:00:00+08:00') });
    const server = fakeServer().on('POST', '/follow-ups/:id/snooze', (request) =>
      json({ followUp: fixtures.followUp({ dueAt: (request.body as { until: string }).until }) }),
    );
    const { user } = await openCustomer({ server });

    await user.click(within(todo()).getByRole('button', { name: '延后' }));
    await user.click(await screen.findByText('选择时间…'));
    // The picker opens on tomorrow 10:00; confirming takes what the wheels show.
    await user.click(await screen.findByText('确定'));

    await waitFor(() => expect(server.requestsTo('POST', '/follow-ups/:id/snooze')).toHaveLength(1));
    expect(server.requestsTo('POST', '/follow-ups/:id/snooze')[0]?.body).toEqual({
      until: '2026-12-02T02:00:00.000Z',
    });
  });

  it('offers 1 hour, tomorrow 10:00 and next Monday 10:00, and cancelling sends nothing', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T15:00:00+08:00') });
    const server = fakeServer();
    const { user } = await openCustomer({ server });

    await user.click(within(todo()).getByRole('button', { name: '延后' }));
    expect(await screen.findByText('1小时后')).toBeInTheDocument();
    expect(screen.getByText('今天 16:00')).toBeInTheDocument();
    expect(screen.getByText('明天 10:00')).toBeInTheDocument();
    expect(screen.getByText('下周一上午10点')).toBeInTheDocument();
    expect(screen.getByText('12月7日 10:00')).toBeInTheDocument();
    await user.click(screen.getByText('取消'));
    expect(server.requestsTo('POST', '/follow-ups/:id/snooze')).toHaveLength(0);
  });

  it('sends the suggested message into the chat and records it as an interaction', async () => {
    const server = fakeServer().on(
      'POST',
      '/interactions/sidebar-messages',
      json({ isNew: true, closedFollowUps: 1 }, 201),
    );
    const { user, wecom } = await openCustomer({ server });
    // After the send the view is read again: the message closed the follow-up.
    server.on('GET', '/customer-view', json(fixtures.customerView({ followUps: [] })));

    await user.click(within(todo()).getByRole('button', { name: '建议话术' }));
    const sheet = await screen.findByRole('dialog', { name: '建议话术' });
    expect(sheet).toHaveTextContent('王小美您好，最近新到了几款秋装，有空来店里看看～');
    await user.click(within(sheet).getByRole('button', { name: '发送给客户' }));

    await waitFor(() => expect(todo()).toHaveTextContent('没有待跟进的事项'));
    expect(wecom.sent).toEqual([
      { msgtype: 'text', text: { content: '王小美您好，最近新到了几款秋装，有空来店里看看～' } },
    ]);
    const [report] = server.requestsTo('POST', '/interactions/sidebar-messages');
    expect(report?.body).toMatchObject({ externalUserid: fixtures.EXTERNAL_USERID });
    expect((report?.body as { clientId: string }).clientId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(new Date((report?.body as { sentAt: string }).sentAt).toISOString()).toBe(
      (report?.body as { sentAt: string }).sentAt,
    );
  });

  it('only copies the suggested message when opened from the customer’s profile (no chat to send into)', async () => {
    const { user } = await openCustomer({ entry: 'contact_profile' });

    await user.click(within(todo()).getByRole('button', { name: '建议话术' }));
    const sheet = await screen.findByRole('dialog', { name: '建议话术' });
    expect(within(sheet).getByRole('button', { name: '复制' })).toBeInTheDocument();
    expect(within(sheet).queryByRole('button', { name: '发送给客户' })).not.toBeInTheDocument();
  });
});
