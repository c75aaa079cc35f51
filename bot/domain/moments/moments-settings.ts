import type { z } from 'zod';
import type { MomentsSettingsResponse, MomentsSettingsUpdate } from '../../http/contract/moments';
import { type Actor, assertHq } from '../access/actor';
import type { DomainDeps } from '../deps';
import { getCorpSettings } from '../settings/corp-settings';
import { parseMomentsPlan, parseMomentsRules } from './moments-plan';

export type MomentsSettings = MomentsSettingsResponse;

/** The corp's Moments plan and classification rules, defaults filled in, with the zone weeks are read in. */
export async function getMomentsSettings(deps: Pick<DomainDeps, 'db'>): Promise<MomentsSettings> {
  const settings = await getCorpSettings(deps);
  return {
    plan: parseMomentsPlan(settings.momentsPlan),
    rules: parseMomentsRules(settings.momentsRules),
    timezone: settings.timezone,
  };
}

/**
 * HQ sets the plan and/or the rules, each whole (validated by the contract, defaults filled in): stored as given,
 * so a later change of a default does not move a number the corp chose.
 */
export async function updateMomentsSettings(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  input: z.output<typeof MomentsSettingsUpdate>,
): Promise<MomentsSettings> {
  assertHq(actor, 'change the Moments plan');
  await getCorpSettings(deps);
  await deps.db.corpSettings.update({
    where: { id: 1 },
    data: {
      ...(input.plan ? { momentsPlan: input.plan } : {}),
      ...(input.rules ? { momentsRules: input.rules } : {}),
    },
  });
  return getMomentsSettings(deps);
}
