import type { MomentPost } from '../../generated/prisma/client';
import type { MomentPostView } from '../contract/moments';

/** The post as the audit reads it: the correction, when there is one, over the sync's classification. */
export function presentMomentPost(p: MomentPost): MomentPostView {
  const corrected = p.correctedKind !== null && p.correctedAt !== null;
  return {
    id: p.id,
    momentId: p.momentId,
    guideUserid: p.creatorUserid,
    postedAt: p.postedAt.toISOString(),
    text: p.text,
    kind: p.correctedKind ?? p.kind,
    kindSource: corrected ? 'manager' : p.kindSource === 'library' ? 'library' : 'rules',
    readsLikeAd: p.correctedReadsLikeAd ?? p.readsLikeAd,
    products: p.products,
    adSignals: p.adSignals,
    deleted: p.deletedAt !== null,
    correction:
      corrected && p.correctedKind
        ? {
            kind: p.correctedKind,
            readsLikeAd: p.correctedReadsLikeAd ?? p.readsLikeAd,
            by: p.correctedBy ?? '',
            at: p.correctedAt!.toISOString(),
          }
        : null,
  };
}
