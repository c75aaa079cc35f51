// A burst of simulated adds, delivered to the bot's callback route as fast as the sender can: shared by the
// welcome and add-processing benchmarks.
import { Agent, request } from 'node:http';
import os from 'node:os';
import { DEMO_CORP } from '../test/wecom-sim/demo/demo-corp';
import { buildExternalContactEventXml } from '../test/wecom-sim/event-xml';
import { buildEncryptedEnvelope } from '../test/wecom-sim/sender';
import type { WecomSimulator } from '../test/wecom-sim/server';

const SENDER_CONCURRENCY = 64;

export interface PreparedAdd {
  code: string;
  externalUserid: string;
  body: string;
  query: string;
}

/** `size` adds made in the simulator (customers it will answer externalcontact/get for), encrypted, not sent. */
export async function prepareAdds(sim: WecomSimulator, size: number): Promise<PreparedAdd[]> {
  const guides = DEMO_CORP.members.filter((m) => m.hasCustomerContact).map((m) => m.userid);
  const signing = {
    token: DEMO_CORP.token,
    encodingAesKey: DEMO_CORP.encodingAesKey,
    corpId: DEMO_CORP.corpId,
  };
  const adds: PreparedAdd[] = [];
  for (let i = 0; i < size; i += 1) {
    const userid = guides[i % guides.length]!;
    const { externalUserid, welcomeCode } = await sim.addCustomer({ userid, deliver: false });
    const xml = buildExternalContactEventXml({
      corpId: DEMO_CORP.corpId,
      createTime: Math.floor(sim.now() / 1000),
      changeType: 'add_external_contact',
      userId: userid,
      externalUserId: externalUserid,
      welcomeCode: welcomeCode!,
    });
    const envelope = buildEncryptedEnvelope(xml, signing);
    adds.push({ code: welcomeCode!, externalUserid, body: envelope.body, query: envelope.queryString });
  }
  return adds;
}

export interface Delivery {
  startedAt: number;
  deliveredInMs: number;
  failures: number;
  /** When each add (by welcome code) was sent, and how long its answer took. */
  arrivedAt: Map<string, number>;
  answeredIn: Map<string, number>;
}

/**
 * POSTs every add, 64 at a time. Plain node:http on kept-alive sockets: fetch costs the load generator several
 * times the CPU, taken from the cores the bot shares with it.
 */
export async function deliverAdds(callbackUrl: string, adds: PreparedAdd[]): Promise<Delivery> {
  const agent = new Agent({ keepAlive: true, maxSockets: SENDER_CONCURRENCY });
  const arrivedAt = new Map<string, number>();
  const answeredIn = new Map<string, number>();
  let next = 0;
  let failures = 0;
  const startedAt = Date.now();
  await Promise.all(
    Array.from({ length: SENDER_CONCURRENCY }, async () => {
      while (next < adds.length) {
        const add = adds[next++]!;
        arrivedAt.set(add.code, Date.now());
        if ((await post(agent, `${callbackUrl}?${add.query}`, add.body)) !== 200) failures += 1;
        answeredIn.set(add.code, Date.now() - arrivedAt.get(add.code)!);
      }
    }),
  );
  agent.destroy();
  return { startedAt, deliveredInMs: Date.now() - startedAt, failures, arrivedAt, answeredIn };
}

/** POSTs one callback and reads the answer; resolves with the HTTP status. */
function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'text/xml' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The machine's load next to a figure: the cores are shared with whatever else runs (other benches, tests). */
export function loadNote(): string {
  const [one, five] = os.loadavg();
  return `load ${one!.toFixed(2)}/${five!.toFixed(2)} (1/5 min, ${os.cpus().length} cores)`;
}
