import type { Session } from '../session.js';

/**
 * Where conversations live between turns. `update` runs one turn under a per-conversation lock
 * so two messages of the same person never interleave; the session is written once, at the end.
 * The session `turn` gets is its own copy (a clone of the memory store's, or Redis's freshly
 * parsed): a turn may change it in place, and one that fails leaves the stored session as it was.
 * Channel retry ledgers (WeChat MsgIds) are not sessions: see src/channels/ledger/.
 */
export interface SessionStore {
  update<T>(id: string, turn: (session: Session) => Promise<{ session: Session; result: T }>): Promise<T>;
  /** Forget a conversation (kiosk idle reset, WeChat unsubscribe). */
  reset(id: string): Promise<void>;
  close(): Promise<void>;
  readonly kind: 'memory' | 'redis';
}

export { StoreUnavailableError } from '../../errors.js';
