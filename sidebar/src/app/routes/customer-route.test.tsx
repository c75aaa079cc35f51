import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, deferred, fakeServer, json } from '@/testing/fake-server';
import { installFakeWecom } from '@/testing/fake-wecom';
import * as fixtures from '@/testing/fixtures';
import { openCustomer, renderApp, serveSession } from '@/testing/render-app';

describe('the customer view', () => {
  it('shows a designed loading state until the view arrives', async () => {
    const reply = deferred();
    serveSession(fakeServer()).on('GET', '/customer-view', () => reply.promise);
    installFakeWecom();
    renderApp();

    expect(await screen.findByRole('status', { name: '客户资料加载中' })).toBeInTheDocument();
    reply.release(json(fixtures.customerView()));
    expect(await screen.findByRole('heading', { name: /王小美/ })).toBeInTheDocument();
    expect(screen.queryByRole('status', { name: '客户资料加载中' })).not.toBeInTheDocument();
  });

  it('says who this is and what to do next on the first screen', async () => {
    await openCustomer();

    const header = screen.getByRole('banner', { name: '客户' });
    expect(within(header).getByRole('heading')).toHaveTextContent('王小美微信');
    expect(header).toHaveTextContent('入会期');
    expect(header).toHaveTextContent('偏好女装');
    expect(header).toHaveTextContent('通过「门店活码」添加');
    expect(header).toHaveTextContent('上次互动 3天前');
    expect(header).toHaveTextContent('欢迎语已发送');
    const figures = within(header).getByLabelText('消费');
    expect(figures).toHaveTextContent('订单数3');
    expect(figures).toHaveTextContent('累计消费¥1,299.00');
    const todo = screen.getByRole('region', { name: '待跟进' });
    expect(within(todo).getByRole('listitem', { name: '7天互动' })).toHaveTextContent(/\d{2}:\d{2} 到期/);
    expect(screen.getByRole('group', { name: '运营标签' })).toBeInTheDocument();
  });

  it('shows the remark before the name, and a WeCom user’s corp', async () => {
    const base = fixtures.customerView();
    await openCustomer({
      view: {
        ...base,
        customer: { ...base.customer, type: 2, corpName: '星河贸易', position: '采购经理' },
        relation: { ...base.relation, remark: '王姐', description: '喜欢绿茶，M码' },
        lifecycle: { stage: 'DORMANT', changedAt: null },
      },
    });

    const header = screen.getByRole('banner', { name: '客户' });
    expect(within(header).getByRole('heading')).toHaveTextContent('王姐@星河贸易');
    expect(header).toHaveTextContent('昵称：王小美');
    expect(header).toHaveTextContent('采购经理');
    expect(header).toHaveTextContent('喜欢绿茶，M码');
    expect(header).toHaveTextContent('沉睡期');
  });

  it('says the customer was not found, revealing nothing, when the API answers 404', async () => {
    serveSession(fakeServer()).on(
      'GET',
      '/customer-view',
      apiError(404, 'relation_not_found', 'relation not found'),
    );
    installFakeWecom({ externalUserid: 'wmSomeoneElses' });
    renderApp();

    expect(await screen.findByRole('heading', { name: '没有找到这位客户' })).toBeInTheDocument();
    expect(screen.queryByRole('banner', { name: '客户' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '重试' })).not.toBeInTheDocument();
  });

  it('offers a retry when the view fails to load, and recovers', async () => {
    const server = serveSession(fakeServer()).on('GET', '/customer-view', apiError(500, 'internal_error'));
    installFakeWecom();
    const { user } = renderApp();

    expect(await screen.findByText('客户资料加载失败')).toBeInTheDocument();
    expect(screen.getByText('服务器出错了，请稍后重试')).toBeInTheDocument();
    server.on('GET', '/customer-view', json(fixtures.customerView()));
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByRole('heading', { name: /王小美/ })).toBeInTheDocument();
  });

  it('says so when the customer deleted the guide, and offers no tag changes', async () => {
    const base = fixtures.customerView();
    await openCustomer({ view: { ...base, relation: { ...base.relation, status: 'DELETED_BY_CUSTOMER' } } });

    expect(screen.getByText('客户已删除你，资料仅供查看')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /高意向/ })).toBeDisabled();
  });

  it('shows the member groups and the recent orders', async () => {
    const { user } = await openCustomer();

    expect(screen.getByRole('region', { name: '会员分组' })).toHaveTextContent('湖南特产爱好者');
    await user.click(screen.getByRole('tab', { name: '资料' }));
    const orders = await screen.findByRole('region', { name: '最近订单' });
    expect(orders).toHaveTextContent('订单 PO1001');
    expect(orders).toHaveTextContent('¥599.00');
  });
});
