import type { z } from 'zod';
import { AppError } from '../../errors';
import { MomentsPlan, MomentsRules } from '../../http/contract/moments';

export type { MomentKind, MomentsPlan, MomentsRules } from '../../http/contract/moments';

export const DEFAULT_MOMENTS_PLAN: MomentsPlan = MomentsPlan.parse({});
export const DEFAULT_MOMENTS_RULES: MomentsRules = MomentsRules.parse({});

/**
 * The plan as stored (corp_settings.moments_plan, JSON): what is missing takes its default. A stored plan that no
 * longer parses (written by hand, or before a check tightened) is an error to mend, never a silent default that
 * would score every guide against numbers nobody set.
 */
export function parseMomentsPlan(stored: unknown): MomentsPlan {
  return parseStored(MomentsPlan, stored, 'plan');
}

/** The classification rules as stored (corp_settings.moments_rules), the same way. */
export function parseMomentsRules(stored: unknown): MomentsRules {
  return parseStored(MomentsRules, stored, 'rules');
}

function parseStored<S extends z.ZodType>(schema: S, stored: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  throw new AppError(
    'moments_settings_invalid',
    `the stored Moments ${what} is not valid (${parsed.error.issues[0]?.message ?? 'unreadable'}): HQ must set it again`,
    { status: 409, expose: true },
  );
}
