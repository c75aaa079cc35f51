import { Ellipsis, Image, Tag } from 'antd-mobile';
import { LinkOutline } from 'antd-mobile-icons';
import type { SuggestedItem } from '@contract/moment-share';

/** A library item as the guide will post it: the words, the pictures or the link, what it sells. */
export function MomentItem({ item }: { item: SuggestedItem }) {
  const { media } = item;
  return (
    <article className="moment-item" aria-label={`素材：${item.title}`}>
      <div className="moment-item-head">
        <span className="moment-item-title">{item.title}</span>
        {item.matchingCustomers > 0 && (
          <Tag color="success" fill="outline">
            适合 {item.matchingCustomers} 位客户
          </Tag>
        )}
      </div>
      {item.text && (
        <Ellipsis
          className="moment-item-text"
          content={item.text}
          rows={3}
          expandText="展开"
          collapseText="收起"
        />
      )}
      {media.type === 'images' && (
        <div className="moment-images">
          {media.images.map((url, i) => (
            <Image key={url} src={url} alt={`配图${i + 1}`} width={64} height={64} fit="cover" lazy />
          ))}
        </div>
      )}
      {media.type === 'link' && (
        <div className="moment-link">
          <LinkOutline aria-hidden /> {media.link.title}
        </div>
      )}
      {media.type === 'video' && <p className="muted">含视频：请下载后在企业微信发表</p>}
      {item.product && (
        <p className="moment-item-product muted">
          {item.product}
          {item.sellingPoint ? ` · ${item.sellingPoint}` : ''}
        </p>
      )}
    </article>
  );
}
