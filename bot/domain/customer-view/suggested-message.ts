import type { FollowUpKind } from '../../generated/prisma/client';
import { type PlaceholderValues, fillPlaceholders } from '../scripts/fill-placeholders';

/**
 * What the guide might send for each kind of follow-up, with the script placeholders ({客户}: the remark, else
 * the customer's name; {导购}: the guide's name). Openers, not ads: DESIGN.md asks for warmth, never spam.
 */
const TEMPLATES: Record<FollowUpKind, string> = {
  GREETING: '{客户}您好，我是{导购}，很高兴认识您！以后有任何需要，随时在这里找我就好～',
  SERVICE_REMINDER: '{客户}您好，我是{导购}。您前几天买的东西用得还习惯吗？有任何问题都可以随时问我。',
  INTERACTION: '{客户}您好，我是{导购}。最近店里到了些新品，想到您可能会喜欢，有空来看看吗？',
  CUSTOM: '{客户}您好，我是{导购}，最近一切都好吗？',
};

/** The suggested message for a follow-up of this kind, for this customer and guide. */
export function suggestedMessage(kind: FollowUpKind, values: PlaceholderValues): string {
  return fillPlaceholders(TEMPLATES[kind], values);
}
