import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, deferred, fakeServer, json } from '@/testing/fake-server';
import * as fixtures from '@/testing/fixtures';
import { openCustomer } from '@/testing/render-app';

const { TAG_HIGH_INTENT, TAG_VIP, TAG_RULE, RELATION_ID } = fixtures;
const tagsPath = '/relations/:id/tags';
const chip = (name: string) => screen.getByRole('button', { name: new RegExp(`^${name}`) });

describe('tags on the customer view', () => {
  it('adds a tag with one tap: pressed at once, saving until the server answers, then saved', async () => {
    const reply = deferred();
    const server = fakeServer().on('POST', tagsPath, () => reply.promise);
    const { user } = await openCustomer({ server });

    expect(chip('高意向')).toHaveAttribute('aria-pressed', 'false');
    await user.click(chip('高意向'));

    expect(chip('高意向')).toHaveAttribute('aria-pressed', 'true');
    expect(chip('高意向')).toHaveAttribute('data-state', 'saving');
    const [request] = server.requestsTo('POST', tagsPath);
    expect(request?.params.id).toBe(RELATION_ID);
    expect(request?.body).toEqual({ add: [TAG_HIGH_INTENT] });
    expect(request?.headers.get('Content-Type')).toBe('application/json');

    const saved = fixtures.relationTags();
    reply.release(
      json({
        ...saved,
        corpTags: [
          ...saved.corpTags,
          { id: TAG_HIGH_INTENT, name: '高意向', groupName: '运营标签', pending: true },
        ],
      }),
    );
    // Saved here, on its way to WeCom: shown as pending there.
    await waitFor(() => expect(chip('高意向')).toHaveAttribute('data-state', 'pending'));
    expect(chip('高意向')).toHaveAttribute('aria-pressed', 'true');
    expect(within(chip('高意向')).getByLabelText('待同步到企业微信')).toBeInTheDocument();
  });

  it('removes a tag with one tap', async () => {
    const server = fakeServer().on('POST', tagsPath, json(fixtures.relationTags({ corpTags: [] })));
    const { user } = await openCustomer({ server });

    expect(chip('VIP')).toHaveAttribute('aria-pressed', 'true');
    await user.click(chip('VIP'));

    await waitFor(() => expect(chip('VIP')).toHaveAttribute('data-state', 'saved'));
    expect(chip('VIP')).toHaveAttribute('aria-pressed', 'false');
    expect(server.requestsTo('POST', tagsPath).map((r) => r.body)).toEqual([{ remove: [TAG_VIP] }]);
  });

  it('rolls a refused tap back, says why, and a retry saves it', async () => {
    const server = fakeServer().on('POST', tagsPath, apiError(409, 'tag_deleted', 'tag deleted in WeCom'));
    const { user } = await openCustomer({ server });

    await user.click(chip('高意向'));

    const failure = await screen.findByRole('alert');
    expect(failure).toHaveTextContent('「高意向」添加失败：标签已在企业微信删除');
    expect(chip('高意向')).toHaveAttribute('aria-pressed', 'false');
    expect(chip('高意向')).toHaveAttribute('data-state', 'failed');

    const saved = fixtures.relationTags();
    server.on(
      'POST',
      tagsPath,
      json({
        ...saved,
        corpTags: [
          ...saved.corpTags,
          { id: TAG_HIGH_INTENT, name: '高意向', groupName: '运营标签', pending: false },
        ],
      }),
    );
    await user.click(within(failure).getByRole('button', { name: '重试' }));

    await waitFor(() => expect(chip('高意向')).toHaveAttribute('aria-pressed', 'true'));
    expect(chip('高意向')).toHaveAttribute('data-state', 'saved');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(server.requestsTo('POST', tagsPath).map((r) => r.body)).toEqual([
      { add: [TAG_HIGH_INTENT] },
      { add: [TAG_HIGH_INTENT] },
    ]);
  });

  it('saves taps one at a time, in the order they were made', async () => {
    const first = deferred();
    const server = fakeServer().on('POST', tagsPath, () => first.promise);
    const { user } = await openCustomer({ server });

    await user.click(chip('高意向'));
    await user.click(chip('VIP'));
    expect(chip('VIP')).toHaveAttribute('aria-pressed', 'false');
    expect(server.requestsTo('POST', tagsPath)).toHaveLength(1);

    server.on('POST', tagsPath, json(fixtures.relationTags({ corpTags: [] })));
    first.release(json(fixtures.relationTags()));
    await waitFor(() => expect(server.requestsTo('POST', tagsPath)).toHaveLength(2));
    expect(server.requestsTo('POST', tagsPath).map((r) => r.body)).toEqual([
      { add: [TAG_HIGH_INTENT] },
      { remove: [TAG_VIP] },
    ]);
  });

  it('shows rule-group tags but does not let them be tapped', async () => {
    const base = fixtures.customerView();
    await openCustomer({
      view: {
        ...base,
        tags: fixtures.relationTags({
          ruleGroupTags: [{ id: TAG_RULE, name: '高消费', groupName: '消费能力' }],
        }),
      },
    });

    const group = screen.getByRole('group', { name: '消费能力' });
    expect(group).toHaveTextContent('规则组标签，由企业微信自动打');
    expect(chip('高消费')).toHaveAttribute('aria-pressed', 'true');
    expect(chip('高消费')).toBeDisabled();
    expect(screen.getByRole('group', { name: '个人标签' })).toHaveTextContent('爱喝茶');
  });

  it('lists the changes WeCom refused, with a retry only where one can work', async () => {
    const base = fixtures.customerView();
    const at = new Date().toISOString();
    const server = fakeServer();
    const { user } = await openCustomer({
      server,
      view: {
        ...base,
        tags: fixtures.relationTags({
          changes: [
            { id: 'c1', tagName: '高意向', op: 'ADD', status: 'FAILED', error: '系统繁忙', errcode: -1, at },
            {
              id: 'c2',
              tagName: 'VIP',
              op: 'REMOVE',
              status: 'FAILED',
              error: '客户已不是好友',
              errcode: 84061,
              at,
            },
          ],
        }),
      },
    });

    const refused = screen.getByLabelText('企业微信未接受的修改');
    expect(refused).toHaveTextContent('添加「高意向」失败：系统繁忙');
    expect(refused).toHaveTextContent('移除「VIP」失败：客户已不是好友');
    const retries = within(refused).getAllByRole('button', { name: '重试' });
    expect(retries).toHaveLength(1);

    server.on('POST', tagsPath, json(fixtures.relationTags()));
    await user.click(retries[0]!);
    await waitFor(() => expect(server.requestsTo('POST', tagsPath)).toHaveLength(1));
    expect(server.requestsTo('POST', tagsPath)[0]?.body).toEqual({ add: [TAG_HIGH_INTENT] });
  });
});
