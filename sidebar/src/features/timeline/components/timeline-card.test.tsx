import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiError, fakeServer, json } from '@/testing/fake-server';
import * as fixtures from '@/testing/fixtures';
import { openCustomer } from '@/testing/render-app';

const timelinePath = '/relations/:id/timeline';

async function openTimeline(server = fakeServer()) {
  const opened = await openCustomer({ server });
  await opened.user.click(screen.getByRole('tab', { name: '轨迹' }));
  return opened;
}

// jsdom lays nothing out, so InfiniteScroll never sees its sentinel; give elements a parent as a browser
// would once rendered, and everything counts as scrolled into view.
const offsetParent = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetParent');
beforeEach(() => {
  Object.defineProperty(HTMLElement.prototype, 'offsetParent', {
    configurable: true,
    get(this: HTMLElement) {
      return this.parentElement;
    },
  });
});
afterEach(() => {
  if (offsetParent) Object.defineProperty(HTMLElement.prototype, 'offsetParent', offsetParent);
});

describe('the timeline (客户轨迹)', () => {
  it('shows the newest first and reads the next page as the list scrolls', async () => {
    const server = fakeServer().on('GET', timelinePath, (request) =>
      request.query.get('after') === 'cursor-2'
        ? json(
            fixtures.timelinePage([
              fixtures.timelineItem(3, { kind: 'order', title: '购买 ¥599.00', detail: '2 件' }),
            ]),
          )
        : json(fixtures.timelinePage([fixtures.timelineItem(1), fixtures.timelineItem(2)], 'cursor-2')),
    );
    await openTimeline(server);

    expect(await screen.findByText('购买 ¥599.00')).toBeInTheDocument();
    const text = screen.getByRole('region', { name: '客户轨迹' }).textContent ?? '';
    const positions = ['互动 1', '互动 2', '订单购买 ¥599.00'].map((t) => text.indexOf(t));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(screen.getByText('2 件')).toBeInTheDocument();
    const requests = server.requestsTo('GET', timelinePath);
    expect(requests.map((r) => r.query.get('after'))).toEqual([null, 'cursor-2']);
    expect(requests[0]?.params.id).toBe(fixtures.RELATION_ID);
    await waitFor(() => expect(screen.getByText('没有更多了')).toBeInTheDocument());
  });

  it('says when there is no history yet', async () => {
    await openTimeline(fakeServer().on('GET', timelinePath, json(fixtures.timelinePage([]))));
    expect(await screen.findByText('还没有轨迹')).toBeInTheDocument();
  });

  it('offers a retry when the timeline fails to load', async () => {
    const server = fakeServer().on('GET', timelinePath, apiError(500, 'internal_error'));
    const { user } = await openTimeline(server);

    expect(await screen.findByText('轨迹加载失败')).toBeInTheDocument();
    server.on('GET', timelinePath, json(fixtures.timelinePage([fixtures.timelineItem(1)])));
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByText('互动 1')).toBeInTheDocument();
  });
});
