import { timingSafeEqual } from 'node:crypto';
import { decrypt, getSignature } from '@wecom/crypto';
import { AppError } from '../errors';

export interface CallbackCryptoConfig {
  corpId: string;
  callbackToken: string;
  encodingAesKey: string;
}

// Standard base64 only: WeCom's ciphertext uses + / =, and a length that is not a multiple of 4 is corrupt.
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Checks `msg_signature` = sha1(sort([token, timestamp, nonce, encrypt])) in constant time (API.md §1.2, §1.3). */
export function verifySignature(
  config: CallbackCryptoConfig,
  params: { signature: string; timestamp: string; nonce: string; encrypt: string },
): void {
  const expected = getSignature(config.callbackToken, params.timestamp, params.nonce, params.encrypt);
  const given = Buffer.from(params.signature.toLowerCase(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected, 'utf8'))) {
    throw new AppError('callback_bad_signature', 'msg_signature does not match', { status: 401 });
  }
}

/**
 * Decrypts a callback ciphertext and checks that its trailing receiveid is our CorpID: @wecom/crypto does not
 * (API.md §1.4), and without the check a message encrypted for another corp with a leaked key would pass.
 */
export function decryptForCorp(config: CallbackCryptoConfig, encrypt: string): string {
  if (encrypt.length % 4 !== 0 || !BASE64.test(encrypt) || (encrypt.length * 3) / 4 < 32) {
    throw new AppError('callback_bad_ciphertext', 'Encrypt is not valid base64 ciphertext', { status: 400 });
  }
  let result: { message: string; id: string };
  try {
    const raw = Buffer.from(encrypt, 'base64');
    // AES-CBC works on 16-byte blocks; anything else cannot be our ciphertext.
    if (raw.length % 16 !== 0) throw new Error('ciphertext length is not a multiple of the AES block size');
    result = decrypt(config.encodingAesKey, encrypt);
  } catch (cause) {
    throw new AppError('callback_decrypt_failed', 'Encrypt could not be decrypted', { status: 400, cause });
  }
  // With a wrong key or corrupt padding the library returns garbage rather than throwing: the corp check catches it.
  if (result.id !== config.corpId) {
    throw new AppError('callback_wrong_corp', 'the message was not encrypted for this CorpID', {
      status: 401,
    });
  }
  return result.message;
}

/** GET URL verification: verify, decrypt echostr, check the CorpID, return the plaintext to echo back. */
export function verifyCallbackUrl(
  config: CallbackCryptoConfig,
  query: { msg_signature: string; timestamp: string; nonce: string; echostr: string },
): string {
  verifySignature(config, {
    signature: query.msg_signature,
    timestamp: query.timestamp,
    nonce: query.nonce,
    encrypt: query.echostr,
  });
  return decryptForCorp(config, query.echostr);
}
