import { randomBytes } from 'node:crypto';
import type { ContactWay, ContactWayPurpose, Prisma, WecomWriteIntent } from '../../generated/prisma/client';
import { AppError, type ErrorCode, notFound } from '../../errors';
import { addContactWay, delContactWay, updateContactWay } from '../../wecom/api/contact-way';
import { isWecomError } from '../../wecom/errors';
import { type Actor, assertHq } from '../access/actor';
import type { DomainDeps } from '../deps';
import { assertStorable, truncateChars } from '../validation/storable-text';
import { settleChannelWrite, wayFieldsOf } from './settle-channel-writes';

export interface ChannelInput {
  name: string;
  purpose: ContactWayPurpose;
  storeId?: string | null;
  /** The guides an add through this way reaches (one: a personal code; several: WeCom picks one). */
  userids: string[];
  skipVerify: boolean;
  /** Our tag ids, applied to every relation added through this way. */
  tagIds: string[];
  /** The channel's welcome, which wins over the guide's and the corp's. */
  welcome?: { text: string; attachments: unknown[] } | null;
  remark?: string;
}

type Deps = Pick<DomainDeps, 'db' | 'wecom' | 'logger'>;

/**
 * Creates a 「联系我」 channel in WeCom with a state of ours, so adds through it can be told apart (State in the
 * callback), and stores its auto-tags and welcome. WeCom's state is at most 30 characters; ours is `ch_` + 12.
 * The intent is recorded before add_contact_way and dropped with the channel's row; if that write fails, the way
 * is deleted in WeCom again at once, or by the reconciler (settle-channel-writes.ts) if even that fails.
 */
export async function createChannel(deps: Deps, actor: Actor, input: ChannelInput): Promise<ContactWay> {
  assertHq(actor, 'manage channels');
  await assertChannelInput(deps, input);
  const state = `ch_${randomBytes(6).toString('hex')}`;
  const type = input.userids.length === 1 ? 1 : 2;
  const intent = await deps.db.wecomWriteIntent.create({
    data: { kind: 'ADD_CONTACT_WAY', payload: { state } },
  });
  const { configId, qrCode } = await callWecom(deps, intent.id, () =>
    addContactWay(deps.wecom, {
      type,
      scene: 2,
      state,
      user: input.userids,
      skip_verify: input.skipVerify,
      remark: truncateChars(input.remark ?? input.name, 30),
    }),
  );
  try {
    return await deps.db.$transaction(async (tx) => {
      const channel = await tx.contactWay.create({
        data: {
          configId,
          state,
          name: input.name,
          purpose: input.purpose,
          storeId: input.storeId ?? null,
          type,
          scene: 2,
          userids: input.userids,
          skipVerify: input.skipVerify,
          qrCode: qrCode ?? null,
          tagIds: input.tagIds,
          remark: input.remark ?? null,
        },
      });
      if (input.welcome) await setChannelWelcome(tx, state, input.welcome);
      await tx.wecomWriteIntent.delete({ where: { id: intent.id } });
      return channel;
    });
  } catch (writeError) {
    await settleAfterFailedWrite(deps, intent, writeError, { configId });
    throw writeError;
  }
}

/** Changes a channel's members, verification, tags or welcome. WeCom cannot change a way's type, so a channel
 * keeps being single- or multi-member. If our write fails after WeCom took the change, WeCom is put back. */
export async function updateChannel(
  deps: Deps,
  actor: Actor,
  id: string,
  input: Partial<ChannelInput>,
): Promise<ContactWay> {
  assertHq(actor, 'manage channels');
  const channel = await findLiveChannel(deps, id);
  const merged = { ...toInput(channel), ...input };
  await assertChannelInput(deps, merged);
  if (channel.type === 1 && merged.userids.length !== 1) {
    throw new AppError('channel_type_fixed', '个人活码只能有一位导购；多人活码请新建渠道', { status: 409 });
  }
  const intent = await deps.db.wecomWriteIntent.create({
    data: { kind: 'UPDATE_CONTACT_WAY', payload: { channelId: id } },
  });
  await callWecom(deps, intent.id, () =>
    updateContactWay(
      deps.wecom,
      channel.configId,
      wayFieldsOf({ ...channel, ...merged, remark: merged.remark ?? null }),
    ),
  );
  try {
    return await deps.db.$transaction(async (tx) => {
      const updated = await tx.contactWay.update({
        where: { id },
        data: {
          name: merged.name,
          purpose: merged.purpose,
          storeId: merged.storeId ?? null,
          userids: merged.userids,
          skipVerify: merged.skipVerify,
          tagIds: merged.tagIds,
          remark: merged.remark ?? null,
        },
      });
      if (input.welcome !== undefined) await setChannelWelcome(tx, channel.state, input.welcome);
      await tx.wecomWriteIntent.delete({ where: { id: intent.id } });
      return updated;
    });
  } catch (writeError) {
    await settleAfterFailedWrite(deps, intent, writeError);
    throw writeError;
  }
}

/**
 * Deletes the way in WeCom (its QR code stops working) and keeps our row, so past adds still name it. If our
 * write fails after WeCom deleted the way, the deletion is recorded at once, or by the reconciler.
 */
export async function deleteChannel(deps: Deps, actor: Actor, id: string): Promise<void> {
  assertHq(actor, 'manage channels');
  const channel = await findLiveChannel(deps, id);
  const intent = await deps.db.wecomWriteIntent.create({
    data: { kind: 'DELETE_CONTACT_WAY', payload: { channelId: id } },
  });
  await callWecom(deps, intent.id, () => delContactWay(deps.wecom, channel.configId));
  try {
    await deps.db.$transaction([
      deps.db.contactWay.update({ where: { id }, data: { deletedAt: new Date() } }),
      deps.db.welcomeTemplate.updateMany({
        where: { scope: 'CHANNEL', state: channel.state },
        data: { isActive: false },
      }),
      deps.db.wecomWriteIntent.delete({ where: { id: intent.id } }),
    ]);
  } catch (writeError) {
    // Settling records the deletion WeCom made; if it could, the request did what it asked.
    await settleAfterFailedWrite(deps, intent, writeError);
    const settled = await deps.db.contactWay.findUnique({ where: { id } }).catch(() => null);
    if (!settled?.deletedAt) throw writeError;
  }
}

/**
 * Calls WeCom for a recorded intent. When WeCom answers no, nothing changed there: the intent goes. A transport
 * failure (errcode 0) may have changed it: the intent stays for the reconciler.
 */
async function callWecom<T>(deps: Deps, intentId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isWecomError(error) && error.errcode !== 0) {
      await deps.db.wecomWriteIntent.deleteMany({ where: { id: intentId } }).catch((e: unknown) => {
        deps.logger.warn({ err: e, intentId }, 'could not drop a channel intent; the reconciler will');
      });
    }
    throw error;
  }
}

/** WeCom took the change and our write failed: settle it now if we can, else the reconciler will. */
async function settleAfterFailedWrite(
  deps: Deps,
  intent: WecomWriteIntent,
  writeError: unknown,
  known: { configId?: string } = {},
): Promise<void> {
  deps.logger.warn(
    { err: writeError, intentId: intent.id, kind: intent.kind },
    'WeCom changed, write failed',
  );
  await settleChannelWrite(deps, intent, known).catch((error: unknown) =>
    deps.logger.error({ err: error, intentId: intent.id }, 'channel write left for the reconciler'),
  );
}

async function findLiveChannel(deps: Deps, id: string): Promise<ContactWay> {
  const channel = await deps.db.contactWay.findFirst({ where: { id, deletedAt: null } });
  if (!channel) throw notFound('channel_not_found', `no channel ${id}`);
  return channel;
}

function toInput(c: ContactWay): ChannelInput {
  return {
    name: c.name,
    purpose: c.purpose,
    storeId: c.storeId,
    userids: c.userids,
    skipVerify: c.skipVerify,
    tagIds: c.tagIds,
    remark: c.remark ?? undefined,
  };
}

/**
 * Everything is checked before WeCom is asked: text our database can store as it is, a store and guides we
 * know, and every tag a live corp tag (not rule-group).
 */
async function assertChannelInput(deps: Deps, input: ChannelInput): Promise<void> {
  assertStorable({
    name: input.name,
    remark: input.remark,
    userids: input.userids,
    welcome: input.welcome ?? null,
  });
  if (input.storeId && !(await deps.db.store.findUnique({ where: { id: input.storeId } }))) {
    throw badInput('unknown_store', `没有这个门店：${input.storeId}`);
  }
  const guides = await deps.db.guide.findMany({
    where: { userid: { in: input.userids }, isActive: true },
    select: { userid: true },
  });
  const missing = input.userids.filter((u) => !guides.some((g) => g.userid === u));
  if (missing.length > 0) throw badInput('unknown_guide', `不是在职导购：${missing.join('、')}`);
  const tags = await deps.db.tag.findMany({
    where: { id: { in: input.tagIds }, deletedAt: null, strategyId: null },
    select: { id: true },
  });
  if (tags.length !== new Set(input.tagIds).size) throw badInput('bad_tag', '自动标签须是未删除的企业标签');
}

const badInput = (code: ErrorCode, message: string) => new AppError(code, message, { status: 400 });

async function setChannelWelcome(
  tx: Prisma.TransactionClient,
  state: string,
  welcome: { text: string; attachments: unknown[] } | null,
): Promise<void> {
  await tx.welcomeTemplate.updateMany({ where: { scope: 'CHANNEL', state }, data: { isActive: false } });
  if (!welcome) return;
  await tx.welcomeTemplate.create({
    data: {
      scope: 'CHANNEL',
      state,
      text: welcome.text,
      attachments: welcome.attachments as Prisma.InputJsonValue,
    },
  });
}
