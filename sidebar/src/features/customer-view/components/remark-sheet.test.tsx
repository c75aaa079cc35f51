import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, fakeServer, json } from '@/testing/fake-server';
import * as fixtures from '@/testing/fixtures';
import { openCustomer } from '@/testing/render-app';

const remarkPath = '/relations/:id/remark';

describe('editing the remark', () => {
  it('refuses a remark over 20 characters before saving anything', async () => {
    const server = fakeServer();
    const { user } = await openCustomer({ server });

    await user.click(screen.getByRole('button', { name: '编辑备注' }));
    const form = await screen.findByRole('form', { name: '编辑备注' });
    await user.type(within(form).getAllByRole('textbox')[0]!, '一二三四五六七八九十一二三四五六七八九十一');

    expect(form).toHaveTextContent('备注最多 20 个字，现在 21 个');
    expect(within(form).getByRole('button', { name: '保存' })).toBeDisabled();
    await user.keyboard('{Enter}');
    expect(server.requestsTo('PATCH', remarkPath)).toHaveLength(0);
  });

  it('refuses a description over 150 characters', async () => {
    const { user } = await openCustomer();

    await user.click(screen.getByRole('button', { name: '编辑备注' }));
    const form = await screen.findByRole('form', { name: '编辑备注' });
    const description = within(form).getAllByRole('textbox')[1]!;
    await user.click(description);
    await user.paste('好'.repeat(151));

    expect(form).toHaveTextContent('描述最多 150 个字，现在 151 个');
    expect(within(form).getByRole('button', { name: '保存' })).toBeDisabled();
  });

  it('saves the remark and description, and the header shows the new remark', async () => {
    const server = fakeServer().on('PATCH', remarkPath, (request) =>
      json({
        relationId: fixtures.RELATION_ID,
        remark: '王姐',
        description: '喜欢绿茶',
        ...(request.body as object),
      }),
    );
    const { user } = await openCustomer({ server });

    await user.click(screen.getByRole('button', { name: '编辑备注' }));
    const form = await screen.findByRole('form', { name: '编辑备注' });
    const [remark, description] = within(form).getAllByRole('textbox');
    await user.type(remark!, '  王姐 ');
    await user.type(description!, '喜欢绿茶');
    await user.click(within(form).getByRole('button', { name: '保存' }));

    await waitFor(() => expect(screen.queryByRole('form', { name: '编辑备注' })).not.toBeInTheDocument());
    expect(server.requestsTo('PATCH', remarkPath)[0]?.body).toEqual({
      remark: '王姐',
      description: '喜欢绿茶',
    });
    expect(server.requestsTo('PATCH', remarkPath)[0]?.params.id).toBe(fixtures.RELATION_ID);
    const header = screen.getByRole('banner', { name: '客户' });
    expect(within(header).getByRole('heading')).toHaveTextContent('王姐');
    expect(header).toHaveTextContent('昵称：王小美');
    expect(header).toHaveTextContent('喜欢绿茶');
  });

  it('keeps the sheet open and says why when WeCom refuses the remark', async () => {
    const server = fakeServer().on('PATCH', remarkPath, apiError(502, 'wecom_40058', 'invalid parameter'));
    const { user } = await openCustomer({ server });

    await user.click(screen.getByRole('button', { name: '编辑备注' }));
    const form = await screen.findByRole('form', { name: '编辑备注' });
    await user.type(within(form).getAllByRole('textbox')[0]!, '王姐');
    await user.click(within(form).getByRole('button', { name: '保存' }));

    expect(await within(form).findByRole('alert')).toHaveTextContent(
      '保存失败：企业微信返回错误（40058），请稍后重试',
    );
    expect(within(screen.getByRole('banner', { name: '客户' })).getByRole('heading')).toHaveTextContent(
      '王小美',
    );
  });
});
