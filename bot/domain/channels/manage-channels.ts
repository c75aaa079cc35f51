import { randomBytes } from 'node:crypto';
import type { ContactWay, ContactWayPurpose, Prisma } from '../../generated/prisma/client';
import { AppError, type ErrorCode, notFound } from '../../errors';
import { addContactWay, delContactWay, updateContactWay } from '../../wecom/api/contact-way';
import { type Actor, assertHq } from '../access/actor';
import type { DomainDeps } from '../deps';

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

type Deps = Pick<DomainDeps, 'db' | 'wecom'>;

/**
 * Creates a 「联系我」 channel in WeCom with a state of ours, so adds through it can be told apart (State in the
 * callback), and stores its auto-tags and welcome. WeCom's state is at most 30 characters; ours is `ch_` + 12.
 */
export async function createChannel(deps: Deps, actor: Actor, input: ChannelInput): Promise<ContactWay> {
  assertHq(actor, 'manage channels');
  await assertChannelInput(deps, input);
  const state = `ch_${randomBytes(6).toString('hex')}`;
  const type = input.userids.length === 1 ? 1 : 2;
  const { configId, qrCode } = await addContactWay(deps.wecom, {
    type,
    scene: 2,
    state,
    user: input.userids,
    skip_verify: input.skipVerify,
    remark: (input.remark ?? input.name).slice(0, 30),
  });
  return deps.db.$transaction(async (tx) => {
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
    return channel;
  });
}

/** Changes a channel's members, verification, tags or welcome. WeCom cannot change a way's type, so a channel
 * keeps being single- or multi-member. */
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
  await updateContactWay(deps.wecom, channel.configId, {
    user: merged.userids,
    skip_verify: merged.skipVerify,
    remark: (merged.remark ?? merged.name).slice(0, 30),
    state: channel.state,
  });
  return deps.db.$transaction(async (tx) => {
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
    return updated;
  });
}

/** Deletes the way in WeCom (its QR code stops working) and keeps our row, so past adds still name it. */
export async function deleteChannel(deps: Deps, actor: Actor, id: string): Promise<void> {
  assertHq(actor, 'manage channels');
  const channel = await findLiveChannel(deps, id);
  await delContactWay(deps.wecom, channel.configId);
  await deps.db.$transaction([
    deps.db.contactWay.update({ where: { id }, data: { deletedAt: new Date() } }),
    deps.db.welcomeTemplate.updateMany({
      where: { scope: 'CHANNEL', state: channel.state },
      data: { isActive: false },
    }),
  ]);
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

/** Every guide must be one we know, and every tag a live corp tag (not rule-group): refused before WeCom is asked. */
async function assertChannelInput(deps: Deps, input: ChannelInput): Promise<void> {
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
