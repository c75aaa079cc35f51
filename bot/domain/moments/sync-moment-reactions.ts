import { isWecomError, retryAfterOf } from '../../wecom/errors';
import { getMomentComments } from '../../wecom/api/moments';
import type { DomainDeps } from '../deps';
import { type NewInteraction, recordInteractions } from '../follow-ups/record-interaction';
import { getCorpSettings } from '../settings/corp-settings';
import { tagReactingCustomers } from './tag-reacting-customers';

const DAY_MS = 24 * 3600_000;

export interface ReactionSyncResult {
  posts: number;
  recorded: number;
  /** Reactions of customers who do not follow the post's guide (nothing to record). */
  rejected: number;
  /** Customers given the corp's reaction tag this run (none when the corp has none). */
  tagged: number;
}

/**
 * Likes and comments on the guides' recent posts (get_moment_comments, one call a post): each by a customer is an
 * interaction between that guide and customer (source MOMENT_REACTION, once per post, kind and time), which meets
 * the 7-day follow-up, and gives the customer the corp's reaction tag when it has one. A post WeCom no longer
 * has (41060) or that was not the guide's (41061) is skipped.
 */
export async function syncMomentReactions(
  deps: Pick<DomainDeps, 'db' | 'pool' | 'wecom' | 'logger' | 'enqueue'>,
  options: { days: number; now?: Date },
): Promise<ReactionSyncResult> {
  const since = new Date((options.now ?? new Date()).getTime() - options.days * DAY_MS);
  const posts = await deps.db.momentPost.findMany({
    where: { postedAt: { gte: since }, deletedAt: null, guideId: { not: null } },
    select: { momentId: true, creatorUserid: true },
    orderBy: { postedAt: 'asc' },
  });
  let recorded = 0;
  let rejected = 0;
  const reacted: { guideUserid: string; externalUserid: string }[] = [];
  for (const post of posts) {
    let reactions: Awaited<ReturnType<typeof getMomentComments>>;
    try {
      reactions = await pacedByRateLimit(() =>
        getMomentComments(deps.wecom, { momentId: post.momentId, userid: post.creatorUserid }),
      );
    } catch (error) {
      if (!isWecomError(error) || error.isRetryable) throw error;
      deps.logger.warn({ momentId: post.momentId, errcode: error.errcode }, 'moment reactions not readable');
      continue;
    }
    const interactions: NewInteraction[] = (['likes', 'comments'] as const).flatMap((kind) =>
      reactions[kind].flatMap((r) =>
        r.external_userid
          ? [
              {
                guideUserid: post.creatorUserid,
                externalUserid: r.external_userid,
                source: 'MOMENT_REACTION' as const,
                occurredAt: new Date(r.create_time * 1000),
                externalId: `${post.momentId}:${kind}:${r.external_userid}:${r.create_time}`,
              },
            ]
          : [],
      ),
    );
    const results = await recordInteractions(deps, interactions);
    results.forEach((result, i) => {
      if (result.status === 'recorded') {
        recorded += 1;
        reacted.push(interactions[i]!);
      }
      if (result.status === 'rejected') rejected += 1;
    });
  }
  const { momentsReactionTagId: tagId } = await getCorpSettings(deps);
  const tagged = tagId ? await tagReactingCustomers(deps, tagId, reacted) : 0;
  return { posts: posts.length, recorded, rejected, tagged };
}

/**
 * One call a post: a corp of 10,000 guides posts 10,000-20,000 a day, past WeCom's 10,000 calls a minute to one API
 * (our limiter stops at 9,000). When our own limiter says when the window reopens, wait for it and go on, rather
 * than failing the run and reading every post again on the retry (bench/moments-sync.ts).
 */
async function pacedByRateLimit<T>(call: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const wait = retryAfterOf(error);
      if (wait === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
