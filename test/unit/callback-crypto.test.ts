import { encrypt, getSignature } from '@wecom/crypto';
import { AppError } from '../../bot/errors';
import { decryptForCorp, verifyCallbackUrl, verifySignature } from '../../bot/wecom/callback-crypto';

// Official vector A (sbzhu/weworkapi_php callback/Sample.php), API.md §1.7.
const A = {
  corpId: 'wx5823bf96d3bd56c7',
  callbackToken: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
};
const VERIFY = {
  msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
};
const MSG = {
  timestamp: '1409659813',
  nonce: '1372623149',
  signature: '477715d11cdb4164915debcba66cb864d751f3e6',
  encrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
};
const A_PLAINTEXT =
  '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('callback crypto', () => {
  it('answers the official URL-verification vector with the plaintext', () => {
    expect(verifyCallbackUrl(A, VERIFY)).toBe('1616140317555161061');
  });

  it('verifies and decrypts the official message vector', () => {
    expect(() => verifySignature(A, MSG)).not.toThrow();
    expect(decryptForCorp(A, MSG.encrypt)).toBe(A_PLAINTEXT);
  });

  it('rejects a signature that is off by one character', () => {
    const bad = { ...MSG, signature: MSG.signature.replace(/.$/, '7') };
    expect(codeOf(() => verifySignature(A, bad))).toBe('callback_bad_signature');
    expect(codeOf(() => verifyCallbackUrl(A, { ...VERIFY, nonce: '263014781' }))).toBe(
      'callback_bad_signature',
    );
  });

  it('rejects a message encrypted for another CorpID, which @wecom/crypto alone would accept', () => {
    const forOtherCorp = encrypt(
      A.encodingAesKey,
      '<xml><MsgType>event</MsgType></xml>',
      'wwSOMEONEELSE0000',
    );
    expect(codeOf(() => decryptForCorp(A, forOtherCorp))).toBe('callback_wrong_corp');
  });

  it('rejects ciphertext made with another key', () => {
    const otherKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const forged = encrypt(otherKey, '<xml><MsgType>event</MsgType></xml>', A.corpId);
    expect(['callback_wrong_corp', 'callback_decrypt_failed']).toContain(
      codeOf(() => decryptForCorp(A, forged)),
    );
  });

  it.each([
    ['not base64 at all', '!!!not-base64!!!'],
    ['base64 with the wrong length', MSG.encrypt.slice(0, -3)],
    ['URL-safe base64 instead of standard', MSG.encrypt.replace(/\+/g, '-').replace(/\//g, '_')],
    ['a truncated block', MSG.encrypt.slice(0, 40)],
    ['whitespace inside', `${MSG.encrypt.slice(0, 20)} ${MSG.encrypt.slice(20)}`],
  ])('rejects %s as bad ciphertext', (_label, ciphertext) => {
    expect(['callback_bad_ciphertext', 'callback_decrypt_failed']).toContain(
      codeOf(() => decryptForCorp(A, ciphertext)),
    );
  });

  it('rejects a well-formed ciphertext whose padding or length field is corrupt', () => {
    // Flip bytes in the last block: padding and trailing CorpID no longer decode.
    const raw = Buffer.from(MSG.encrypt, 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 0xff;
    raw[raw.length - 20] = (raw[raw.length - 20] ?? 0) ^ 0xff;
    const corrupt = raw.toString('base64');
    const signature = getSignature(A.callbackToken, MSG.timestamp, MSG.nonce, corrupt);
    expect(() => verifySignature(A, { ...MSG, encrypt: corrupt, signature })).not.toThrow();
    expect(['callback_wrong_corp', 'callback_decrypt_failed']).toContain(
      codeOf(() => decryptForCorp(A, corrupt)),
    );
  });
});
