import type { LibraryItem, LibraryItemInput } from '@contract/moment-library';
import { Alert, App, Button, Card, Input, Segmented, Select, Space, Table, Tag, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { LibraryForm } from '@/desk/library/library-form';
import { type LibraryFilter, libraryApi } from '@/desk/library/library-api';
import { PublishModal } from '@/desk/library/publish-modal';
import { deskErrorText } from '@/desk/shell/desk-error';
import { useCorpTags } from '@/desk/shell/use-corp-tags';
import { MOMENT_KIND_LABELS } from '@/lib/labels';
import { useQuery } from '@/lib/use-query';

const PAGE_SIZE = 20;

/** The items of the JSON export (`{ items: [...] }`), or null when the text is not that. */
function jsonItems(text: string): Record<string, unknown>[] | null {
  try {
    const parsed = JSON.parse(text) as { items?: unknown };
    const items = parsed.items;
    return Array.isArray(items) && items.length > 0 && items.every((i) => typeof i === 'object' && i !== null)
      ? (items as Record<string, unknown>[])
      : null;
  } catch {
    return null;
  }
}

function mediaText(item: LibraryItem): string {
  const { media } = item;
  if (media.type === 'images') return `${media.images.length} 张图片`;
  if (media.type === 'link') return `链接：${media.link.title}`;
  if (media.type === 'video') return '视频';
  return '纯文字';
}

/**
 * 朋友圈素材库: what guides are offered to post. HQ adds, edits, archives and restores items, imports and
 * exports them, and publishes one as an enterprise Moments post; store managers read it.
 */
export function LibraryPage({ isHq, onPublished }: { isHq: boolean; onPublished: () => void }) {
  const { message } = App.useApp();
  const [filter, setFilter] = useState<LibraryFilter>({ status: 'current', page: 1, pageSize: PAGE_SIZE });
  const list = useQuery(JSON.stringify(filter), (signal) => libraryApi.list(filter, signal));
  const tags = useCorpTags();
  const [editing, setEditing] = useState<LibraryItem | null | 'new'>(null);
  const [publishing, setPublishing] = useState<LibraryItem | null>(null);
  const [saving, setSaving] = useState(false);

  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      void message.success(done);
      list.reload({ silent: true });
      return true;
    } catch (error) {
      void message.error(deskErrorText(error));
      return false;
    }
  };
  const save = async (input: LibraryItemInput) => {
    setSaving(true);
    const item = editing === 'new' ? null : editing;
    const ok = await run(
      () => (item ? libraryApi.update(item.id, input) : libraryApi.create(input)),
      item ? '素材已保存' : '素材已添加',
    );
    setSaving(false);
    if (ok) setEditing(null);
  };
  const importFile = async (file: File) => {
    const text = await file.text();
    const isJson = file.name.toLowerCase().endsWith('.json');
    const items = isJson ? jsonItems(text) : null;
    // Said here rather than sent: the server would only answer that the body is not an import.
    if (text.trim() === '' || (isJson && !items)) {
      void message.error(`${file.name} 不是素材库导出的 ${isJson ? 'JSON' : 'CSV'} 文件（或是空文件）`);
      return;
    }
    await run(async () => {
      const result = await libraryApi.import(
        items ? { format: 'json', items } : { format: 'csv', csv: text },
      );
      void message.info(`新增 ${result.created} 条，更新 ${result.updated} 条`);
    }, '导入完成');
  };

  const columns: ColumnsType<LibraryItem> = [
    {
      title: '素材',
      key: 'title',
      render: (_, item) => (
        <div className="desk-post-text">
          <strong>{item.title}</strong>
          <div className="desk-muted">{item.text || '（无文案）'}</div>
        </div>
      ),
    },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 72,
      render: (kind: LibraryItem['kind']) => MOMENT_KIND_LABELS[kind],
    },
    { title: '内容', key: 'media', width: 140, render: (_, item) => mediaText(item) },
    {
      title: '产品 · 卖点',
      key: 'product',
      width: 200,
      render: (_, item) =>
        item.product ? (
          <div>
            <div>{item.product}</div>
            <div className="desk-muted">{item.sellingPoint}</div>
          </div>
        ) : (
          <span className="desk-muted">—</span>
        ),
    },
    {
      title: '适合的客户',
      key: 'tags',
      width: 180,
      render: (_, item) =>
        item.audienceTags.length ? (
          item.audienceTags.map((t) => <Tag key={t.id}>{t.name ?? '已删除的标签'}</Tag>)
        ) : (
          <span className="desk-muted">不限</span>
        ),
    },
    {
      title: '有效期',
      key: 'valid',
      width: 190,
      render: (_, item) => (
        <span>
          {item.validFrom} 至 {item.validUntil ?? '长期'}
          {item.archived && <Tag className="desk-tag-after">已归档</Tag>}
        </span>
      ),
    },
  ];
  if (isHq)
    columns.push({
      title: '操作',
      key: 'actions',
      width: 220,
      render: (_, item) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(item)}>
            编辑
          </Button>
          {item.archived ? (
            <Button
              type="link"
              size="small"
              onClick={() => void run(() => libraryApi.restore(item.id), '已恢复')}
            >
              恢复
            </Button>
          ) : (
            <>
              <Button
                type="link"
                size="small"
                onClick={() => void run(() => libraryApi.archive(item.id), '已归档')}
              >
                归档
              </Button>
              <Button type="link" size="small" onClick={() => setPublishing(item)}>
                发企业朋友圈
              </Button>
            </>
          )}
        </Space>
      ),
    });

  return (
    <>
      <div className="desk-filters">
        <Segmented<LibraryFilter['status']>
          value={filter.status}
          options={[
            { value: 'current', label: '当前有效' },
            { value: 'all', label: '全部' },
            { value: 'archived', label: '已归档' },
          ]}
          onChange={(status) => setFilter({ ...filter, status, page: 1 })}
        />
        <Select
          aria-label="素材类型"
          allowClear
          placeholder="全部类型"
          style={{ width: 120 }}
          value={filter.kind}
          options={(['product', 'life', 'brand'] as const).map((k) => ({
            value: k,
            label: MOMENT_KIND_LABELS[k],
          }))}
          onChange={(kind?: LibraryFilter['kind']) => setFilter({ ...filter, kind, page: 1 })}
        />
        <Input.Search
          allowClear
          placeholder="搜索标题、文案、产品"
          style={{ width: 260 }}
          onSearch={(q) => setFilter({ ...filter, q: q.trim() || undefined, page: 1 })}
        />
        <span className="desk-spacer" />
        {isHq && (
          <>
            <Upload
              accept=".csv,.json"
              showUploadList={false}
              beforeUpload={(file) => (void importFile(file), false)}
            >
              <Button>导入 CSV / JSON</Button>
            </Upload>
            <Button href={libraryApi.exportUrl('csv')} download>
              导出 CSV
            </Button>
            <Button href={libraryApi.exportUrl('json')} download>
              导出 JSON
            </Button>
            <Button type="primary" onClick={() => setEditing('new')}>
              新建素材
            </Button>
          </>
        )}
      </div>
      {list.status === 'error' && <Alert type="error" showIcon title={deskErrorText(list.error)} />}
      <Card size="small">
        <Table<LibraryItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.status === 'loading'}
          locale={{ emptyText: '素材库里还没有这样的素材' }}
          pagination={{
            current: filter.page,
            pageSize: PAGE_SIZE,
            total: list.data?.page.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 条`,
            onChange: (page) => setFilter({ ...filter, page }),
          }}
        />
      </Card>
      {editing && (
        <LibraryForm
          item={editing === 'new' ? null : editing}
          tags={tags}
          saving={saving}
          onSave={(input) => void save(input)}
          onCancel={() => setEditing(null)}
        />
      )}
      {publishing && (
        <PublishModal
          item={publishing}
          tags={tags}
          onClose={() => setPublishing(null)}
          onPublished={() => {
            setPublishing(null);
            onPublished();
          }}
        />
      )}
    </>
  );
}
