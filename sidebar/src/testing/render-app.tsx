import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '@/app/app';
import { type FakeServer, fakeServer, json } from '@/testing/fake-server';
import { installFakeWecom } from '@/testing/fake-wecom';
import * as fixtures from '@/testing/fixtures';

/** The two signature endpoints and /me, answered as the bot does for a signed-in guide. */
export function serveSession(server: FakeServer, me = fixtures.me()): FakeServer {
  return (
    server
      .on('GET', '/me', json(me))
      .on('GET', '/jsapi/config-signature', json(fixtures.signature('c'.repeat(40))))
      .on('GET', '/jsapi/agent-signature', json(fixtures.signature('a'.repeat(40))))
      // Every page shows today's Moments card; a test about it answers this route again.
      .on('GET', '/moments/suggestion', json(fixtures.momentSuggestion()))
  );
}

/** The whole app, opened at `url` (path, query and hash) as WeCom would open it. */
export function renderApp(url = '/sidebar/') {
  window.history.replaceState(null, '', url);
  const user = userEvent.setup();
  return { user, ...render(<App />) };
}

/** The sidebar opened from the chat toolbar with the customer of `view`, once the view is on screen. */
export async function openCustomer({
  view = fixtures.customerView(),
  entry = 'single_chat_tools',
  server = fakeServer(),
}: { view?: ReturnType<typeof fixtures.customerView>; entry?: string; server?: FakeServer } = {}) {
  serveSession(server).on('GET', '/customer-view', json(view));
  const wecom = installFakeWecom({ entry, externalUserid: view.customer.externalUserid });
  const rendered = renderApp();
  await screen.findByRole('heading', { name: new RegExp(view.relation.remark || view.customer.name) });
  return { server, wecom, ...rendered };
}
