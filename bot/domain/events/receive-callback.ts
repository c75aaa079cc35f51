import { AppError } from '../../errors';
import { type CallbackCryptoConfig, decryptForCorp, verifySignature } from '../../wecom/callback-crypto';
import { type XmlFields, parseWecomXml, textOf } from '../../wecom/callback-xml';
import type { EventIngestor } from './event-ingestor';

export interface ReceiveCallbackDeps {
  crypto: CallbackCryptoConfig;
  ingestor: EventIngestor;
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
  const createTime = textOf(fields, 'CreateTime');
  if (createTime !== undefined && !isPlausibleUnixTime(createTime)) {
    throw new AppError('callback_bad_xml', 'CreateTime is not a time WeCom could have sent', { status: 400 });
  }
  const stored = await deps.ingestor.store(fields, plaintext);
  return { eventId: stored.id, isDuplicate: !stored.isNew, fields };
}

// Unix seconds between 2000 and 2100: a signed callback outside that is malformed, and PostgreSQL could not store
// the time anyway.
const EARLIEST = Date.UTC(2000, 0, 1) / 1000;
const LATEST = Date.UTC(2100, 0, 1) / 1000;
function isPlausibleUnixTime(text: string): boolean {
  if (!/^\d{1,12}$/.test(text)) return false;
  const seconds = Number(text);
  return seconds >= EARLIEST && seconds < LATEST;
}
