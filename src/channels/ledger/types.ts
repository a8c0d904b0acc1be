/**
 * A channel's retry ledger. WeChat repeats a message it got no answer to (three tries in about
 * 15 s), and a Wechaty puppet can deliver one message twice: the first delivery claims the
 * message id, its reply is kept for the retries, and no retry runs the turn again. Sessions are
 * not involved (src/dialogue/store keeps conversations only); the composition root picks memory
 * or Redis (shared between instances) and hands the ledger to the channels that need it.
 */
export interface ReplyLedger {
  /** Records a message id; false when it was claimed before (this delivery is a retry). */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Keeps the reply to a claimed message for its retries. */
  put(key: string, reply: string, ttlSeconds: number): Promise<void>;
  /** The reply kept for a message id, once the first delivery has one. */
  get(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}
