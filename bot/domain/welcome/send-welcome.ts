import type { DomainDeps } from '../deps';
import { type WelcomeOutcome, sendWelcomes } from './send-welcomes';

export { WelcomeInFlightError, type WelcomeOutcome } from './send-welcomes';

/**
 * Sends the welcome message of one add event (see sendWelcomes). Throws what the add should be retried for
 * (41096, busy answers, another sender holding it) or why it never can be.
 */
export async function sendWelcome(
  deps: DomainDeps,
  eventId: string,
  now = () => new Date(),
): Promise<WelcomeOutcome> {
  const outcome = (await sendWelcomes(deps, [eventId], now)).get(eventId);
  if (outcome === undefined) throw new Error(`no welcome outcome for event ${eventId}`);
  if (outcome instanceof Error) throw outcome;
  return outcome;
}
