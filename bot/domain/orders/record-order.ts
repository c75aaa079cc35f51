import type { Order } from '../../generated/prisma/client';
import { Prisma } from '../../generated/prisma/client';
import { AppError } from '../../errors';
import type { DomainDeps } from '../deps';
import { createFollowUp } from '../follow-ups/create-follow-up';

/** DESIGN.md §2: a service reminder 1 day after a purchase. */
export const SERVICE_REMINDER_AFTER_MS = 24 * 60 * 60 * 1000;

export interface NewOrder {
  orderNo: string;
  source: string;
  externalUserid: string;
  /** The guide credited with the sale; by default the customer's most recently added active guide. */
  guideUserid?: string;
  amountCents: number;
  currency: string;
  items: unknown[];
  purchasedAt: Date;
}

export interface RecordedOrder {
  order: Order;
  guideUserid: string;
  isNew: boolean;
  serviceReminderDueAt: Date | null;
}

/**
 * Records a purchase once (by its order number) and schedules the service reminder a day later, inside working
 * hours. Nothing is stored when the customer or guide is unknown.
 */
export async function recordOrder(deps: DomainDeps, input: NewOrder): Promise<RecordedOrder> {
  const { db } = deps;
  const existing = await db.order.findUnique({
    where: { orderNo: input.orderNo },
    include: { guide: true, customer: true },
  });
  if (existing) return repeated(deps, existing, input);

  const customer = await db.customer.findUnique({ where: { externalUserid: input.externalUserid } });
  if (!customer) {
    throw new AppError('customer_not_found', `no customer with external_userid ${input.externalUserid}`, {
      status: 404,
    });
  }
  const guide = input.guideUserid
    ? await db.guide.findUnique({ where: { userid: input.guideUserid } })
    : (
        await db.guideCustomer.findFirst({
          where: { customerId: customer.id, status: 'ACTIVE' },
          orderBy: [{ addedAt: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }],
          include: { guide: true },
        })
      )?.guide;
  if (!guide) {
    throw input.guideUserid
      ? new AppError('guide_not_found', `no guide with userid ${input.guideUserid}`, { status: 404 })
      : new AppError('no_guide', 'the customer follows no active guide; send guideUserid', { status: 422 });
  }

  let order: Order;
  try {
    order = await db.order.create({
      data: {
        orderNo: input.orderNo,
        source: input.source,
        customerId: customer.id,
        guideId: guide.id,
        amountCents: input.amountCents,
        currency: input.currency,
        items: input.items as Prisma.InputJsonValue,
        purchasedAt: input.purchasedAt,
      },
    });
  } catch (error) {
    // The same order sent twice at once: the other request stored it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const stored = await db.order.findUniqueOrThrow({
        where: { orderNo: input.orderNo },
        include: { guide: true, customer: true },
      });
      return repeated(deps, stored, input);
    }
    throw error;
  }
  const reminderDueAt = await ensureServiceReminder(deps, order);
  await requestPurchaseRefresh(deps, order);
  return { order, guideUserid: guide.userid, isNew: true, serviceReminderDueAt: reminderDueAt };
}

/**
 * The customer's order figures, stage and purchase tags follow in a job (it may create tags in WeCom). If it
 * cannot be queued the daily lifecycle sweep finds the customer's figures behind and catches up.
 */
async function requestPurchaseRefresh(deps: DomainDeps, order: Order): Promise<void> {
  await deps
    .enqueue('refresh-customer-purchases', { customerId: order.customerId }, { key: order.id })
    .catch((error: unknown) =>
      deps.logger.warn(
        { err: error, orderNo: order.orderNo },
        'purchase refresh not queued; the daily sweep will',
      ),
    );
}

/**
 * An order number we have: the same order again is answered as before (and its reminder made sure of, in case
 * the first request died between the two); a different order under the same number is a conflict, not a repeat.
 */
async function repeated(
  deps: DomainDeps,
  stored: Order & { guide: { userid: string }; customer: { externalUserid: string } },
  input: NewOrder,
): Promise<RecordedOrder> {
  const isSame =
    stored.customer.externalUserid === input.externalUserid &&
    stored.amountCents === input.amountCents &&
    stored.purchasedAt.getTime() === input.purchasedAt.getTime();
  if (!isSame) {
    throw new AppError(
      'order_conflict',
      `order ${input.orderNo} exists with another customer, amount or time`,
      {
        status: 409,
      },
    );
  }
  const reminderDueAt = await ensureServiceReminder(deps, stored);
  return {
    order: stored,
    guideUserid: stored.guide.userid,
    isNew: false,
    serviceReminderDueAt: reminderDueAt,
  };
}

/** The service reminder of an order; creating it twice is a no-op (its dedupe key is the order). */
async function ensureServiceReminder(deps: DomainDeps, order: Order): Promise<Date> {
  const { followUp } = await createFollowUp(deps, {
    kind: 'SERVICE_REMINDER',
    guideId: order.guideId,
    customerId: order.customerId,
    dueAt: new Date(order.purchasedAt.getTime() + SERVICE_REMINDER_AFTER_MS),
    orderId: order.id,
    validFrom: order.purchasedAt,
    title: `购后服务提醒（订单 ${order.orderNo}）`,
    dedupeKey: `service:${order.id}`,
  });
  return followUp.dueAt;
}
