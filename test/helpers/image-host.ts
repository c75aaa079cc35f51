import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * HQ's image host, standing in for the CDN a library item's pictures live on: a coloured 240 px SVG tile with its
 * name for any path, except paths under /missing/ (404) and /big/ (11 MB, past WeCom's 10 MB). `url(name)` gives a
 * picture's address.
 */
export async function startImageHost(): Promise<{
  url: (name: string) => string;
  close: () => Promise<void>;
}> {
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '/');
    if (path.startsWith('/missing/')) {
      res.writeHead(404).end();
      return;
    }
    if (path.startsWith('/big/')) {
      res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(11 * 1024 * 1024));
      return;
    }
    const name = path.slice(1).replace(/\.svg$/, '');
    const hue = [...name].reduce((h, c) => (h + c.charCodeAt(0)) % 360, 0);
    res.writeHead(200, { 'content-type': 'image/svg+xml', 'access-control-allow-origin': '*' });
    res.end(
      `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240"><rect width="240" height="240" ` +
        `fill="hsl(${hue},55%,62%)"/><text x="120" y="132" font-size="28" text-anchor="middle" fill="#fff">` +
        `${name}</text></svg>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (name) => `${base}/${name}`,
    // A browser that loaded the pictures keeps its connections open: close() alone waits for them (CI saw a
    // minute), so they are dropped as the server stops.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
