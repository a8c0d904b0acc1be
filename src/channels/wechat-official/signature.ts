/**
 * WeChat's request signatures: sha1 over the sorted strings, joined. `signature` covers
 * token + timestamp + nonce; `msg_signature` (safe mode) adds the ciphertext, so it binds the body.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function sortedSha1(parts: readonly string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

export function urlSignature(token: string, timestamp: string, nonce: string): string {
  return sortedSha1([token, timestamp, nonce]);
}

export function messageSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return sortedSha1([token, timestamp, nonce, encrypt]);
}

/** Constant time, so a forger cannot learn the signature a byte at a time from response times. */
export function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  // Lengths are public (40 hex digits); only the content must not leak.
  return a.length === b.length && timingSafeEqual(a, b);
}
