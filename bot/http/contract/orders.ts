import { z } from 'zod';
import { IsoDateTimeInput, type IsoDateTime } from './common';

/** POST /api/orders (signed, server to server): a purchase from the POS or the online mall, once per orderNo. */
export const OrderInput = z.object({
  orderNo: z.string().min(1).max(64),
  source: z.string().min(1).max(32).default('pos'),
  externalUserid: z.string().min(1).max(64),
  guideUserid: z.string().min(1).max(64).optional(),
  amountCents: z.number().int().min(0).max(1_000_000_000),
  currency: z.string().length(3).default('CNY'),
  items: z
    .array(
      z.object({
        sku: z.string().max(64).optional(),
        name: z.string().min(1).max(200),
        category: z.string().max(64).optional(),
        quantity: z.number().int().min(1),
        priceCents: z.number().int().min(0),
      }),
    )
    .max(500)
    .default([]),
  purchasedAt: IsoDateTimeInput,
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
