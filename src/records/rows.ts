/**
 * What the writer thread does to a queued turn before it is stored: the text and the normalised
 * text masked, the conversation's store key replaced by its keyed hash. The raw text never leaves
 * memory; the turn itself only copies what it knew (`RawTurn`), so none of this is on the reply path.
 */
import { createHmac } from 'node:crypto';
import { maskPersonal } from './mask.js';
import type { NewTurn } from './store.js';

/** A turn as queued: the text not yet masked, the conversation still its store key. */
export type RawTurn = Omit<NewTurn, 'conversation'> & { conversationKey: string };

/** The conversation id stored for a store key: keyed, so a session id cannot be looked up without the key. */
export function conversationHash(secret: string, key: string): string {
  return createHmac('sha256', secret).update(key).digest('base64url').slice(0, 32);
}

export function finishRow(raw: RawTurn, secret: string): NewTurn {
  const { conversationKey, ...row } = raw;
  return { ...row, conversation: conversationHash(secret, conversationKey), text: maskPersonal(row.text), normalized: maskPersonal(row.normalized) };
}
