import { AppError, isRetryable } from '../../errors';
import { sendWelcomeMsg } from '../../wecom/api/external-contact';
import { WecomError } from '../../wecom/errors';
import type { DomainDeps } from '../deps';
import {
  WELCOME_LEASE_MS,
  WELCOME_LEASE_RENEW_MS,
  WELCOME_RETRY_MS,
  WELCOME_WINDOW_MS,
} from './welcome-timing';
import { customerNameOf, greetLater, greetManyLater, learnGuide } from './welcome-helpers';
import { BUILT_IN_WELCOME, needsCustomerName, renderWelcome } from './render-welcome';
import {
  type AddToWelcome,
  type Claim,
  type ClaimableAdd,
  type GuideForWelcome,
  type TemplateRow,
  type WelcomeResult,
  chooseWelcomeTemplate,
  claimWelcomes,
  findAddsToWelcome,
  findGuidesForWelcome,
  findWelcomeTemplates,
  recordWelcomeResults,
  renewWelcomeClaims,
} from './welcome-queries';

export type WelcomeOutcome =
  'sent' | 'already sent' | 'expired' | 'failed' | 'duplicate' | 'handled before' | 'no welcome code';

/** Another sender holds this welcome right now; the job tries again after a pause. */
export class WelcomeInFlightError extends Error {
  readonly isRetryable = true;
  constructor(eventId: string) {
    super(`the welcome of event ${eventId} is being sent by another process`);
  }
}

interface HeldWelcome {
  add: ClaimableAdd;
  claimId: string;
}

/** A welcome that will not be sent: its greeting follow-up is made with the rest of the batch's. */
class FallBack {
  constructor(
    readonly held: HeldWelcome,
    readonly status: 'EXPIRED' | 'FAILED',
    readonly reason: string,
    readonly errcode?: number,
  ) {}
}

/**
 * Sends the welcome messages of a batch of add events, inside WeCom's 20-second window, with one statement per
 * step for the whole batch and the WeCom calls made side by side. Each add ends with an outcome, or an error
 * to retry it for (41096, busy answers, another sender holding it) or that explains why it never can be.
 *
 * 41051 means another app or an earlier attempt already used the code: done. 41050, a closed window, or a
 * permanent error fall back to a greeting follow-up for the guide. A code is single-use at WeCom and each add is
 * claimed under a lease first, so even a retry after a lost answer cannot greet twice (it gets 41051). An add
 * whose guide WeCom does not know (60111 from user/get) or that no follow-up can be made for ends FAILED with the
 * errcode, never retried; an add sharing another add's code ends DUPLICATE.
 */
export async function sendWelcomes(
  deps: DomainDeps,
  eventIds: string[],
  now = () => new Date(),
): Promise<Map<string, WelcomeOutcome | Error>> {
  const { pool } = deps;
  const results = new Map<string, WelcomeOutcome | Error>();
  // An add named twice (WeCom retried the callback) is claimed, and so sent, once.
  const unique = [...new Set(eventIds)];
  const adds = await findAddsToWelcome(pool, unique);
  const claimable: ClaimableAdd[] = [];
  for (const eventId of unique) {
    const add = adds.get(eventId);
    if (!add) results.set(eventId, eventNotFound(eventId));
    else if (!add.welcomeCode) results.set(eventId, 'no welcome code');
    else claimable.push({ ...add, welcomeCode: add.welcomeCode });
  }
  const claims =
    claimable.length > 0
      ? await claimWelcomes(pool, claimable, WELCOME_LEASE_MS)
      : new Map<string, Claim | Error>();
  const held: HeldWelcome[] = [];
  for (const add of claimable) {
    const claim = claims.get(add.eventId);
    if (!claim || claim instanceof Error) results.set(add.eventId, claim ?? new Error('no claim answer'));
    else if (claim.claimed) held.push({ add, claimId: claim.id });
    else if (claim.reason === 'in flight') results.set(add.eventId, new WelcomeInFlightError(add.eventId));
    else results.set(add.eventId, claim.reason === 'duplicate' ? 'duplicate' : 'handled before');
  }

  const records: WelcomeResult[] = [];
  const stopRenewing = keepClaims(deps, held);
  try {
    const [guides, templates] = await findGuidesAndTemplates(
      deps,
      held.filter((h) => isOpen(h.add, now)),
    );
    const fallBacks: FallBack[] = [];
    const settle = (h: HeldWelcome, outcome: WelcomeOutcome | Error) => {
      // Released at once, the claim does not hold up the retry until its lease lapses.
      if (outcome instanceof Error) records.push(release(h, outcome));
      results.set(h.add.eventId, outcome);
    };
    await Promise.all(
      held.map(async (h) => {
        const outcome = await greetOne(deps, h, guides.get(h.add.userid), templates, records, now).catch(
          asError,
        );
        if (outcome instanceof FallBack) fallBacks.push(outcome);
        else settle(h, outcome);
      }),
    );
    for (const [h, outcome] of await fallBackAll(deps, fallBacks, records)) settle(h, outcome);
  } finally {
    stopRenewing();
  }
  await recordWelcomeResults(pool, records);
  return results;
}

/**
 * Renews the batch's claims while it is at work, so the lease can be short: a worker that dies lets go of its
 * welcomes within WELCOME_LEASE_MS, one that is only slow (WeCom answering late, a rate-limit wait) keeps them.
 * A failed renewal is only logged: at worst another sender takes a welcome over, and WeCom's single-use code
 * (41051) still keeps the customer from a second greeting.
 */
function keepClaims(deps: DomainDeps, held: HeldWelcome[]): () => void {
  if (held.length === 0) return () => undefined;
  const ids = held.map((h) => h.claimId);
  const timer = setInterval(() => {
    renewWelcomeClaims(deps.pool, ids, WELCOME_LEASE_MS).catch((error: unknown) =>
      deps.logger.warn({ err: error, count: ids.length }, 'could not renew welcome claims'),
    );
  }, WELCOME_LEASE_RENEW_MS);
  timer.unref();
  return () => clearInterval(timer);
}

const deadlineOf = (add: AddToWelcome) => add.receivedAt.getTime() + WELCOME_WINDOW_MS;
const isOpen = (add: AddToWelcome, now: () => Date) => now().getTime() < deadlineOf(add);
const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

const eventNotFound = (eventId: string) =>
  new AppError('event_not_found', `callback event ${eventId} does not exist`, { status: 404 });

const release = (h: HeldWelcome, error: Error): WelcomeResult => ({
  id: h.claimId,
  status: 'SENDING',
  errcode: error instanceof WecomError ? error.errcode : null,
  error: error.message,
});

/** The guides of the adds about to be greeted (only a guide we have never met costs a user/get) and templates. */
async function findGuidesAndTemplates(
  deps: DomainDeps,
  toSend: HeldWelcome[],
): Promise<[Map<string, GuideForWelcome | Error>, TemplateRow[]]> {
  if (toSend.length === 0) return [new Map(), []];
  const userids = [...new Set(toSend.map((h) => h.add.userid))];
  const guides = new Map<string, GuideForWelcome | Error>(await findGuidesForWelcome(deps.pool, userids));
  for (const userid of userids.filter((u) => !guides.has(u))) {
    guides.set(userid, await learnGuide(deps, userid).catch(asError));
  }
  const guideIds = [...guides.values()].flatMap((g) => (g instanceof Error ? [] : [g.id]));
  const states = [...new Set(toSend.flatMap((h) => (h.add.state ? [h.add.state] : [])))];
  return [guides, await findWelcomeTemplates(deps.pool, states, guideIds)];
}

async function greetOne(
  deps: DomainDeps,
  h: HeldWelcome,
  guide: GuideForWelcome | Error | undefined,
  templates: TemplateRow[],
  records: WelcomeResult[],
  now: () => Date,
): Promise<WelcomeOutcome | Error | FallBack> {
  if (!isOpen(h.add, now))
    return new FallBack(h, 'EXPIRED', 'the 20-second welcome window closed before sending');
  if (!guide) return new Error(`guide ${h.add.userid} was not looked up`);
  // A guide WeCom does not know (60111) cannot greet, nor be handed a follow-up: final, no fallback.
  if (guide instanceof Error) return isRetryable(guide) ? guide : failFor(h, records, guide);
  return sendOne(deps, h, guide, templates, records, now);
}

async function sendOne(
  deps: DomainDeps,
  h: HeldWelcome,
  guide: GuideForWelcome,
  templates: TemplateRow[],
  records: WelcomeResult[],
  now: () => Date,
): Promise<WelcomeOutcome | Error | FallBack> {
  const { add, claimId: id } = h;
  const template = chooseWelcomeTemplate(templates, { state: add.state, guideId: guide.id });
  const text = template?.text ?? BUILT_IN_WELCOME;
  const attachments = Array.isArray(template?.attachments) ? (template.attachments as unknown[]) : [];
  // Only a template that names the customer waits for the profile; the built-in one does not.
  const customerName = needsCustomerName(text) ? await customerNameOf(deps, add.externalUserid) : '';
  const content = renderWelcome(text, {
    customer_name: customerName,
    guide_name: guide.name,
    store_name: guide.storeName ?? '',
  });
  const templateId = template?.id ?? null;
  try {
    await sendWelcomeMsg(deps.wecom, {
      welcome_code: add.welcomeCode,
      text: content ? { content } : undefined,
      attachments: attachments.length > 0 ? attachments : undefined,
    });
  } catch (error) {
    if (!(error instanceof WecomError)) throw error;
    if (error.errcode === 41051) {
      records.push({ id, status: 'ALREADY_SENT', errcode: 41051, templateId });
      return 'already sent';
    }
    if (error.errcode === 41050)
      return new FallBack(h, 'EXPIRED', 'WeCom says the welcome_code expired', 41050);
    if (error.isRetryable && now().getTime() + WELCOME_RETRY_MS < deadlineOf(add)) return error;
    return new FallBack(h, error.isRetryable ? 'EXPIRED' : 'FAILED', error.message, error.errcode);
  }
  const sentAt = now();
  records.push({
    id,
    status: 'SENT',
    sentAt,
    latencyMs: sentAt.getTime() - add.receivedAt.getTime(),
    templateId,
  });
  return 'sent';
}

/**
 * The greeting follow-ups of the batch's fall-backs, made together (greetManyLater), then recorded. The
 * follow-up comes first: if it cannot be made, the welcome stays SENDING and is tried again (job retry or
 * reconciler) instead of being recorded as finished with nobody told to greet. Should the batch's statement
 * fail, each add falls back on its own, so one bad add fails alone.
 */
async function fallBackAll(
  deps: DomainDeps,
  fallBacks: FallBack[],
  records: WelcomeResult[],
): Promise<[HeldWelcome, WelcomeOutcome | Error][]> {
  if (fallBacks.length === 0) return [];
  const unmet = await greetManyLater(
    deps,
    fallBacks.map((f) => ({ add: f.held.add, reason: greetingNote(f.status, f.errcode) })),
  ).catch(asError);
  return Promise.all(
    fallBacks.map(async (f): Promise<[HeldWelcome, WelcomeOutcome | Error]> => {
      const failed =
        unmet instanceof Error
          ? await greetLater(deps, f.held.add, greetingNote(f.status, f.errcode)).then(() => null, asError)
          : (unmet.get(f.held.add.eventId) ?? null);
      return [f.held, failed ? unmetGreeting(f, records, failed) : fellBack(f, records)];
    }),
  );
}

function fellBack({ held, status, reason, errcode }: FallBack, records: WelcomeResult[]): WelcomeOutcome {
  records.push({ id: held.claimId, status, error: reason, errcode });
  return status === 'EXPIRED' ? 'expired' : 'failed';
}

/**
 * No greeting follow-up could be made: a passing fault keeps the welcome open for the next try; one that can
 * never succeed (the guide is unknown to WeCom: 60111) is the end, recorded.
 */
function unmetGreeting(f: FallBack, records: WelcomeResult[], error: Error): WelcomeOutcome | Error {
  if (isRetryable(error)) return error;
  return failFor(f.held, records, error, `${f.reason}; no greeting follow-up either`);
}

/**
 * What the guide reads on the greeting follow-up, in their words (the technical reason stays on the welcome
 * row): the window closed, or WeCom refused the message.
 */
function greetingNote(status: 'EXPIRED' | 'FAILED', errcode: number | undefined): string {
  if (status === 'EXPIRED')
    return '欢迎语没能在客户添加后的 20 秒内发出（welcome_code 已过期），请主动打个招呼';
  const code = errcode === undefined ? '' : `（企业微信错误码 ${errcode}）`;
  return `欢迎语发送失败${code}，请主动打个招呼`;
}

/** Records the welcome FAILED with the error's errcode: a final state the reconciler leaves alone. */
function failFor(h: HeldWelcome, records: WelcomeResult[], error: unknown, context?: string): WelcomeOutcome {
  const message = error instanceof Error ? error.message : String(error);
  records.push({
    id: h.claimId,
    status: 'FAILED',
    errcode: error instanceof WecomError ? error.errcode : null,
    error: context ? `${context}: ${message}` : message,
  });
  return 'failed';
}
