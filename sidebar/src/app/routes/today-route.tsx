import { Skeleton, Toast } from 'antd-mobile';
import { Suspense, lazy } from 'react';
import type { MyDayResponse } from '@contract/my-day';
import type { MeResponse } from '@contract/session';
import { ErrorState } from '@/components/ui/error-state';
import { PageSkeleton } from '@/components/ui/page-skeleton';
import type { WecomSession } from '@/lib/wecom';
import { explainWecomError } from '@/lib/wecom-errors';
import { useFollowUpActions } from '@/features/follow-ups/hooks/use-follow-up-actions';
import { MyDayView } from '@/features/my-day/components/my-day-view';
import { useMyDay } from '@/features/my-day/hooks/use-my-day';

type DayFollowUp = MyDayResponse['followUps'][number];

// Below the follow-ups, and with its own read: it loads after the first screen, outside the initial JavaScript.
const MomentsCard = lazy(() =>
  import('@/features/moments/components/moments-card').then((m) => ({ default: m.MomentsCard })),
);
const cardFallback = (
  <div className="section" role="status" aria-label="加载中">
    <Skeleton.Paragraph lineCount={3} animated />
  </div>
);

/** The guide's day (entry `normal`): today's follow-ups across their customers. */
export function TodayRoute({ me, wecom }: { me: MeResponse; wecom: WecomSession }) {
  const day = useMyDay();
  const { busyId, complete } = useFollowUpActions();

  const openChat = async (f: DayFollowUp) => {
    try {
      await wecom.openEnterpriseChat(f.customer.externalUserid);
    } catch (error) {
      const problem = explainWecomError(error);
      if (problem.kind !== 'cancelled') Toast.show({ icon: 'fail', content: `打不开聊天：${problem.title}` });
    }
  };
  const markDone = async (f: DayFollowUp) => {
    if (!(await complete(f.id))) return;
    day.setData((d) => ({ ...d, followUps: d.followUps.filter((x) => x.id !== f.id) }));
    // The counts are the server's to compute (what "due today" means is its rule): read them again.
    day.reload({ silent: true });
  };

  return (
    <main className="page">
      <header className="day-header">
        <h1>今日待办</h1>
        <span className="muted">
          {[day.status === 'success' ? day.data.date : null, me.name, me.store?.name]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </header>
      {day.status === 'loading' && <PageSkeleton label="今日待办加载中" />}
      {day.status === 'error' && (
        <ErrorState error={day.error} onRetry={() => day.reload()} title="今日待办加载失败" />
      )}
      {day.status === 'success' && (
        <>
          <MyDayView
            day={day.data}
            busyId={busyId}
            onOpenChat={(f) => void openChat(f)}
            onComplete={(f) => void markDone(f)}
          />
          <Suspense fallback={cardFallback}>
            <MomentsCard wecom={wecom} />
          </Suspense>
        </>
      )}
    </main>
  );
}
