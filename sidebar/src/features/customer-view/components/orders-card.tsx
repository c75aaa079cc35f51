import { List } from 'antd-mobile';
import type { CustomerViewResponse } from '@contract/customer-view';
import { SectionCard } from '@/components/ui/section-card';
import { formatDay, formatMoney } from '@/lib/format';

/** The recent orders behind the header's figures. */
export function OrdersCard({ purchases }: { purchases: CustomerViewResponse['purchases'] }) {
  return (
    <SectionCard title="最近订单">
      {purchases.recent.length === 0 ? (
        <p className="muted">还没有订单</p>
      ) : (
        <List>
          {purchases.recent.map((order) => (
            <List.Item
              key={order.id}
              description={`${formatDay(order.purchasedAt)} · ${order.itemCount} 件`}
              extra={formatMoney(order.amountCents)}
            >
              订单 {order.orderNo}
            </List.Item>
          ))}
        </List>
      )}
    </SectionCard>
  );
}
