// What became of each add of a fault experiment (bench/faults.ts), read from PostgreSQL and the simulator.
import { Client } from 'pg';
import type { WecomSimulator } from '../test/wecom-sim/server';

export interface SentAdd {
  externalUserid: string;
  code: string;
  sentAt: number;
  /** An HTTP 200 on some attempt. */
  isAcknowledged: boolean;
}

export interface Outcomes {
  sent: number;
  acknowledged: number;
  stored: number;
  processed: number;
  welcomed: number;
  fellBack: number;
  duplicated: number;
  lost: number;
  /** Adds with neither an end to their processing nor to their welcome yet (still on their way). */
  unfinished: number;
  welcomeP99Ms: number;
  welcomeStatuses: Record<string, number>;
}

interface PerCustomer {
  rows: number;
  isProcessed: boolean;
  isEnded: boolean;
  welcome: string | null;
  greetings: number;
}

async function readPerCustomer(pg: Client, ids: string[]): Promise<Map<string, PerCustomer>> {
  const { rows } = await pg.query<{
    external_userid: string;
    rows: number;
    processed: boolean;
    ended: boolean;
    welcome: string | null;
    greetings: number;
  }>(
    `SELECT e.external_userid, count(*)::int AS rows, bool_or(e.status = 'PROCESSED') AS processed,
            bool_and(e.status = 'PROCESSED' OR (e.status = 'FAILED' AND e.retry_at IS NULL)) AS ended,
            max(w.status::text) AS welcome,
            (SELECT count(*)::int FROM follow_up f JOIN customer c ON c.id = f.customer_id
             WHERE f.kind = 'GREETING' AND c.external_userid = e.external_userid) AS greetings
     FROM callback_event e LEFT JOIN welcome_message w ON w.event_id = e.id
     WHERE e.external_userid = ANY($1::text[]) GROUP BY e.external_userid`,
    [ids],
  );
  return new Map(
    rows.map((r) => [
      r.external_userid,
      {
        rows: r.rows,
        isProcessed: r.processed,
        isEnded: r.ended,
        welcome: r.welcome,
        greetings: r.greetings,
      },
    ]),
  );
}

/** How many acknowledged adds have not finished yet (processing ended and the welcome recorded). */
export async function countUnfinished(databaseUrl: string, adds: SentAdd[]): Promise<number> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const per = await readPerCustomer(
      pg,
      adds.map((a) => a.externalUserid),
    );
    return adds.filter((a) => {
      if (!a.isAcknowledged) return false;
      const c = per.get(a.externalUserid);
      return !c || !c.isEnded || c.welcome === null || c.welcome === 'SENDING';
    }).length;
  } finally {
    await pg.end();
  }
}

/**
 * Counts, per add: stored (a callback_event row), processed (PROCESSED), welcomed (WeCom accepted a
 * send_welcome_msg with its code), fell back (a greeting follow-up). Duplicated: stored twice, greeted twice
 * (two accepted welcomes, a welcome and a greeting follow-up, or two follow-ups). Lost: sent, and never stored,
 * or ended without being processed or greeted one way or the other. Unfinished: stored and still on its way
 * when the experiment stopped waiting.
 */
export async function readOutcomes(
  databaseUrl: string,
  sim: WecomSimulator,
  adds: SentAdd[],
): Promise<Outcomes> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  let per: Map<string, PerCustomer>;
  try {
    per = await readPerCustomer(
      pg,
      adds.map((a) => a.externalUserid),
    );
  } finally {
    await pg.end();
  }
  const welcomes = new Map<string, number[]>();
  for (const m of sim.state.welcomeMessages) {
    welcomes.set(m.welcomeCode, [...(welcomes.get(m.welcomeCode) ?? []), m.sentAt]);
  }
  const o: Outcomes = {
    sent: adds.length,
    acknowledged: 0,
    stored: 0,
    processed: 0,
    welcomed: 0,
    fellBack: 0,
    duplicated: 0,
    lost: 0,
    unfinished: 0,
    welcomeP99Ms: NaN,
    welcomeStatuses: {},
  };
  const latencies: number[] = [];
  for (const add of adds) {
    const c = per.get(add.externalUserid);
    const sends = welcomes.get(add.code) ?? [];
    if (add.isAcknowledged) o.acknowledged += 1;
    if (c) o.stored += 1;
    if (c?.isProcessed) o.processed += 1;
    if (sends.length > 0) o.welcomed += 1;
    if (c && c.greetings > 0) o.fellBack += 1;
    const greetedTimes = sends.length + (c?.greetings ?? 0);
    if ((c && c.rows > 1) || greetedTimes > 1) o.duplicated += 1;
    // Still on its way (stored, its processing or welcome not ended yet) is unfinished, not lost.
    const isUnfinished = c !== undefined && (!c.isEnded || c.welcome === null || c.welcome === 'SENDING');
    if (isUnfinished) o.unfinished += 1;
    else if (!c || !c.isProcessed || greetedTimes === 0) o.lost += 1;
    const status = c?.welcome ?? 'none';
    o.welcomeStatuses[status] = (o.welcomeStatuses[status] ?? 0) + 1;
    if (sends[0] !== undefined) latencies.push(sends[0] - add.sentAt);
  }
  latencies.sort((a, b) => a - b);
  o.welcomeP99Ms = latencies[Math.max(0, Math.ceil(0.99 * latencies.length) - 1)] ?? NaN;
  return o;
}
