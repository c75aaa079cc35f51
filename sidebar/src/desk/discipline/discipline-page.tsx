import type { DisciplineRow, DisciplineWeekResponse } from '@contract/discipline';
import { Alert, Card, Statistic, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { WeekFilter } from '@/desk/moments/moments-api';
import { WeekFilters } from '@/desk/moments/week-filters';
import { api } from '@/lib/api-client';
import { errorText } from '@/lib/error-text';
import { useQuery } from '@/lib/use-query';

const PAGE_SIZE = 50;

/** "done of due", with the share, or a dash when nothing was due. */
function share(done: number, due: number) {
  if (due === 0) return <span className="desk-muted">—</span>;
  const pct = Math.round((done / due) * 100);
  return (
    <Tag color={pct === 100 ? 'success' : pct >= 80 ? 'warning' : 'error'} className="desk-rule-cell">
      {done}/{due} · {pct}%
    </Tag>
  );
}

/** 跟进纪律: per guide and week, new customers greeted within a day, service and 7-day follow-ups on time, overdue. */
export function DisciplinePage({ isHq }: { isHq: boolean }) {
  const [filter, setFilter] = useState<WeekFilter>({});
  const [page, setPage] = useState(1);
  const week = useQuery(`${filter.week ?? ''}|${filter.storeId ?? ''}|${page}`, (signal) =>
    api.get<DisciplineWeekResponse>('/discipline/weeks', { ...filter, page, pageSize: PAGE_SIZE }, signal),
  );
  const stores = useQuery('stores', (signal) =>
    isHq
      ? api.get<{ stores: { store: { id: string; name: string } | null }[] }>(
          '/moments/weeks',
          { pageSize: 1 },
          signal,
        )
      : Promise.resolve(null),
  );
  const columns: ColumnsType<DisciplineRow> = [
    {
      title: '导购',
      key: 'guide',
      render: (_, row) => (
        <div>
          <div>{row.guide.name}</div>
          <div className="desk-muted">{row.guide.store?.name ?? '未分配门店'}</div>
        </div>
      ),
    },
    { title: '新客', dataIndex: 'newCustomers', align: 'right' },
    { title: '一天内问候', key: 'greeted', render: (_, r) => share(r.greetedWithinDay, r.newCustomers) },
    { title: '售后回访按时', key: 'service', render: (_, r) => share(r.serviceOnTime, r.serviceDue) },
    {
      title: '7 天互动按时',
      key: 'interactions',
      render: (_, r) => share(r.interactionsOnTime, r.interactionsDue),
    },
    {
      title: '逾期未跟进',
      dataIndex: 'overdue',
      align: 'right',
      render: (n: number) => (n > 0 ? <Tag color="error">{n}</Tag> : 0),
    },
  ];
  const summary = week.data?.summary;
  return (
    <>
      <WeekFilters
        filter={filter}
        onChange={(next) => {
          setFilter(next);
          setPage(1);
        }}
        stores={stores.data ? stores.data.stores.flatMap((s) => (s.store ? [s.store] : [])) : null}
        span={week.data?.week}
        exportUrl={null}
      />
      {week.status === 'error' && <Alert type="error" showIcon title={errorText(week.error)} />}
      {summary && (
        <Card size="small" className="desk-row-card">
          <div className="desk-stats desk-stats-wide">
            <Statistic title="导购" value={summary.guides} suffix="人" />
            <Statistic title="新客" value={summary.newCustomers} />
            <Statistic
              title="一天内问候"
              value={summary.greetedWithinDay}
              suffix={`/ ${summary.newCustomers}`}
            />
            <Statistic
              title="逾期未跟进"
              value={summary.overdue}
              styles={summary.overdue ? { content: { color: '#cf1322' } } : undefined}
            />
          </div>
        </Card>
      )}
      <Card size="small" title="导购明细（逾期多的在前）">
        <Table<DisciplineRow>
          rowKey={(row) => row.guide.userid}
          size="middle"
          columns={columns}
          dataSource={week.data?.guides ?? []}
          loading={week.status === 'loading'}
          locale={{ emptyText: '这一周没有要检查的导购' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: week.data?.page.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 位导购`,
            onChange: setPage,
          }}
        />
      </Card>
    </>
  );
}
