import { Avatar, Button, Tag } from 'antd-mobile';
import type { MyDayResponse } from '@contract/my-day';
import { SectionCard } from '@/components/ui/section-card';
import { formatDateTime } from '@/lib/format';
import { FOLLOW_UP_KIND_LABELS } from '@/lib/labels';

type DayFollowUp = MyDayResponse['followUps'][number];

interface MyDayViewProps {
  day: MyDayResponse;
  busyId: string | null;
  onOpenChat: (followUp: DayFollowUp) => void;
  onComplete: (followUp: DayFollowUp) => void;
}

/** Today's follow-ups, overdue first then soonest: a tap opens the customer's chat, 完成 closes the item. */
export function MyDayView({ day, busyId, onOpenChat, onComplete }: MyDayViewProps) {
  return (
    <>
      <dl className="stats stats-day" aria-label="今日概况">
        <div>
          <dt>今日待办</dt>
          <dd>{day.counts.dueToday}</dd>
        </div>
        <div className={day.counts.overdue > 0 ? 'overdue' : undefined}>
          <dt>已逾期</dt>
          <dd>{day.counts.overdue}</dd>
        </div>
        <div>
          <dt>今日已完成</dt>
          <dd>{day.counts.doneToday}</dd>
        </div>
      </dl>
      <SectionCard title="待跟进客户">
        {day.followUps.length === 0 ? (
          <p className="muted empty-day">今天的待办都完成了</p>
        ) : (
          <ul className="day-list">
            {day.followUps.map((f) => {
              const name = f.customer.remark || f.customer.name;
              const what = f.title ?? FOLLOW_UP_KIND_LABELS[f.kind];
              return (
                <li key={f.id} className="day-item" aria-label={`${name}：${what}`}>
                  <button type="button" className="day-item-open" onClick={() => onOpenChat(f)}>
                    <Avatar src={f.customer.avatar ?? ''} className="day-avatar" aria-hidden />
                    <span className="day-item-text">
                      <span className="day-item-name">{name}</span>
                      <span className={f.isOverdue ? 'due overdue' : 'due'}>
                        {f.isOverdue && (
                          <Tag color="danger" fill="solid" className="overdue-tag">
                            已逾期
                          </Tag>
                        )}
                        {/* Whole units: a narrow pane wraps between them, not inside a word. */}
                        <span className="unit">{formatDateTime(f.dueAt)} ·</span>{' '}
                        <span className="unit">{what}</span>
                      </span>
                    </span>
                  </button>
                  <Button
                    size="small"
                    color="primary"
                    fill="outline"
                    disabled={busyId === f.id}
                    onClick={() => onComplete(f)}
                  >
                    完成
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
      </SectionCard>
    </>
  );
}
