import type { LibraryItem } from '@contract/moment-library';
import type { MomentsWeekResponse } from '@contract/moments';
import { Alert, App, Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { libraryApi } from '@/desk/library/library-api';
import { deskErrorText } from '@/desk/shell/desk-error';
import { api } from '@/lib/api-client';
import { useQuery } from '@/lib/use-query';

interface Values {
  senderUserids?: string[];
  tagIds?: string[];
}

interface Props {
  item: LibraryItem;
  tags: { value: string; label: string }[];
  onClose: () => void;
  onPublished: () => void;
}

/**
 * Publishes a library item as an enterprise Moments post (add_moment_task): the guides who are to post it (none:
 * every member with customer contact) and, optionally, only customers with these tags. Its pictures are uploaded
 * to WeCom first, so it takes a few seconds.
 */
export function PublishModal({ item, tags, onClose, onPublished }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [sending, setSending] = useState(false);
  // The guides HQ may choose from: this week's table holds every guide in scope (up to 500 on one page).
  const guides = useQuery('publish-guides', (signal) =>
    api.get<MomentsWeekResponse>('/moments/weeks', { pageSize: 500 }, signal),
  );
  const publish = async (values: Values) => {
    setSending(true);
    try {
      const task = await libraryApi.publish({
        itemId: item.id,
        senderUserids: values.senderUserids ?? [],
        tagIds: values.tagIds ?? [],
      });
      const skipped = task.invalidSenders.length + task.invalidTags.length;
      void message.success(
        skipped ? `已创建，${skipped} 个导购或标签企业微信未接受` : '企业朋友圈已创建，等待导购发表',
      );
      onPublished();
    } catch (error) {
      void message.error(deskErrorText(error));
    } finally {
      setSending(false);
    }
  };
  return (
    <Modal
      open
      title={`发企业朋友圈：${item.title}`}
      okText="创建"
      confirmLoading={sending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        className="desk-row-card"
        title="导购会在企业微信收到发表提醒，确认后才会出现在客户的朋友圈。"
      />
      <Form<Values> form={form} layout="vertical" onFinish={(values) => void publish(values)}>
        <Form.Item name="senderUserids" label="由哪些导购发表" extra="不选：所有开通客户联系的成员">
          <Select
            mode="multiple"
            allowClear
            loading={guides.status === 'loading'}
            optionFilterProp="label"
            placeholder="全部导购"
            options={guides.data?.guides.map((g) => ({
              value: g.guide.userid,
              label: `${g.guide.name}（${g.guide.store?.name ?? '未分配门店'}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="tagIds" label="只给有这些标签的客户看" extra="不选：导购的全部客户">
          <Select mode="multiple" allowClear optionFilterProp="label" placeholder="全部客户" options={tags} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
