import type { z } from 'zod';
import type { MomentsSettingsResponse, MomentsSettingsUpdate } from '../../http/contract/moments';
import { badRequest } from '../../errors';
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
    reactionTagId: settings.momentsReactionTagId,
  };
}

/**
 * HQ sets the plan and/or the rules, each whole (validated by the contract, defaults filled in), and/or the
 * reaction tag (a live corp tag, not a rule-group one): stored as given,
 * so a later change of a default does not move a number the corp chose.
 */
export async function updateMomentsSettings(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  input: z.output<typeof MomentsSettingsUpdate>,
): Promise<MomentsSettings> {
  assertHq(actor, 'change the Moments plan');
  await getCorpSettings(deps);
  if (input.reactionTagId) {
    // WeCom assigns rule-group tags itself: a customer cannot be given one.
    const tag = await deps.db.tag.findFirst({
      where: { wecomTagId: input.reactionTagId, deletedAt: null, strategyId: null },
    });
    if (!tag) throw badRequest('bad_tag', `no corp tag ${input.reactionTagId} to give`);
  }
  await deps.db.corpSettings.update({
    where: { id: 1 },
    data: {
      ...(input.plan ? { momentsPlan: input.plan } : {}),
      ...(input.rules ? { momentsRules: input.rules } : {}),
      ...(input.reactionTagId !== undefined ? { momentsReactionTagId: input.reactionTagId } : {}),
    },
  });
  return getMomentsSettings(deps);
}
