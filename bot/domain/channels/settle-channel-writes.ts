import { z } from 'zod';
import type { ContactWay, WecomWriteIntent } from '../../generated/prisma/client';
import {
  delContactWay,
  getContactWay,
  updateContactWay,
  type ContactWayFields,
} from '../../wecom/api/contact-way';
import { listContactWays } from '../../wecom/api/list-contact-ways';
import { isRetryable } from '../../errors';
import { isWecomError } from '../../wecom/errors';
import type { DomainDeps } from '../deps';
import { truncateChars } from '../validation/storable-text';

type Deps = Pick<DomainDeps, 'db' | 'wecom' | 'logger'>;

export const CHANNEL_WRITE_KINDS = ['ADD_CONTACT_WAY', 'UPDATE_CONTACT_WAY', 'DELETE_CONTACT_WAY'] as const;

const AddPayload = z.object({ state: z.string() });
const ChannelPayload = z.object({ channelId: z.uuid() });

/** A channel write younger than this may still be on its way (WeCom's answer, then our write). */
const IN_FLIGHT_MS = 5 * 60_000;
/** How far around an intent's time to look for the way it made (our clock against WeCom's create time). */
const FIND_WINDOW_S = 15 * 60;
/** 41044: the way does not exist (any more). */
const WAY_GONE = 41044;

/** The fields of a way as our row has them (a channel's remark is its remark, else its name, ≤30 characters). */
export function wayFieldsOf(c: Pick<ContactWay, 'userids' | 'skipVerify' | 'remark' | 'name' | 'state'>) {
  return {
    user: c.userids,
    skip_verify: c.skipVerify,
    remark: truncateChars(c.remark ?? c.name, 30),
    state: c.state,
  } satisfies Omit<ContactWayFields, 'type' | 'scene'>;
}

/**
 * Makes WeCom and our database agree about one channel write whose record was not made (the write after WeCom's
 * answer failed, or the process died): a way we never recorded is deleted in WeCom again (the request that made
 * it failed, so nothing should remain of it); an update WeCom took is replaced by what our row says; a deletion
 * WeCom made is recorded. `configId`, when the caller knows it, saves looking the way up. Drops the intent.
 */
export async function settleChannelWrite(
  deps: Deps,
  intent: Pick<WecomWriteIntent, 'id' | 'kind' | 'payload' | 'createdAt'>,
  known: { configId?: string } = {},
): Promise<void> {
  switch (intent.kind) {
    case 'ADD_CONTACT_WAY': {
      const { state } = AddPayload.parse(intent.payload);
      if (!(await deps.db.contactWay.findUnique({ where: { state } }))) {
        const configIds = known.configId
          ? [known.configId]
          : await findWaysByState(deps, state, intent.createdAt);
        for (const configId of configIds) await deleteWay(deps, configId);
        if (configIds.length > 0) deps.logger.warn({ state, configIds }, 'took back a way we never recorded');
      }
      break;
    }
    case 'UPDATE_CONTACT_WAY': {
      const channel = await findChannel(deps, intent.payload);
      if (channel && !channel.deletedAt) {
        await updateContactWay(deps.wecom, channel.configId, wayFieldsOf(channel)).catch((error: unknown) => {
          if (!isWecomError(error, WAY_GONE)) throw error;
        });
        deps.logger.warn({ channelId: channel.id }, "put the channel's way back as our row has it");
      }
      break;
    }
    case 'DELETE_CONTACT_WAY': {
      const channel = await findChannel(deps, intent.payload);
      if (channel && !channel.deletedAt && (await isWayGone(deps, channel.configId))) {
        await deps.db.$transaction([
          deps.db.contactWay.update({ where: { id: channel.id }, data: { deletedAt: new Date() } }),
          deps.db.welcomeTemplate.updateMany({
            where: { scope: 'CHANNEL', state: channel.state },
            data: { isActive: false },
          }),
          deps.db.wecomWriteIntent.deleteMany({ where: { id: intent.id } }),
        ]);
        return;
      }
      break;
    }
    default:
      throw new Error(`not a channel write: ${intent.kind}`);
  }
  await deps.db.wecomWriteIntent.deleteMany({ where: { id: intent.id } });
}

/**
 * Settles every channel write left unfinished for longer than a request takes. Run periodically (with the
 * hourly mirror of WeCom's tags); one that fails (WeCom or PostgreSQL away) is tried again next time.
 */
export async function reconcileChannelWrites(
  deps: Deps,
  options: { inFlightMs?: number } = {},
): Promise<{ settled: number; failed: number }> {
  const before = new Date(Date.now() - (options.inFlightMs ?? IN_FLIGHT_MS));
  const intents = await deps.db.wecomWriteIntent.findMany({
    where: { kind: { in: [...CHANNEL_WRITE_KINDS] }, createdAt: { lt: before } },
    orderBy: { createdAt: 'asc' },
    take: 100,
  });
  let failed = 0;
  for (const intent of intents) {
    try {
      await settleChannelWrite(deps, intent);
    } catch (error) {
      failed += 1;
      if (!isRetryable(error)) {
        // WeCom refuses for good (a member who left, a way it will not take): asking every hour would never end,
        // and the oldest-first page would fill with such intents. Recorded in the log, and let go.
        await deps.db.wecomWriteIntent.delete({ where: { id: intent.id } }).catch(() => undefined);
        deps.logger.error(
          { err: error, intentId: intent.id, kind: intent.kind },
          'channel write refused by WeCom for good: intent dropped',
        );
      } else {
        deps.logger.warn(
          { err: error, intentId: intent.id, kind: intent.kind },
          'channel write not settled yet',
        );
      }
    }
  }
  return { settled: intents.length - failed, failed };
}

async function findChannel(deps: Deps, payload: unknown): Promise<ContactWay | null> {
  const { channelId } = ChannelPayload.parse(payload);
  return deps.db.contactWay.findUnique({ where: { id: channelId } });
}

/** The ways WeCom has with our state, made around the intent's time (list_contact_way gives ids only). */
async function findWaysByState(deps: Deps, state: string, at: Date): Promise<string[]> {
  const seconds = Math.floor(at.getTime() / 1000);
  const ids = await listContactWays(deps.wecom, {
    startTime: seconds - FIND_WINDOW_S,
    endTime: Math.min(seconds + FIND_WINDOW_S, Math.floor(Date.now() / 1000)),
  });
  const found: string[] = [];
  for (const configId of ids) {
    const way = await getContactWay(deps.wecom, configId).catch((error: unknown) => {
      if (isWecomError(error, WAY_GONE)) return null;
      throw error;
    });
    if (way?.state === state) found.push(configId);
  }
  return found;
}

async function deleteWay(deps: Deps, configId: string): Promise<void> {
  await delContactWay(deps.wecom, configId).catch((error: unknown) => {
    if (!isWecomError(error, WAY_GONE)) throw error;
  });
}

async function isWayGone(deps: Deps, configId: string): Promise<boolean> {
  try {
    await getContactWay(deps.wecom, configId);
    return false;
  } catch (error) {
    if (isWecomError(error, WAY_GONE)) return true;
    throw error;
  }
}
