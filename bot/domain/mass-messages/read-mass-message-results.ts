import type { MassMessage } from '../../generated/prisma/client';
import { type MassSendResult, getGroupmsgSendResults, getGroupmsgTasks } from '../../wecom/api/mass-message';
import { isWecomError } from '../../wecom/errors';
import type { DomainDeps } from '../deps';
import { type NewInteraction, recordInteractions } from '../follow-ups/record-interaction';

/**
 * Results are read for this long after a task is created. A guide who has not sent a task in three days rarely
 * does, and every open task costs WeCom calls on every run.
 */
export const READ_RESULTS_FOR_MS = 3 * 24 * 3600_000;
/** Tasks read per run, least recently read first, so a backlog is worked through over a few runs. */
export const READ_BATCH = 50;
/** WeCom: "still being dispatched, retry later" (API.md §3.5), right after add_msg_template. */
const STILL_DISPATCHING = 41063;

export interface ResultsRun {
  read: number;
  /** Tasks WeCom was still dispatching (41063): read again next run. */
  dispatching: number;
  finished: number;
  interactions: number;
  /** Sent rows whose guide–customer pair we do not know. */
  unknownPairs: number;
}

/**
 * Reads the delivery results of recent mass-message tasks and records an interaction for every customer a task
 * reached (status 1), closing follow-ups the way any interaction does. Reading again records nothing twice: each
 * delivery's interaction is keyed `<msgid>:<external_userid>`. A task is FINISHED once no recipient is left
 * unsent, or once it is too old to wait for.
 */
export async function readMassMessageResults(
  deps: Pick<DomainDeps, 'db' | 'wecom' | 'logger'>,
  now = new Date(),
): Promise<ResultsRun> {
  const { db } = deps;
  const since = new Date(now.getTime() - READ_RESULTS_FOR_MS);
  const { count: aged } = await db.massMessage.updateMany({
    where: { status: { in: ['CREATED', 'SENDING'] }, createdAt: { lt: since } },
    data: { status: 'FINISHED' },
  });
  const tasks = await db.massMessage.findMany({
    where: { status: { in: ['CREATED', 'SENDING'] }, msgid: { not: null }, createdAt: { gte: since } },
    orderBy: [{ resultsReadAt: { sort: 'asc', nulls: 'first' } }, { createdAt: 'asc' }],
    take: READ_BATCH,
  });
  const run: ResultsRun = { read: 0, dispatching: 0, finished: aged, interactions: 0, unknownPairs: 0 };
  for (const task of tasks) {
    try {
      const outcome = await readOne(deps, task, now);
      run.read += 1;
      run.interactions += outcome.interactions;
      run.unknownPairs += outcome.unknownPairs;
      if (outcome.isFinished) run.finished += 1;
    } catch (error) {
      if (isWecomError(error, STILL_DISPATCHING)) {
        run.dispatching += 1;
        continue;
      }
      // A passing failure (WeCom busy, network) ends this run; the next one starts again where it matters.
      if (!isWecomError(error) || error.isRetryable) throw error;
      await db.massMessage.update({
        where: { id: task.id },
        data: { status: 'FAILED', error: error.message.slice(0, 500), resultsReadAt: now },
      });
    }
  }
  return run;
}

async function readOne(
  deps: Pick<DomainDeps, 'db' | 'wecom' | 'logger'>,
  task: MassMessage,
  now: Date,
): Promise<{ interactions: number; unknownPairs: number; isFinished: boolean }> {
  const msgid = task.msgid ?? '';
  const memberTasks = await getGroupmsgTasks(deps.wecom, msgid);
  const rows: MassSendResult[] = [];
  // A member who has neither confirmed nor sent has no results worth a call.
  for (const member of memberTasks.filter((t) => t.status !== 0)) {
    rows.push(...(await getGroupmsgSendResults(deps.wecom, msgid, member.userid)));
  }
  const sent = rows.filter((r) => r.status === 1 && r.external_userid);
  const recorded = await newInteractionsOf(deps, msgid, sent);
  const results = await recordInteractions(deps, recorded);
  const isFinished =
    memberTasks.length > 0 && memberTasks.every((t) => t.status === 2) && !rows.some((r) => r.status === 0);
  const anyStarted = memberTasks.some((t) => t.status !== 0);
  await deps.db.massMessage.update({
    where: { id: task.id },
    data: {
      sentCount: sent.length,
      status: isFinished ? 'FINISHED' : anyStarted ? 'SENDING' : 'CREATED',
      resultsReadAt: now,
    },
  });
  return {
    interactions: results.filter((r) => r.status === 'recorded').length,
    unknownPairs: results.filter((r) => r.status === 'rejected').length,
    isFinished,
  };
}

/**
 * The deliveries not yet recorded, as interactions. One indexed query first, so a task re-read every few minutes
 * while its last recipients are pending does not try thousands of inserts again.
 */
async function newInteractionsOf(
  { db }: Pick<DomainDeps, 'db'>,
  msgid: string,
  sent: MassSendResult[],
): Promise<NewInteraction[]> {
  const externalIdOf = (r: MassSendResult) => `${msgid}:${r.external_userid ?? ''}`;
  const known = await db.interaction.findMany({
    where: { source: 'MASS_MESSAGE', externalId: { in: sent.map(externalIdOf) } },
    select: { externalId: true },
  });
  const seen = new Set(known.map((k) => k.externalId));
  return sent
    .filter((r) => !seen.has(externalIdOf(r)))
    .map((r) => ({
      guideUserid: r.userid,
      externalUserid: r.external_userid ?? '',
      source: 'MASS_MESSAGE' as const,
      // send_time is unix seconds; a sent row always has one, the fallback only guards a malformed answer.
      occurredAt: r.send_time ? new Date(r.send_time * 1000) : new Date(),
      externalId: externalIdOf(r),
    }));
}
