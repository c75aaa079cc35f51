import { Avatar, Button, NoticeBar, Tag } from 'antd-mobile';
import { EditSOutline } from 'antd-mobile-icons';
import type { CustomerViewResponse } from '@contract/customer-view';
import { formatAgo, formatDay, formatMoney } from '@/lib/format';
import { LIFECYCLE_LABELS, addWayLabel } from '@/lib/labels';

// Not in React's types: the attribute is passed through as written.
const ELEMENT_TIMING = { elementtiming: 'customer-name' } as Record<string, string>;

interface CustomerHeaderProps {
  view: CustomerViewResponse;
  /** The signed-in userid: a manager looking at a guide's customer sees whose customer it is. */
  viewerUserid: string | null;
  onEditRemark: () => void;
}

const INACTIVE: Record<string, string> = {
  DELETED_BY_GUIDE: '你已删除该客户，资料仅供查看',
  DELETED_BY_CUSTOMER: '客户已删除你，资料仅供查看',
};

/** Who this is, at a glance: name, where they come from, stage, and what they bought. */
export function CustomerHeader({ view, viewerUserid, onEditRemark }: CustomerHeaderProps) {
  const { customer, relation, lifecycle, purchases } = view;
  const displayName = relation.remark || customer.name;
  const isWechat = customer.type === 1;
  const isOtherGuide = viewerUserid !== null && relation.guide.userid !== viewerUserid;
  const inactive = INACTIVE[relation.status];
  return (
    <header className="customer-header" aria-label="客户">
      {inactive && <NoticeBar content={inactive} color="alert" wrap />}
      <div className="customer-id">
        <Avatar src={customer.avatar ?? ''} className="customer-avatar" aria-hidden />
        <div className="customer-names">
          {/* Element Timing: the bench reads when the name is painted (bench/sidebar-render.ts). */}
          <h1 className="customer-name" {...ELEMENT_TIMING}>
            {displayName}
            {isWechat ? (
              <Tag color="success" fill="outline" className="badge">
                微信
              </Tag>
            ) : (
              <Tag color="warning" fill="outline" className="badge">
                {customer.corpName ? `@${customer.corpName}` : '企业微信'}
              </Tag>
            )}
          </h1>
          {relation.remark && relation.remark !== customer.name && (
            <div className="muted">昵称：{customer.name}</div>
          )}
          {!isWechat && customer.position && <div className="muted">{customer.position}</div>}
          <div className="customer-tags">
            {lifecycle.stage && (
              <Tag color="primary" round>
                {LIFECYCLE_LABELS[lifecycle.stage]}
              </Tag>
            )}
            {purchases.preferredCategory && (
              <Tag color="default" fill="outline" round>
                偏好{purchases.preferredCategory}
              </Tag>
            )}
          </div>
        </div>
        <Button size="mini" fill="none" onClick={onEditRemark} aria-label="编辑备注" className="edit-remark">
          <EditSOutline fontSize={18} />
        </Button>
      </div>
      <ul className="customer-facts">
        <li>
          {addWayLabel(relation.addWay, relation.channel)}添加
          {relation.addedAt && ` · ${formatDay(relation.addedAt)}`}
          {isOtherGuide && ` · 导购 ${relation.guide.name}`}
        </li>
        <li>
          {relation.lastInteractionAt
            ? `上次互动 ${formatAgo(relation.lastInteractionAt)}`
            : '还没有互动记录'}
          {relation.welcome?.status === 'SENT' && ' · 欢迎语已发送'}
        </li>
        {relation.description && <li className="customer-description">{relation.description}</li>}
      </ul>
      <dl className="stats" aria-label="消费">
        <div>
          <dt>订单数</dt>
          <dd>{purchases.orderCount}</dd>
        </div>
        <div>
          <dt>累计消费</dt>
          <dd>{formatMoney(purchases.spendCents)}</dd>
        </div>
        <div>
          <dt>最近购买</dt>
          <dd>{purchases.lastPurchaseAt ? formatDay(purchases.lastPurchaseAt) : '—'}</dd>
        </div>
      </dl>
    </header>
  );
}
