import type { MomentPost } from '../../generated/prisma/client';
import { AppError, notFound } from '../../errors';
import type { MomentCorrectionInput } from '../../http/contract/moments';
import { type Actor, actorName } from '../access/actor';
import type { DomainDeps } from '../deps';
import { getMomentsSettings } from './moments-settings';
import { recountPosts } from './week-counts';

/**
 * A manager corrects a post's classification (kind, reads like an ad): kept in its own columns, so every later
 * sync, which classifies the text afresh, leaves it standing. A store manager corrects their store's guides'
 * posts, HQ anyone's; a guide may not correct their own (403), and anyone else's post is a 404 that reveals
 * nothing, as it is for a post that does not exist.
 */
export async function correctMomentPost(
  deps: Pick<DomainDeps, 'db' | 'pool'>,
  actor: Actor,
  postId: string,
  correction: MomentCorrectionInput,
): Promise<MomentPost> {
  const post = await deps.db.momentPost.findUnique({
    where: { id: postId },
    include: { guide: { select: { id: true, storeId: true } } },
  });
  const missing = () => notFound('moment_post_not_found', `no Moments post ${postId}`);
  if (!post) throw missing();
  if (actor.kind === 'guide') {
    if (post.guideId !== actor.guideId) throw missing();
    throw new AppError('forbidden', 'a store manager or HQ corrects a classification', { status: 403 });
  }
  if (actor.kind === 'store_manager' && post.guide?.storeId !== actor.storeId) throw missing();
  const corrected = await deps.db.momentPost.update({
    where: { id: post.id },
    data: {
      correctedKind: correction.kind,
      correctedReadsLikeAd: correction.readsLikeAd,
      correctedBy: actorName(actor),
      correctedAt: new Date(),
    },
  });
  const { plan, timezone } = await getMomentsSettings(deps);
  await recountPosts(deps, [post.momentId], { timezone, bestWindows: plan.bestWindows });
  return corrected;
}
