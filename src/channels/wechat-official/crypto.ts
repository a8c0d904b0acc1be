/**
 * Safe-mode (AES) envelopes. The AES-256-CBC work is @wecom/crypto's: the Official Account uses
 * the same scheme as WeCom (random(16) · length(4) · message · app id, PKCS#7 to 32 bytes).
 * What the library does not check, we do here: the ciphertext's shape before decrypting (it
 * throws raw OpenSSL errors otherwise) and that the trailing id is our app id.
 */
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { WechatError } from './errors.js';

export interface AesSettings {
  aesKey: string;
  appId: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The plaintext of a safe-mode payload, or a 4xx WechatError. */
export function openEnvelope(settings: AesSettings, ciphertext: string): string {
  const compact = ciphertext.replace(/\s+/g, '');
  const bytes = BASE64.test(compact) ? Buffer.from(compact, 'base64').length : 0;
  // 16 random bytes + 4 length bytes, padded to a multiple of 32: anything else is not WeChat's.
  if (bytes < 32 || bytes % 32 !== 0) throw new WechatError('bad_encrypt', 'Encrypt is not a WeChat ciphertext', 400);
  let opened: { message: string; id: string };
  try {
    opened = decrypt(settings.aesKey, compact);
  } catch {
    throw new WechatError('bad_encrypt', 'Encrypt could not be decrypted', 400);
  }
  // A message sealed for another account (or garbage after a bad key) ends in a different id.
  if (opened.id !== settings.appId) throw new WechatError('wrong_app_id', 'the message is not addressed to this app id', 403);
  return opened.message;
}

export interface SealedReply {
  encrypt: string;
  signature: string;
  timestamp: string;
  nonce: string;
}

export function sealReply(settings: AesSettings, token: string, plaintext: string, timestamp: string, nonce: string): SealedReply {
  const sealed = encrypt(settings.aesKey, plaintext, settings.appId);
  return { encrypt: sealed, signature: getSignature(token, timestamp, nonce, sealed), timestamp, nonce };
}
