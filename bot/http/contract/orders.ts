import { z } from 'zod';
import { BusinessDateTime, type IsoDateTime, Text } from './common';

/** POST /api/orders (signed, server to server): a purchase from the POS or the online mall, once per orderNo. */
export const OrderInput = z.object({
  orderNo: Text.min(1).max(64),
  source: Text.min(1).max(32).default('pos'),
  externalUserid: Text.min(1).max(64),
  guideUserid: Text.min(1).max(64).optional(),
  amountCents: z.number().int().min(0).max(1_000_000_000),
  currency: Text.length(3).default('CNY'),
  items: z
    .array(
      z.object({
        sku: Text.max(64).optional(),
        name: Text.min(1).max(200),
        category: Text.max(64).optional(),
        quantity: z.number().int().min(1),
        priceCents: z.number().int().min(0),
      }),
    )
    .max(500)
    .default([]),
  purchasedAt: BusinessDateTime,
});
export type OrderInput = z.input<typeof OrderInput>;

/** 201 for a new order, 200 for the same order sent again. */
export interface OrderResponse {
  order: {
    id: string;
    orderNo: string;
    /** The guide credited with the sale. */
    guideUserid: string;
    serviceReminderDueAt: IsoDateTime | null;
  };
  isNew: boolean;
}
