import type { Db } from '../../db';

export interface ChosenTemplate {
  id: string | null;
  text: string;
  attachments: unknown[];
}

/** Used when the corp has not written any template yet. */
export const BUILT_IN_WELCOME =
  '{customer_name}您好！我是{store_name}的{guide_name}，很高兴认识您。有任何需要随时找我～';

/** The channel's template (by the add's State) wins over the guide's, which wins over the corp default. */
export async function chooseWelcomeTemplate(
  db: Db,
  context: { state: string | undefined; guideId: string | null },
): Promise<ChosenTemplate> {
  const candidates = await db.welcomeTemplate.findMany({
    where: {
      isActive: true,
      OR: [
        ...(context.state ? [{ scope: 'CHANNEL' as const, state: context.state }] : []),
        ...(context.guideId ? [{ scope: 'GUIDE' as const, guideId: context.guideId }] : []),
        { scope: 'CORP' as const },
      ],
    },
    orderBy: { updatedAt: 'desc' },
  });
  const rank = { CHANNEL: 0, GUIDE: 1, CORP: 2 } as const;
  const best = candidates.sort((a, b) => rank[a.scope] - rank[b.scope])[0];
  if (!best) return { id: null, text: BUILT_IN_WELCOME, attachments: [] };
  return {
    id: best.id,
    text: best.text,
    attachments: Array.isArray(best.attachments) ? best.attachments : [],
  };
}

/** Fills {customer_name}, {guide_name} and {store_name}; an unknown value becomes empty, never a raw brace. */
export function renderWelcome(
  text: string,
  values: Record<'customer_name' | 'guide_name' | 'store_name', string>,
) {
  return text.replace(
    /\{(customer_name|guide_name|store_name)\}/g,
    (_m, key: keyof typeof values) => values[key],
  );
}

export function needsCustomerName(text: string): boolean {
  return text.includes('{customer_name}');
}
