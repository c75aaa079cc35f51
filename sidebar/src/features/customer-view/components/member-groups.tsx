import { Tag } from 'antd-mobile';
import type { CustomerViewResponse } from '@contract/customer-view';
import { SectionCard } from '@/components/ui/section-card';

/** The member groups (会员分组) the relation is in: hand-picked lists and rules it meets. */
export function MemberGroups({ groups }: { groups: CustomerViewResponse['groups'] }) {
  return (
    <SectionCard title="会员分组">
      {groups.length === 0 ? (
        <p className="muted">不在任何分组</p>
      ) : (
        <div className="chips">
          {groups.map((group) => (
            <Tag key={group.id} round color={group.kind === 'RULE' ? 'primary' : 'default'} fill="outline">
              {group.name}
            </Tag>
          ))}
        </div>
      )}
    </SectionCard>
  );
}
