import { Alert, Card, Skeleton } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { GuideWeekTable } from '@/desk/moments/guide-week-table';
import { StoreRollup } from '@/desk/moments/store-rollup';
import { type WeekFilter, momentsApi } from '@/desk/moments/moments-api';
import { WeekFilters } from '@/desk/moments/week-filters';
import { WeekSummaryCard } from '@/desk/moments/week-summary';
import { errorText } from '@/lib/error-text';
import { useQuery } from '@/lib/use-query';

// ECharts is the heaviest part of the desk: its own chunk, loaded beside the table rather than before it.
const TrendChart = lazy(() => import('@/desk/moments/trend-chart'));
const GuideDrawer = lazy(async () => ({
  default: (await import('@/desk/moments/guide-drawer')).GuideDrawer,
}));
const PAGE_SIZE = 50;

/** 朋友圈周检: the week's guides against the plan, lowest score first, with the store's 12-week trend. */
export function MomentsWeekPage({ isHq }: { isHq: boolean }) {
  const [filter, setFilter] = useState<WeekFilter>({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const key = `${filter.week ?? ''}|${filter.storeId ?? ''}`;
  const week = useQuery(`${key}|${page}`, (signal) =>
    momentsApi.week({ ...filter, page, pageSize: PAGE_SIZE }, signal),
  );
  const trend = useQuery(key, (signal) => momentsApi.trend(filter, signal));
  const change = (next: WeekFilter) => {
    setFilter(next);
    setPage(1);
  };
  const stores = week.data?.stores.flatMap((s) => (s.store ? [s.store] : [])) ?? [];

  return (
    <>
      <WeekFilters
        filter={filter}
        onChange={change}
        stores={isHq ? stores : null}
        span={week.data?.week}
        exportUrl={momentsApi.exportUrl(filter)}
      />
      {week.status === 'error' && <Alert type="error" showIcon title={errorText(week.error)} />}
      <div className="desk-row">
        <Card title="本周概况" size="small">
          {week.data ? <WeekSummaryCard data={week.data} /> : <Skeleton active />}
        </Card>
        <Card title="近 12 周趋势" size="small">
          {trend.data ? (
            <Suspense fallback={<Skeleton active />}>
              <TrendChart data={trend.data} />
            </Suspense>
          ) : trend.status === 'error' ? (
            <Alert type="error" title={errorText(trend.error)} />
          ) : (
            <Skeleton active />
          )}
        </Card>
      </div>
      {isHq && !filter.storeId && week.data && week.data.stores.length > 1 && (
        <Card size="small" title="门店（平均分低的在前，点击只看该店）" className="desk-row-card">
          <StoreRollup stores={week.data.stores} onPick={(storeId) => change({ ...filter, storeId })} />
        </Card>
      )}
      <Card size="small" title="导购明细（得分低的在前）">
        <GuideWeekTable
          data={week.data}
          loading={week.status === 'loading'}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={setPage}
          onOpen={setOpen}
          onNudged={(userid) => week.setData((d) => ({ ...d, nudgedToday: [...d.nudgedToday, userid] }))}
          week={filter.week}
        />
      </Card>
      {open && (
        <Suspense fallback={null}>
          <GuideDrawer
            userid={open}
            week={filter.week}
            onClose={() => setOpen(null)}
            onChanged={() => {
              week.reload({ silent: true });
              trend.reload({ silent: true });
            }}
          />
        </Suspense>
      )}
    </>
  );
}
