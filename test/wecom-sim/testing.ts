import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt } from '@wecom/crypto';
import { type WecomSimulator, startWecomSimulator } from './server';

/**
 * Helpers for tests that drive the simulator: a WeCom API caller that fetches (and caches) a token like a client
 * would, and a callback receiver that records and decrypts what the simulator delivers.
 */

export type Json = Record<string, unknown>;

/**
 * `call('externalcontact/get', {query})` (GET) or `call(path, {body})` (POST); the token goes in the query string
 * and is refreshed once on 42001/40014, as a real client does.
 */
export function createApiCaller(sim: WecomSimulator) {
  let token: string | null = null;
  const fetchJson = async (path: string, query: URLSearchParams, body?: unknown): Promise<Json> => {
    const res = await fetch(`${sim.url}/cgi-bin/${path}?${query.toString()}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as Json;
  };
  const getToken = async (): Promise<string> => {
    if (token) return token;
    const { corpId, corpSecret } = sim.state.corp;
    const answer = await fetchJson(
      'gettoken',
      new URLSearchParams({ corpid: corpId, corpsecret: corpSecret }),
    );
    token = String(answer.access_token);
    return token;
  };
  return async (
    path: string,
    init: { query?: Record<string, string>; body?: unknown } = {},
  ): Promise<Json> => {
    const attempt = async (): Promise<Json> => {
      const query = new URLSearchParams(init.query ?? {});
      query.set('access_token', await getToken());
      return fetchJson(path, query, init.body);
    };
    const first = await attempt();
    // Like a real client (API.md §3.1): on an expired/invalid token, fetch a new one and retry once.
    if (first.errcode !== 42001 && first.errcode !== 40014) return first;
    token = null;
    return attempt();
  };
}

export interface CallbackReceiver {
  url: string;
  /** Decrypted plaintext XML of every callback received, in order. */
  messages(): string[];
  close(): Promise<void>;
}

/** A callback endpoint answering 200 `success` that keeps the decrypted payloads. */
export async function startCallbackReceiver(encodingAesKey: string): Promise<CallbackReceiver> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString());
      res.end('success');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`,
    messages: () =>
      bodies.map((body) => {
        const encrypted = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(body)?.[1] ?? '';
        return decrypt(encodingAesKey, encrypted).message;
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The text of one element of a decrypted payload (CDATA or bare), or undefined. */
export function xmlField(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[(.*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * A simulator on the given clock, with an API caller and a callback receiver it delivers to: the usual setup of a
 * simulator test. `stop` ends both.
 */
export async function startSimWithReceiver(now: () => number) {
  const sim = await startWecomSimulator({ now });
  const receiver = await startCallbackReceiver(sim.state.corp.encodingAesKey);
  sim.setCallbackUrl(receiver.url);
  return {
    sim,
    call: createApiCaller(sim),
    receiver,
    stop: async () => {
      await sim.stop();
      await receiver.close();
    },
  };
}
