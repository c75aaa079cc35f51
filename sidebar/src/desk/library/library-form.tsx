import type { LibraryItem, LibraryItemInput, MomentMedia } from '@contract/moment-library';
import type { MomentKind } from '@contract/moments';
import { DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { MOMENT_KIND_LABELS } from '@/lib/labels';

interface Values {
  kind: MomentKind;
  title: string;
  text?: string;
  mediaType: MomentMedia['type'];
  images?: string;
  linkTitle?: string;
  linkUrl?: string;
  linkImgUrl?: string;
  videoUrl?: string;
  product?: string;
  sellingPoint?: string;
  audienceTagIds?: string[];
  valid: [Dayjs, Dayjs | null];
}

const URL_RULE = { pattern: /^https?:\/\/\S+$/i, message: '请填写 http(s) 开头的网址' };
const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function toMedia(v: Values): MomentMedia {
  if (v.mediaType === 'images') return { type: 'images', images: lines(v.images) };
  if (v.mediaType === 'link')
    return {
      type: 'link',
      link: {
        title: v.linkTitle ?? '',
        url: v.linkUrl ?? '',
        ...(v.linkImgUrl ? { imgUrl: v.linkImgUrl } : {}),
      },
    };
  if (v.mediaType === 'video') return { type: 'video', video: { url: v.videoUrl ?? '' } };
  return { type: 'none' };
}

/** The form's values as the API takes them: empty product fields are null, the validity two days. */
export function toInput(v: Values): LibraryItemInput {
  return {
    kind: v.kind,
    title: v.title,
    text: v.text ?? '',
    media: toMedia(v),
    product: v.product?.trim() || null,
    sellingPoint: v.sellingPoint?.trim() || null,
    audienceTagIds: v.audienceTagIds ?? [],
    validFrom: v.valid[0].format('YYYY-MM-DD'),
    validUntil: v.valid[1] ? v.valid[1].format('YYYY-MM-DD') : null,
  };
}

function toValues(item: LibraryItem | null): Partial<Values> {
  if (!item) return { kind: 'product', mediaType: 'none', valid: [dayjs(), null] };
  const { media } = item;
  return {
    kind: item.kind,
    title: item.title,
    text: item.text,
    mediaType: media.type,
    images: media.type === 'images' ? media.images.join('\n') : undefined,
    linkTitle: media.type === 'link' ? media.link.title : undefined,
    linkUrl: media.type === 'link' ? media.link.url : undefined,
    linkImgUrl: media.type === 'link' ? media.link.imgUrl : undefined,
    videoUrl: media.type === 'video' ? media.video.url : undefined,
    product: item.product ?? undefined,
    sellingPoint: item.sellingPoint ?? undefined,
    audienceTagIds: item.audienceTags.map((t) => t.id),
    valid: [dayjs(item.validFrom), item.validUntil ? dayjs(item.validUntil) : null],
  };
}

interface Props {
  /** The item being edited; null for a new one. */
  item: LibraryItem | null;
  tags: { value: string; label: string }[];
  saving: boolean;
  onSave: (input: LibraryItemInput) => void;
  onCancel: () => void;
}

/** One library item: what WeCom takes in a post (text ≤2,000, ≤9 images or one link or one video). */
export function LibraryForm({ item, tags, saving, onSave, onCancel }: Props) {
  const [form] = Form.useForm<Values>();
  const mediaType = Form.useWatch('mediaType', form);
  const kind = Form.useWatch('kind', form);
  return (
    <Modal
      open
      width={720}
      title={item ? `编辑素材：${item.title}` : '新建素材'}
      okText="保存"
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={toValues(item)}
        onFinish={(values) => onSave(toInput(values))}
      >
        <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={(['product', 'life', 'brand'] as const).map((k) => ({
              value: k,
              label: MOMENT_KIND_LABELS[k],
            }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label="标题（导购看到的名称）"
          rules={[{ required: true, whitespace: true, max: 60 }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="text" label="文案" rules={[{ max: 2000 }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="mediaType" label="配图 / 链接 / 视频">
          <Radio.Group
            options={[
              { value: 'none', label: '无' },
              { value: 'images', label: '图片（最多 9 张）' },
              { value: 'link', label: '链接' },
              { value: 'video', label: '视频' },
            ]}
          />
        </Form.Item>
        {mediaType === 'images' && (
          <Form.Item
            name="images"
            label="图片地址（每行一个）"
            rules={[
              { required: true, message: '至少一张图片' },
              {
                validator: (_, value: string | undefined) => {
                  const urls = lines(value);
                  if (urls.length > 9) return Promise.reject(new Error('最多 9 张图片'));
                  if (urls.some((u) => !URL_RULE.pattern.test(u)))
                    return Promise.reject(new Error(URL_RULE.message));
                  return Promise.resolve();
                },
              },
            ]}
          >
            <Input.TextArea rows={3} placeholder="https://…" />
          </Form.Item>
        )}
        {mediaType === 'link' && (
          <>
            <Form.Item name="linkTitle" label="链接标题" rules={[{ required: true, max: 21 }]}>
              <Input maxLength={21} showCount />
            </Form.Item>
            <Form.Item name="linkUrl" label="链接地址" rules={[{ required: true }, URL_RULE]}>
              <Input placeholder="https://…" />
            </Form.Item>
            <Form.Item name="linkImgUrl" label="封面图地址（可选）" rules={[URL_RULE]}>
              <Input placeholder="https://…" />
            </Form.Item>
          </>
        )}
        {mediaType === 'video' && (
          <Form.Item name="videoUrl" label="视频地址" rules={[{ required: true }, URL_RULE]}>
            <Input placeholder="https://…" />
          </Form.Item>
        )}
        <Form.Item name="product" label="产品" rules={[{ required: kind === 'product', max: 60 }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="sellingPoint"
          label="卖点（一条）"
          rules={[{ required: kind === 'product', max: 200 }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="audienceTagIds" label="适合的客户标签">
          <Select mode="multiple" allowClear options={tags} optionFilterProp="label" placeholder="不限" />
        </Form.Item>
        <Form.Item name="valid" label="有效期（结束日期可空）" rules={[{ required: true }]}>
          <DatePicker.RangePicker allowEmpty={[false, true]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
