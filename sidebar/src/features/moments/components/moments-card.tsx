import { Button, Skeleton, Toast } from 'antd-mobile';
import { useState } from 'react';
import type { MomentSuggestionResponse, SuggestedItem } from '@contract/moment-share';
import { ErrorState } from '@/components/ui/error-state';
import { SectionCard } from '@/components/ui/section-card';
import { copyText } from '@/lib/clipboard';
import { formatDay } from '@/lib/format';
import { MOMENT_KIND_LABELS } from '@/lib/labels';
import type { MomentPayload, WecomSession } from '@/lib/wecom';
import { explainWecomError } from '@/lib/wecom-errors';
import { recordMomentShare } from '@/features/moments/api/moments-api';
import { useMomentSuggestion } from '@/features/moments/hooks/use-moment-suggestion';
import { MomentItem } from '@/features/moments/components/moment-item';
import { WeekProgress } from '@/features/moments/components/week-progress';

/** What the phone client's composer gets for an item: its words and its pictures or link (a video cannot go). */
export function momentPayload(item: SuggestedItem): MomentPayload {
  const { media } = item;
  const attachments: NonNullable<MomentPayload['attachments']> =
    media.type === 'images'
      ? media.images.map((imgUrl) => ({ msgtype: 'image', image: { imgUrl } }))
      : media.type === 'link'
        ? [
            {
              msgtype: 'link',
              link: { title: media.link.title, url: media.link.url, imgUrl: media.link.imgUrl },
            },
          ]
        : [];
  return {
    ...(item.text ? { text: { content: item.text } } : {}),
    ...(attachments.length ? { attachments } : {}),
  };
}

/** The words to paste: the text, and a link's address after it (a pasted post cannot carry a card). */
const copyableText = (item: SuggestedItem) =>
  [item.text, item.media.type === 'link' ? item.media.link.url : ''].filter(Boolean).join('\n');

const MANUAL_STEPS: Record<SuggestedItem['media']['type'], string> = {
  none: '复制文案后',
  images: '复制文案、保存图片后',
  link: '复制文案（含链接）后',
  video: '复制文案、保存视频后',
};

/** What the guide saves to post by hand: each picture, or the video. */
function saveLinks(item: SuggestedItem): { url: string; label: string }[] {
  const { media } = item;
  if (media.type === 'images') return media.images.map((url, i) => ({ url, label: `保存图片${i + 1}` }));
  if (media.type === 'video') return [{ url: media.video.url, label: '保存视频' }];
  return [];
}

const clock = (iso: string) =>
  new Date(iso).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false });

function windowText(w: NonNullable<MomentSuggestionResponse['window']>): string {
  return w.open ? `现在 – ${clock(w.end)}` : `${formatDay(w.start)} ${clock(w.start)} – ${clock(w.end)}`;
}

function adviceText(s: MomentSuggestionResponse): string {
  const kind = MOMENT_KIND_LABELS[s.kind];
  if (s.reason === 'week_done') return `本周计划已完成，想多发可以再发一条${kind}内容`;
  return `本周还差 ${s.needed} 个${kind}日，还剩 ${s.daysLeft} 天`;
}

/**
 * Today's Moments (朋友圈4+2+2) for the guide: the week so far, what kind to post and when, a library item to
 * post, and one tap to open the phone client's composer. The desktop client has no composer call: there the
 * card turns to copying the words and downloading the pictures. A share counts once WeCom's record shows it.
 */
export function MomentsCard({ wecom }: { wecom: WecomSession }) {
  const suggestion = useMomentSuggestion();
  const [offset, setOffset] = useState(0);
  const [manual, setManual] = useState(false);
  const [busy, setBusy] = useState(false);

  if (suggestion.status === 'loading') {
    return (
      <SectionCard title="今日朋友圈">
        <div role="status" aria-label="朋友圈建议加载中">
          <Skeleton.Paragraph lineCount={4} animated />
        </div>
      </SectionCard>
    );
  }
  if (suggestion.status === 'error') {
    return (
      <SectionCard title="今日朋友圈">
        <ErrorState
          compact
          error={suggestion.error}
          onRetry={() => suggestion.reload()}
          title="朋友圈建议加载失败"
        />
      </SectionCard>
    );
  }
  const s = suggestion.data;
  const offered = [s.item, ...s.alternatives].filter((i): i is SuggestedItem => i !== null);
  const item = offered.length ? offered[offset % offered.length]! : null;

  const recorded = async (via: 'client' | 'copy') => {
    if (!item) return;
    const share = await recordMomentShare({ itemId: item.id, via });
    if (via === 'client') {
      // Posted from the composer: read again, and the next item comes up.
      setOffset(0);
      suggestion.reload({ silent: true });
    } else {
      // Copied: the guide still has the pictures to save and the post to make; keep this item on screen.
      suggestion.setData((d) => ({ ...d, shares: [{ ...share, title: item.title }, ...d.shares] }));
    }
  };
  const share = async () => {
    if (!item) return;
    setBusy(true);
    try {
      await wecom.shareToExternalMoments(momentPayload(item));
    } catch (error) {
      const problem = explainWecomError(error);
      if (problem.kind === 'upgrade') {
        setManual(true);
        Toast.show({ content: '此设备不能一键发表，请复制文案、保存图片后发表' });
      } else if (problem.kind !== 'cancelled') {
        Toast.show({ icon: 'fail', content: `发表失败：${problem.title}` });
      }
      setBusy(false);
      return;
    }
    try {
      await recorded('client');
      Toast.show({ icon: 'success', content: '已提交，发表后企业微信同步即确认' });
    } catch {
      Toast.show({ icon: 'fail', content: '已发表，但记录失败：同步后仍会计入' });
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    if (!item) return;
    if (!(await copyText(copyableText(item)))) {
      Toast.show({ icon: 'fail', content: '复制失败，请长按文字复制' });
      return;
    }
    Toast.show({ icon: 'success', content: '文案已复制' });
    const copied = s.shares.some((x) => x.itemId === item.id);
    if (manual && !copied) await recorded('copy').catch(() => undefined);
  };

  return (
    <SectionCard
      title="今日朋友圈"
      extra={<span className="muted">{`本周 ${s.week.start.slice(5)} 至 ${s.week.end.slice(5)}`}</span>}
    >
      <WeekProgress progress={s.progress} />
      <div className="moment-advice">
        <strong>今天发：{MOMENT_KIND_LABELS[s.kind]}内容</strong>
        <span className="muted">{adviceText(s)}</span>
        {s.window && <span className="moment-window">最佳时段：{windowText(s.window)}</span>}
      </div>
      {item ? (
        <>
          <MomentItem item={item} />
          {manual && (
            <div className="moment-manual" role="note">
              <p>此设备不能一键发表：{MANUAL_STEPS[item.media.type]}，在企业微信「客户朋友圈」里发表。</p>
              {saveLinks(item).length > 0 && (
                <div className="moment-downloads">
                  {saveLinks(item).map(({ url, label }) => (
                    <a key={url} href={url} download target="_blank" rel="noreferrer">
                      {label}
                    </a>
                  ))}
                </div>
              )}
            </div>
          )}
          <div className="moment-actions">
            {!manual && (
              <Button color="primary" size="small" loading={busy} onClick={() => void share()}>
                发朋友圈
              </Button>
            )}
            <Button size="small" onClick={() => void copy()} disabled={!copyableText(item)}>
              复制文案
            </Button>
            {offered.length > 1 && (
              <Button size="small" fill="none" onClick={() => setOffset((o) => o + 1)}>
                换一个
              </Button>
            )}
          </div>
        </>
      ) : (
        <p className="muted">
          素材库里暂时没有适合的{MOMENT_KIND_LABELS[s.kind]}内容，可以自己拍一条，或联系总部添加素材。
        </p>
      )}
      {s.shares.length > 0 && (
        <ul className="moment-shares" aria-label="本周分享">
          {s.shares.map((x) => (
            <li key={x.id}>
              <span className="moment-share-title">{x.title}</span>
              <span className={x.confirmedAt ? 'moment-share-ok' : 'moment-share-wait'}>
                {x.confirmedAt ? '已发表' : '待确认'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </SectionCard>
  );
}
