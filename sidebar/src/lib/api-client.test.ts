import { describe, expect, it, vi } from 'vitest';
import { api, isApiError } from '@/lib/api-client';
import { navigation } from '@/lib/navigation';

function respondWith(response: Response | Error) {
  // A fresh copy per call: a body can be read once.
  const fetch = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>(() =>
    response instanceof Error ? Promise.reject(response) : Promise.resolve(response.clone()),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe('the API client', () => {
  it('sends JSON with the session cookie to /api/v1, leaving out empty query values', async () => {
    const fetch = respondWith(new Response('{"ok":true}', { status: 200 }));

    await expect(api.post('/relations/r1/tags', { add: ['t'] })).resolves.toEqual({ ok: true });
    await api.get('/scripts', { q: '', category: '新品', limit: 30, after: undefined });

    expect(fetch.mock.calls[0]).toEqual([
      '/api/v1/relations/r1/tags',
      expect.objectContaining({
        method: 'POST',
        credentials: 'same-origin',
        body: '{"add":["t"]}',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      }),
    ]);
    expect(fetch.mock.calls[1]?.[0]).toBe('/api/v1/scripts?category=%E6%96%B0%E5%93%81&limit=30');
  });

  it('turns an error body into an ApiError with the contract’s code', async () => {
    respondWith(
      new Response('{"error":{"code":"relation_not_found","message":"not found"}}', { status: 404 }),
    );

    const error = await caught(api.get('/customer-view'));
    expect(isApiError(error) && [error.status, error.code, error.message]).toEqual([
      404,
      'relation_not_found',
      'not found',
    ]);
  });

  it('names answers it cannot read, and answers that never came', async () => {
    respondWith(new Response('<html>bad gateway</html>', { status: 502 }));
    const garbled = await caught(api.get('/me'));
    expect(isApiError(garbled) && [garbled.status, garbled.code]).toEqual([502, 'bad_response']);

    respondWith(new TypeError('Failed to fetch'));
    const offline = await caught(api.get('/me'));
    expect(isApiError(offline) && [offline.status, offline.code]).toEqual([0, 'network_error']);
  });

  it('sends any 401 to sign-in with the current page as returnTo, and never settles', async () => {
    respondWith(new Response('', { status: 401 }));
    const assign = vi.spyOn(navigation, 'assign').mockImplementation(() => undefined);
    window.history.replaceState(null, '', '/sidebar/?wwsim=x#/today');

    let settled = false;
    void api.get('/my-day').finally(() => {
      settled = true;
    });
    await vi.waitFor(() =>
      expect(assign).toHaveBeenCalledWith('/auth/wecom/start?returnTo=%2Fsidebar%2F%3Fwwsim%3Dx%23%2Ftoday'),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(settled).toBe(false);
  });
});
