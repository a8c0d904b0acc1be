/**
 * What the writer thread does to a queued turn before it is stored: the text and the normalised
 * text masked, the conversation's store key replaced by its keyed hash. The raw text never leaves
 * memory; the turn itself only copies what it knew (`RawTurn`), so none of this is on the reply path.
 */
import { createHmac } from 'node:crypto';
import { maskPersonal } from './mask-rules.js';
import type { NewTurn } from './store.js';

/** A turn as queued: the text not yet masked, the conversation still its store key. */
export type RawTurn = Omit<NewTurn, 'conversation'> & { conversationKey: string };

/** The conversation id stored for a store key: keyed, so a session id cannot be looked up without the key. */
export function conversationHash(secret: string, key: string): string {
  return createHmac('sha256', secret).update(key).digest('base64url').slice(0, 32);
}

/** Conversations whose hash is kept: a conversation's turns come a few seconds apart, each a row. */
const KEPT_HASHES = 4096;

/**
 * conversationHash for the writer thread, which hashes every row's key: a keyed HMAC is ~6 µs here
 * (its key set up each time), a look-up ~0.2 µs, and a conversation's turns share one key. The
 * hashes kept are those of recent conversations, at most KEPT_HASHES (all forgotten when full).
 */
export function conversationHasher(secret: string): (key: string) => string {
  const kept = new Map<string, string>();
  return (key) => {
    let hash = kept.get(key);
    if (hash === undefined) {
      hash = conversationHash(secret, key);
      if (kept.size >= KEPT_HASHES) kept.clear();
      kept.set(key, hash);
    }
    return hash;
  };
}

/**
 * The row as stored, made from the thread's own copy of the posted turn, in place: copying its 23
 * fields into a new object (a rest and a spread) was ~17% of the writer thread's instructions per
 * turn (callgrind). The store key stays on the object but is never written: the inserts take only
 * the table's columns (src/records/turn-insert.ts). A normalised text equal to the text is masked once.
 */
export function finishRow(raw: RawTurn, hash: (key: string) => string): NewTurn {
  const row = raw as RawTurn & NewTurn;
  const text = raw.text;
  row.conversation = hash(raw.conversationKey);
  row.text = maskPersonal(text);
  row.normalized = raw.normalized === text ? row.text : maskPersonal(raw.normalized);
  return row;
}
