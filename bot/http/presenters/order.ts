import type { RecordedOrder } from '../../domain/orders/record-order';
import type { OrderResponse } from '../contract/orders';

/** A recorded order: enough for the POS to match it up, and when the guide will be reminded. */
export function presentRecordedOrder(recorded: RecordedOrder): OrderResponse {
  return {
    order: {
      id: recorded.order.id,
      orderNo: recorded.order.orderNo,
      guideUserid: recorded.guideUserid,
      serviceReminderDueAt: recorded.serviceReminderDueAt?.toISOString() ?? null,
    },
    isNew: recorded.isNew,
  };
}
