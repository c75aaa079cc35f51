import { randomUUID } from 'node:crypto';
import type { Db } from '../../db';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import { type CallbackCryptoConfig, decryptForCorp, verifySignature } from '../../wecom/callback-crypto';
import { type XmlFields, dedupeKeyOf, parseWecomXml, textOf } from '../../wecom/callback-xml';

export interface ReceiveCallbackDeps {
  db: Db;
  logger: Logger;
  crypto: CallbackCryptoConfig;
  /** Queues processing of a stored event; a failure here is survivable (the reconciler re-queues). */
  enqueueProcessing: (eventId: string) => Promise<void>;
}

export interface CallbackQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
}

export interface ReceivedCallback {
  eventId: string;
  isDuplicate: boolean;
  fields: XmlFields;
}

/**
 * The callback hot path: verify, decrypt, check the CorpID, parse, store once, queue. No WeCom call happens here:
 * WeCom waits at most 5 s (API.md §1.6). Once this returns the event is in PostgreSQL, so it is safe to answer 200.
 */
export async function receiveCallback(
  deps: ReceiveCallbackDeps,
  query: CallbackQuery,
  body: string,
): Promise<ReceivedCallback> {
  const envelope = await parseWecomXml(body);
  const encrypt = textOf(envelope, 'Encrypt');
  if (!encrypt) throw new AppError('callback_bad_xml', 'the body has no <Encrypt> element', { status: 400 });
  verifySignature(deps.crypto, {
    signature: query.msg_signature,
    timestamp: query.timestamp,
    nonce: query.nonce,
    encrypt,
  });
  const plaintext = decryptForCorp(deps.crypto, encrypt);
  const fields = await parseWecomXml(plaintext);
  if (!textOf(fields, 'MsgType') && !textOf(fields, 'Event') && !textOf(fields, 'InfoType')) {
    throw new AppError('callback_bad_xml', 'the decrypted message has no MsgType or Event', { status: 400 });
  }

  const stored = await storeCallbackEvent(deps.db, fields, plaintext);
  if (stored.isNew || stored.status === 'RECEIVED') {
    // Redis may be down: the event is stored, so log and answer anyway; the reconciler queues it later.
    await deps.enqueueProcessing(stored.id).catch((error: unknown) => {
      deps.logger.warn({ err: error, eventId: stored.id }, 'could not queue callback event; reconciler will');
    });
  }
  return { eventId: stored.id, isDuplicate: !stored.isNew, fields };
}

interface StoredEvent {
  id: string;
  isNew: boolean;
  status: string;
}

/** INSERT … ON CONFLICT DO NOTHING on the dedupe key: one row per event however often WeCom delivers it. */
export async function storeCallbackEvent(db: Db, fields: XmlFields, rawXml: string): Promise<StoredEvent> {
  const dedupeKey = dedupeKeyOf(fields);
  const createTime = Number(textOf(fields, 'CreateTime') ?? textOf(fields, 'TimeStamp'));
  const createdAtWecom =
    Number.isFinite(createTime) && createTime > 0 ? new Date(createTime * 1000) : new Date();
  const id = randomUUID();
  const inserted = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO callback_event (id, dedupe_key, msg_type, event, change_type, userid, external_userid, chat_id,
                                created_at_wecom, fields, raw_xml, updated_at)
    VALUES (${id}::uuid, ${dedupeKey}, ${textOf(fields, 'MsgType') ?? textOf(fields, 'InfoType') ?? ''},
            ${textOf(fields, 'Event') ?? null}, ${textOf(fields, 'ChangeType') ?? null},
            ${textOf(fields, 'UserID') ?? null}, ${textOf(fields, 'ExternalUserID') ?? null},
            ${textOf(fields, 'ChatId') ?? null}, ${createdAtWecom}, ${JSON.stringify(fields)}::jsonb, ${rawXml}, now())
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
  if (inserted.length > 0) return { id, isNew: true, status: 'RECEIVED' };
  const existing = await db.callbackEvent.findUniqueOrThrow({
    where: { dedupeKey },
    select: { id: true, status: true },
  });
  return { id: existing.id, isNew: false, status: existing.status };
}
