import { Button, Space, Tag } from 'antd-mobile';
import { Suspense, lazy, useState } from 'react';
import type { CustomerViewResponse } from '@contract/customer-view';
import type { FollowUp } from '@contract/follow-ups';
import { SectionCard } from '@/components/ui/section-card';
import { formatDue } from '@/lib/format';
import { FOLLOW_UP_KIND_LABELS } from '@/lib/labels';
import type { ChatMessage } from '@/lib/wecom';
import { useFollowUpActions } from '@/features/follow-ups/hooks/use-follow-up-actions';

// Opened by a tap, so loaded then: they bring antd-mobile's Popup and its drag gestures (~10 KB gzipped).
const SnoozeSheet = lazy(() => import('@/features/follow-ups/components/snooze-sheet'));
const SuggestedMessageSheet = lazy(() => import('@/features/follow-ups/components/suggested-message-sheet'));

type CustomerFollowUp = CustomerViewResponse['followUps'][number];

interface FollowUpsCardProps {
  followUps: CustomerFollowUp[];
  /** Replace the list after a write the server answered. */
  onChange: (update: (list: CustomerFollowUp[]) => CustomerFollowUp[]) => void;
  onSend?: (messages: ChatMessage[]) => Promise<unknown>;
}

const byDue = (a: FollowUp, b: FollowUp) => a.dueAt.localeCompare(b.dueAt);

/** What to do next for this customer: the open follow-ups, soonest first, each done or snoozed in one tap. */
export function FollowUpsCard({ followUps, onChange, onSend }: FollowUpsCardProps) {
  const { busyId, complete, snooze } = useFollowUpActions();
  const [snoozing, setSnoozing] = useState<string | null>(null);
  const [suggested, setSuggested] = useState<string | null>(null);

  const markDone = async (id: string) => {
    if (await complete(id)) onChange((list) => list.filter((f) => f.id !== id));
  };
  const snoozeTo = async (id: string, until: Date) => {
    const saved = await snooze(id, until);
    if (saved) {
      onChange((list) => list.map((f) => (f.id === id ? { ...f, ...saved } : f)).sort(byDue));
    }
  };

  return (
    <SectionCard title="待跟进" extra={followUps.length > 0 ? `${followUps.length} 项` : undefined}>
      {followUps.length === 0 ? (
        <p className="muted">没有待跟进的事项</p>
      ) : (
        <ul className="follow-ups">
          {followUps.map((f) => {
            const due = formatDue(f.dueAt);
            const isBusy = busyId === f.id;
            return (
              <li key={f.id} className="follow-up" aria-label={f.title ?? FOLLOW_UP_KIND_LABELS[f.kind]}>
                <div className="follow-up-title">
                  {f.title ?? FOLLOW_UP_KIND_LABELS[f.kind]}
                  {f.title && f.title !== FOLLOW_UP_KIND_LABELS[f.kind] && (
                    <Tag fill="outline" color="default">
                      {FOLLOW_UP_KIND_LABELS[f.kind]}
                    </Tag>
                  )}
                </div>
                {f.note && <div className="muted">{f.note}</div>}
                <div className={due.isOverdue ? 'due overdue' : 'due'}>{due.text}</div>
                <Space wrap className="follow-up-actions">
                  <Button size="small" color="primary" disabled={isBusy} onClick={() => void markDone(f.id)}>
                    完成
                  </Button>
                  <Button size="small" disabled={isBusy} onClick={() => setSnoozing(f.id)}>
                    延后
                  </Button>
                  {f.suggestedMessage && (
                    <Button
                      size="small"
                      fill="outline"
                      color="primary"
                      onClick={() => setSuggested(f.suggestedMessage)}
                    >
                      建议话术
                    </Button>
                  )}
                </Space>
              </li>
            );
          })}
        </ul>
      )}
      {snoozing !== null && (
        <Suspense fallback={null}>
          <SnoozeSheet
            open
            onCancel={() => setSnoozing(null)}
            onChoose={(until) => {
              setSnoozing(null);
              void snoozeTo(snoozing, until);
            }}
          />
        </Suspense>
      )}
      {suggested !== null && (
        <Suspense fallback={null}>
          <SuggestedMessageSheet message={suggested} onClose={() => setSuggested(null)} onSend={onSend} />
        </Suspense>
      )}
    </SectionCard>
  );
}
