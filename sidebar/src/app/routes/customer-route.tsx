import { Skeleton, Tabs } from 'antd-mobile';
import { Suspense, lazy, useCallback, useState } from 'react';
import type { CustomerViewResponse } from '@contract/customer-view';
import type { SidebarMessageResponse } from '@contract/interactions';
import type { MeResponse } from '@contract/session';
import type { RelationTagsResponse } from '@contract/tags';
import { ErrorState } from '@/components/ui/error-state';
import { FullPageMessage } from '@/components/ui/full-page-message';
import { PageSkeleton } from '@/components/ui/page-skeleton';
import { isApiError } from '@/lib/api-client';
import type { WecomSession } from '@/lib/wecom';
import { CustomerHeader } from '@/features/customer-view/components/customer-header';
import { MemberGroups } from '@/features/customer-view/components/member-groups';
import { OrdersCard } from '@/features/customer-view/components/orders-card';
import { ProfileCard } from '@/features/customer-view/components/profile-card';
import { useCustomerView } from '@/features/customer-view/hooks/use-customer-view';
import { FollowUpsCard } from '@/features/follow-ups/components/follow-ups-card';
import { useSendToChat } from '@/features/messaging/hooks/use-send-to-chat';
import { TagsCard } from '@/features/tags/components/tags-card';

// The first screen is the header, the follow-ups and the tags. The other tabs and the remark sheet load when
// opened, which keeps the initial JavaScript inside its budget (150 KB gzipped).
const ScriptsCard = lazy(() =>
  import('@/features/scripts/components/scripts-card').then((m) => ({ default: m.ScriptsCard })),
);
const TimelineCard = lazy(() =>
  import('@/features/timeline/components/timeline-card').then((m) => ({ default: m.TimelineCard })),
);
const MomentsCard = lazy(() =>
  import('@/features/moments/components/moments-card').then((m) => ({ default: m.MomentsCard })),
);
const RemarkSheet = lazy(() => import('@/features/customer-view/components/remark-sheet'));

const tabFallback = (
  <div className="section" role="status" aria-label="加载中">
    <Skeleton.Paragraph lineCount={4} animated />
  </div>
);

interface CustomerRouteProps {
  externalUserid: string;
  me: MeResponse;
  wecom: WecomSession;
}

/** The customer view: who this is and what to do next first, then tags, scripts, history and details. */
export function CustomerRoute({ externalUserid, me, wecom }: CustomerRouteProps) {
  const view = useCustomerView(externalUserid);
  const { reload, setData } = view;
  // A message that closed follow-ups (or moved the last interaction) changes the view: read it again quietly.
  const onRecorded = useCallback(
    (recorded: SidebarMessageResponse) => {
      if (recorded.isNew) reload({ silent: true });
    },
    [reload],
  );
  const send = useSendToChat(wecom, externalUserid, onRecorded);
  const onTagsSaved = useCallback(
    (tags: RelationTagsResponse) => setData((v) => ({ ...v, tags })),
    [setData],
  );

  if (view.status === 'loading') return <PageSkeleton label="客户资料加载中" />;
  if (view.status === 'error') {
    // Someone else's customer and no customer at all look the same (the API reveals nothing either).
    if (isApiError(view.error) && view.error.status === 404) {
      return (
        <FullPageMessage
          title="没有找到这位客户"
          description="这位客户不在你的客户列表中，或已不再是你的好友。"
        />
      );
    }
    return <ErrorState error={view.error} onRetry={() => reload()} title="客户资料加载失败" />;
  }
  return (
    <CustomerPage
      view={view.data}
      me={me}
      canSend={wecom.canSendToChat}
      wecom={wecom}
      send={send}
      setData={setData}
      onTagsSaved={onTagsSaved}
    />
  );
}

interface CustomerPageProps {
  view: CustomerViewResponse;
  me: MeResponse;
  canSend: boolean;
  wecom: WecomSession;
  send: ReturnType<typeof useSendToChat>;
  setData: (update: (v: CustomerViewResponse) => CustomerViewResponse) => void;
  onTagsSaved: (tags: RelationTagsResponse) => void;
}

function CustomerPage({ view, me, canSend, wecom, send, setData, onTagsSaved }: CustomerPageProps) {
  const [isEditingRemark, setEditingRemark] = useState(false);
  const isActive = view.relation.status === 'ACTIVE';
  const onSend = canSend && isActive ? send : undefined;
  return (
    <main className="page">
      <CustomerHeader view={view} viewerUserid={me.userid} onEditRemark={() => setEditingRemark(true)} />
      <FollowUpsCard
        followUps={view.followUps}
        onChange={(update) => setData((v) => ({ ...v, followUps: update(v.followUps) }))}
        onSend={onSend}
      />
      <Tabs defaultActiveKey="tags" className="customer-tabs">
        <Tabs.Tab title="标签" key="tags">
          <TagsCard
            relationId={view.relationId}
            tags={view.tags}
            taxonomy={view.taxonomy}
            canEdit={isActive}
            onSaved={onTagsSaved}
          />
          <MemberGroups groups={view.groups} />
        </Tabs.Tab>
        <Tabs.Tab title="话术" key="scripts">
          <Suspense fallback={tabFallback}>
            <ScriptsCard relationId={view.relationId} onSend={onSend} />
            <MomentsCard wecom={wecom} />
          </Suspense>
        </Tabs.Tab>
        <Tabs.Tab title="轨迹" key="timeline">
          <Suspense fallback={tabFallback}>
            <TimelineCard relationId={view.relationId} />
          </Suspense>
        </Tabs.Tab>
        <Tabs.Tab title="资料" key="profile">
          <ProfileCard view={view} onEditRemark={() => setEditingRemark(true)} />
          <OrdersCard purchases={view.purchases} />
        </Tabs.Tab>
      </Tabs>
      {isEditingRemark && (
        <Suspense fallback={null}>
          <RemarkSheet
            relationId={view.relationId}
            remark={view.relation.remark}
            description={view.relation.description}
            visible
            onClose={() => setEditingRemark(false)}
            onSaved={(saved) =>
              setData((v) => ({
                ...v,
                relation: { ...v.relation, remark: saved.remark, description: saved.description },
              }))
            }
          />
        </Suspense>
      )}
    </main>
  );
}
