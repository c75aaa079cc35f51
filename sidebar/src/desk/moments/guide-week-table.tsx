import type { GuideWeekRow, MomentsWeekResponse } from '@contract/moments';
import { App, Button, Space, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { momentsApi } from '@/desk/moments/moments-api';
import { errorText } from '@/lib/error-text';
import { WEEK_RULE_LABELS } from '@/lib/labels';

interface Props {
  data: MomentsWeekResponse | undefined;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  onOpen: (userid: string) => void;
  /** A nudge went out: the row shows it, and offers no second one today. */
  onNudged: (userid: string) => void;
  week: string | undefined;
}

const boundText = (bound: GuideWeekRow['rules'][number]['bound']) =>
  'min' in bound ? `至少 ${bound.min}` : `至多 ${bound.max}`;

/** The week's guides, one rule a column, pass or fail at a glance; 查看 drills down, 提醒 nudges. */
export function GuideWeekTable({ data, loading, page, pageSize, onPage, onOpen, onNudged, week }: Props) {
  const { message } = App.useApp();
  const [nudging, setNudging] = useState<string | null>(null);
  const nudge = async (row: GuideWeekRow) => {
    setNudging(row.guide.userid);
    try {
      await momentsApi.nudge(row.guide.userid, week);
      void message.success(`已提醒 ${row.guide.name}`);
      onNudged(row.guide.userid);
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setNudging(null);
    }
  };
  const ruleNames = data?.guides[0]?.rules.map((r) => r.rule) ?? [];
  const columns: ColumnsType<GuideWeekRow> = [
    {
      title: '导购',
      key: 'guide',
      fixed: 'left',
      width: 160,
      render: (_, row) => (
        <div>
          <div>{row.guide.name}</div>
          <div className="desk-muted">{row.guide.store?.name ?? '未分配门店'}</div>
        </div>
      ),
    },
    { title: '得分', dataIndex: 'score', width: 72, align: 'right' },
    {
      title: '本周',
      key: 'passed',
      width: 84,
      render: (_, row) => (row.passed ? <Tag color="success">达标</Tag> : <Tag color="error">未达标</Tag>),
    },
    ...ruleNames.map((name, i) => ({
      title: WEEK_RULE_LABELS[name],
      key: name,
      width: 104,
      render: (_: unknown, row: GuideWeekRow) => {
        const rule = row.rules[i]!;
        return (
          <Tooltip title={`${WEEK_RULE_LABELS[name]}：${rule.actual}，要求${boundText(rule.bound)}`}>
            <Tag className="desk-rule-cell" color={rule.passed ? 'success' : 'error'}>
              {rule.passed ? '✓' : '✗'} {rule.actual}
            </Tag>
          </Tooltip>
        );
      },
    })),
    { title: '发圈', dataIndex: 'posts', width: 64, align: 'right' },
    {
      title: '操作',
      key: 'actions',
      width: 140,
      render: (_, row) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => onOpen(row.guide.userid)}>
            查看
          </Button>
          {!row.passed && data?.nudgedToday.includes(row.guide.userid) && (
            <Tag className="desk-tag-after">今日已提醒</Tag>
          )}
          {!row.passed && !data?.nudgedToday.includes(row.guide.userid) && (
            <Button
              size="small"
              type="link"
              loading={nudging === row.guide.userid}
              onClick={() => void nudge(row)}
            >
              提醒
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Table<GuideWeekRow>
      rowKey={(row) => row.guide.userid}
      size="middle"
      columns={columns}
      dataSource={data?.guides ?? []}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: '这一周没有要检查的导购' }}
      pagination={{
        current: page,
        pageSize,
        total: data?.page.total ?? 0,
        showSizeChanger: false,
        showTotal: (total) => `共 ${total} 位导购`,
        onChange: onPage,
      }}
    />
  );
}
