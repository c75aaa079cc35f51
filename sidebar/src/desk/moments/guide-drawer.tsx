import type { GuidePostView, GuidePostsResponse, MomentKind } from '@contract/moments';
import { Alert, App, Drawer, Select, Skeleton, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Suspense, lazy } from 'react';
import { momentsApi } from '@/desk/moments/moments-api';
import { errorText } from '@/lib/error-text';
import { MOMENT_KIND_LABELS, WEEK_RULE_LABELS } from '@/lib/labels';
import { useQuery } from '@/lib/use-query';

const TrendChart = lazy(() => import('@/desk/moments/trend-chart'));

const SOURCE_LABELS: Record<GuidePostView['kindSource'], string> = {
  library: '素材库',
  rules: '规则判断',
  manager: '人工修正',
};
const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

interface Props {
  userid: string;
  week: string | undefined;
  onClose: () => void;
  /** A correction changed the guide's score: the table behind re-reads its week. */
  onChanged: () => void;
}

/** One guide's week: the rules, the posting-days calendar, and every post with a control to correct it. */
export function GuideDrawer({ userid, week, onClose, onChanged }: Props) {
  const posts = useQuery(`${userid}|${week ?? ''}`, (signal) => momentsApi.guidePosts(userid, week, signal));
  const trend = useQuery(`trend|${userid}|${week ?? ''}`, (signal) =>
    momentsApi.trend({ userid, week }, signal),
  );
  const { message } = App.useApp();
  const correct = async (post: GuidePostView, change: { kind?: MomentKind; readsLikeAd?: boolean }) => {
    try {
      await momentsApi.correct(post.id, {
        kind: change.kind ?? post.kind,
        readsLikeAd: change.readsLikeAd ?? post.readsLikeAd,
      });
      void message.success('已修正，本周得分已重新计算');
      posts.reload({ silent: true });
      trend.reload({ silent: true });
      onChanged();
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  const data = posts.data;
  return (
    <Drawer
      open
      size={860}
      // At the far end: at the start (antd's default) it sat under the centred toasts at desktop widths, and a
      // pointer on a toast keeps it open, so the drawer could not be closed while one showed.
      closable={{ placement: 'end' }}
      onClose={onClose}
      title={data ? `${data.row.guide.name} · ${data.week.start} 至 ${data.week.end}` : '导购本周朋友圈'}
    >
      {posts.status === 'error' && <Alert type="error" showIcon title={errorText(posts.error)} />}
      {!data ? (
        posts.status === 'loading' && <Skeleton active />
      ) : (
        <WeekDetail data={data} onCorrect={correct} />
      )}
      {trend.data && (
        <section aria-label="近 12 周">
          <Typography.Title level={5} className="desk-drawer-section">
            近 12 周
          </Typography.Title>
          <Suspense fallback={<Skeleton active />}>
            <TrendChart data={trend.data} />
          </Suspense>
        </section>
      )}
    </Drawer>
  );
}

function WeekDetail({
  data,
  onCorrect,
}: {
  data: GuidePostsResponse;
  onCorrect: (post: GuidePostView, change: { kind?: MomentKind; readsLikeAd?: boolean }) => Promise<void>;
}) {
  const columns: ColumnsType<GuidePostView> = [
    {
      title: '发布时间',
      key: 'at',
      width: 120,
      render: (_, post) => (
        <div>
          <div>{post.localDate}</div>
          <div className="desk-muted">
            {new Date(post.postedAt).toLocaleTimeString('zh-CN', {
              hour: '2-digit',
              minute: '2-digit',
              timeZone: data.week.timezone,
            })}
          </div>
        </div>
      ),
    },
    {
      title: '内容',
      key: 'text',
      render: (_, post) => (
        <div className="desk-post-text">
          {post.text || <span className="desk-muted">（无文字）</span>}
          <div>
            {post.inBestWindow && <Tag color="gold">黄金时段</Tag>}
            {post.deleted && <Tag>已删除</Tag>}
            {post.libraryItem && <Tag color="blue">素材：{post.libraryItem.title}</Tag>}
            {post.products.length > 1 && <Tag color="orange">多个产品</Tag>}
          </div>
        </div>
      ),
    },
    {
      title: '分类',
      key: 'kind',
      width: 150,
      render: (_, post) => (
        <div>
          <Select<MomentKind>
            size="small"
            aria-label="修正分类"
            value={post.kind}
            disabled={post.deleted}
            style={{ width: 96 }}
            options={(['product', 'life', 'brand'] as const).map((k) => ({
              value: k,
              label: MOMENT_KIND_LABELS[k],
            }))}
            onChange={(kind) => void onCorrect(post, { kind })}
          />
          <div className="desk-muted">{SOURCE_LABELS[post.kindSource]}</div>
        </div>
      ),
    },
    {
      title: '硬广',
      key: 'ad',
      width: 72,
      render: (_, post) => (
        <Switch
          size="small"
          aria-label="像硬广"
          checked={post.readsLikeAd}
          disabled={post.deleted}
          onChange={(readsLikeAd) => void onCorrect(post, { readsLikeAd })}
        />
      ),
    },
  ];
  return (
    <>
      <div className="desk-rule-passes">
        <Tag color={data.row.passed ? 'success' : 'error'}>得分 {data.row.score}</Tag>
        {data.row.rules.map((r) => (
          <Tag key={r.rule} color={r.passed ? 'success' : 'error'}>
            {WEEK_RULE_LABELS[r.rule]} {r.actual}
            {'min' in r.bound ? `/${r.bound.min}` : ` (≤${r.bound.max})`}
          </Tag>
        ))}
      </div>
      <div className="desk-calendar" role="group" aria-label="发圈日历">
        {data.days.map((d, i) => (
          <div key={d.date} className={`desk-day${d.posts ? ' has-posts' : ''}`}>
            <div className="desk-day-date">
              {WEEKDAYS[i]} {d.date.slice(5)}
            </div>
            <div className="desk-day-count">{d.posts}</div>
            <div>
              {d.kinds.map((k) => (
                <Tag key={k} variant="filled">
                  {MOMENT_KIND_LABELS[k]}
                </Tag>
              ))}
            </div>
          </div>
        ))}
      </div>
      <Table<GuidePostView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data.posts}
        pagination={false}
        locale={{ emptyText: '这一周还没有发朋友圈' }}
      />
    </>
  );
}
