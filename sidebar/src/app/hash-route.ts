import { useEffect, useState } from 'react';

// Hash routes: the part after # never reaches the server and is not signed (the SDK signs the URL without it),
// so moving between pages keeps the one signature of the visit.
export type Route =
  | { name: 'customer'; externalUserid: string }
  | { name: 'today' }
  | { name: 'single-chat-only'; entry: string }
  | { name: 'none' };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const customer = /^\/customer\/([^/?]+)$/.exec(path);
  if (customer?.[1]) {
    try {
      return { name: 'customer', externalUserid: decodeURIComponent(customer[1]) };
    } catch {
      return { name: 'none' };
    }
  }
  if (path === '/today') return { name: 'today' };
  const other = /^\/single-chat-only\/([^/?]+)$/.exec(path);
  if (other?.[1]) return { name: 'single-chat-only', entry: decodeURIComponent(other[1]) };
  return { name: 'none' };
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'customer':
      return `#/customer/${encodeURIComponent(route.externalUserid)}`;
    case 'today':
      return '#/today';
    case 'single-chat-only':
      return `#/single-chat-only/${encodeURIComponent(route.entry)}`;
    case 'none':
      return '';
  }
}

/** Show a route without a history entry (the page's first route) or with one (moving on from a page). */
export function goTo(route: Route, { replace = false }: { replace?: boolean } = {}): void {
  const hash = routeHash(route);
  if (replace) {
    window.history.replaceState(
      window.history.state,
      '',
      hash || window.location.pathname + window.location.search,
    );
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}

/** The route in the address bar, following hash changes. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
