import { z } from 'zod';

/** A band: the customers whose figure is at least minCents (the highest band that fits wins). */
const Bands = z
  .array(z.object({ name: z.string().min(1).max(30), minCents: z.number().int().min(0) }))
  .max(10);
export type PurchaseBands = z.infer<typeof Bands>;

/** DESIGN.md §2 购买标签 defaults (a corp setting overrides them): total spend and average order value, in cents. */
export const DEFAULT_SPEND_BANDS: PurchaseBands = [
  { name: '高消费', minCents: 500_000 },
  { name: '中消费', minCents: 100_000 },
  { name: '低消费', minCents: 0 },
];
export const DEFAULT_AOV_BANDS: PurchaseBands = [
  { name: '高客单价', minCents: 50_000 },
  { name: '中客单价', minCents: 20_000 },
  { name: '低客单价', minCents: 0 },
];

/** The corp's bands from its settings, or the defaults when it has none (or they do not parse). */
export function bandsFrom(setting: unknown, fallback: PurchaseBands): PurchaseBands {
  const parsed = Bands.safeParse(setting);
  return parsed.success && parsed.data.length > 0 ? parsed.data : fallback;
}

/** The band a figure falls in: the highest minimum it reaches. */
export function bandFor(bands: PurchaseBands, cents: number): string | null {
  const fitting = bands.filter((b) => cents >= b.minCents).sort((a, b) => b.minCents - a.minCents);
  return fitting[0]?.name ?? null;
}

/** Preference tags are named after the category (≤30 characters, WeCom's limit). */
export const preferenceTagName = (category: string) => `偏好${category}`.slice(0, 30);
