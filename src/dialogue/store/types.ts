import type { Session } from '../session.js';

/**
 * Where conversations live between turns. `update` runs one turn under a per-conversation lock
 * so two messages of the same person never interleave; the session is written once, at the end.
 */
export interface SessionStore {
  update<T>(id: string, turn: (session: Session) => Promise<{ session: Session; result: T }>): Promise<T>;
  /** Forget a conversation (kiosk reset, goodbye). */
  reset(id: string): Promise<void>;
  /** Remember a processed channel message id; false if it was seen already (WeChat retries). */
  claimMessage(key: string, ttlSeconds: number): Promise<boolean>;
  /** Cache a reply for a claimed message id, so a retry gets the same reply. */
  putReply(key: string, reply: string, ttlSeconds: number): Promise<void>;
  getReply(key: string): Promise<string | undefined>;
  close(): Promise<void>;
  readonly kind: 'memory' | 'redis';
}

/** Raised when the store cannot be reached; the turn goes on without memory. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`session store unavailable: ${(cause as Error)?.message ?? cause}`);
    this.name = 'StoreUnavailableError';
  }
}
