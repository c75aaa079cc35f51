import type { MomentTaskView } from '@contract/moment-library';
import { Alert, App, Button, Card, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { libraryApi } from '@/desk/library/library-api';
import { deskErrorText } from '@/desk/shell/desk-error';
import { useQuery } from '@/lib/use-query';

const STATUS: Record<MomentTaskView['status'], { color: string; text: string }> = {
  creating: { color: 'processing', text: '创建中' },
  created: { color: 'success', text: '已创建' },
  failed: { color: 'error', text: '创建失败' },
};

/** 企业朋友圈: HQ's tasks, newest first, with who has published each and whom it reached (read from WeCom). */
export function TasksPage({ version }: { version: number }) {
  const { message } = App.useApp();
  const tasks = useQuery(`tasks|${version}`, (signal) => libraryApi.tasks(signal));
  const [refreshing, setRefreshing] = useState<string | null>(null);
  const refresh = async (task: MomentTaskView) => {
    setRefreshing(task.id);
    try {
      const fresh = await libraryApi.refreshTask(task.id);
      tasks.setData((data) => ({ tasks: data.tasks.map((t) => (t.id === fresh.id ? fresh : t)) }));
    } catch (error) {
      void message.error(deskErrorText(error));
    } finally {
      setRefreshing(null);
    }
  };
  const columns: ColumnsType<MomentTaskView> = [
    { title: '素材', key: 'item', render: (_, t) => t.item.title },
    {
      title: '状态',
      key: 'status',
      width: 110,
      render: (_, t) => {
        const tag = <Tag color={STATUS[t.status].color}>{STATUS[t.status].text}</Tag>;
        return t.error ? (
          <Tooltip title={`企业微信：${t.error.errcode} ${t.error.errmsg}`}>{tag}</Tooltip>
        ) : (
          tag
        );
      },
    },
    {
      title: '发表人',
      key: 'senders',
      width: 180,
      render: (_, t) => (
        <div>
          {t.senderUserids.length ? `${t.senderUserids.length} 位导购` : '全部导购'}
          {t.invalidSenders.length > 0 && (
            <div className="desk-muted">无效：{t.invalidSenders.join('、')}</div>
          )}
          {t.invalidTags.length > 0 && <div className="desk-muted">无效标签 {t.invalidTags.length} 个</div>}
        </div>
      ),
    },
    {
      title: '已发表',
      key: 'published',
      width: 110,
      render: (_, t) =>
        t.results ? (
          `${t.results.senders.filter((s) => s.published).length} / ${t.results.senders.length}`
        ) : (
          <span className="desk-muted">未读取</span>
        ),
    },
    {
      title: '触达客户',
      key: 'reached',
      width: 110,
      render: (_, t) =>
        t.results ? (
          t.results.senders.reduce((n, s) => n + (s.reached ?? 0), 0)
        ) : (
          <span className="desk-muted">—</span>
        ),
    },
    {
      title: '创建',
      key: 'created',
      width: 180,
      render: (_, t) => (
        <div>
          <div>{new Date(t.createdAt).toLocaleString('zh-CN', { hour12: false })}</div>
          <div className="desk-muted">{t.createdBy}</div>
        </div>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_, t) =>
        t.status === 'failed' ? null : (
          <Button size="small" type="link" loading={refreshing === t.id} onClick={() => void refresh(t)}>
            刷新结果
          </Button>
        ),
    },
  ];
  return (
    <>
      {tasks.status === 'error' && <Alert type="error" showIcon title={deskErrorText(tasks.error)} />}
      <Card size="small" title="企业朋友圈任务（新的在前）">
        <Table<MomentTaskView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={tasks.data?.tasks ?? []}
          loading={tasks.status === 'loading'}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          locale={{ emptyText: '还没有发过企业朋友圈：在素材库里选一条「发企业朋友圈」' }}
          expandable={{
            rowExpandable: (t) => (t.results?.senders.length ?? 0) > 0,
            expandedRowRender: (t) => (
              <div className="desk-rule-passes">
                {t.results?.senders.map((s) => (
                  <Tag key={s.userid} color={s.published ? 'success' : 'default'}>
                    {s.userid} {s.published ? `已发表 · 触达 ${s.reached ?? '统计中'}` : '未发表'}
                  </Tag>
                ))}
              </div>
            ),
          }}
        />
      </Card>
    </>
  );
}
