import { Button, List } from 'antd-mobile';
import type { CustomerViewResponse } from '@contract/customer-view';
import { SectionCard } from '@/components/ui/section-card';
import { formatDateTime } from '@/lib/format';
import { addWayLabel } from '@/lib/labels';

const WELCOME_LABELS: Record<string, string> = {
  SENT: '已发送',
  ALREADY_SENT: '已由其他应用发送',
  EXPIRED: '已过期，未发送',
  FAILED: '发送失败',
  DUPLICATE: '重复添加，未发送',
};

/** The details behind the header: remark and description (editable), how and when they were added. */
export function ProfileCard({
  view,
  onEditRemark,
}: {
  view: CustomerViewResponse;
  onEditRemark: () => void;
}) {
  const { relation, customer } = view;
  return (
    <SectionCard
      title="客户资料"
      extra={
        <Button size="mini" color="primary" fill="none" onClick={onEditRemark}>
          编辑
        </Button>
      }
    >
      <List>
        <List.Item extra={relation.remark || '未设置'}>备注</List.Item>
        <List.Item description={relation.description || '未填写'}>描述</List.Item>
        <List.Item extra={customer.name}>{customer.type === 1 ? '微信昵称' : '名称'}</List.Item>
        <List.Item extra={addWayLabel(relation.addWay, relation.channel)}>添加方式</List.Item>
        <List.Item extra={relation.addedAt ? formatDateTime(relation.addedAt) : '—'}>添加时间</List.Item>
        <List.Item extra={relation.guide.name}>跟进导购</List.Item>
        {relation.welcome && (
          <List.Item extra={WELCOME_LABELS[relation.welcome.status] ?? relation.welcome.status}>
            欢迎语
          </List.Item>
        )}
      </List>
    </SectionCard>
  );
}
