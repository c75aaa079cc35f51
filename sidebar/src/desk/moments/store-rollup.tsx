import type { MomentsWeekResponse } from '@contract/moments';
import { Progress, Table } from 'antd';

type StoreRow = MomentsWeekResponse['stores'][number];

/** Each store's week added up, lowest mean score first (HQ's view); choosing one filters the page to it. */
export function StoreRollup({ stores, onPick }: { stores: StoreRow[]; onPick: (storeId: string) => void }) {
  return (
    <Table<StoreRow>
      rowKey={(row) => row.store?.id ?? 'none'}
      size="small"
      pagination={false}
      dataSource={stores}
      onRow={(row) => ({
        onClick: () => row.store && onPick(row.store.id),
        className: row.store ? 'desk-clickable' : undefined,
      })}
      columns={[
        { title: '门店', key: 'store', render: (_, row) => row.store?.name ?? '未分配门店' },
        { title: '导购', dataIndex: 'guides', align: 'right', width: 72 },
        {
          title: '全部达标',
          key: 'passed',
          width: 200,
          render: (_, row) => (
            <Progress
              size="small"
              percent={row.guides ? Math.round((row.passed / row.guides) * 100) : 0}
              format={() => `${row.passed}/${row.guides}`}
            />
          ),
        },
        { title: '平均分', dataIndex: 'averageScore', align: 'right', width: 80 },
        { title: '发圈', dataIndex: 'posts', align: 'right', width: 72 },
      ]}
    />
  );
}
