import type { Redis } from 'ioredis';
import { failFastRedis, redisReady, type FailFastOptions } from '../../redis.js';
import type { ReplyLedger } from './types.js';

export type RedisLedgerOptions = (
  /** The app's connection (the sessions'): shared, so closed by its owner, never by the ledger. */
  | { client: Redis }
  /** A connection of its own (a ledger without a Redis session store), closed with the ledger. */
  | ({ url: string } & FailFastOptions)
) & {
  /** Prefix for every key, so several deployments can share one Redis (as the session store does). */
  prefix?: string;
};

/**
 * The ledger shared by every instance behind one Official Account: WeChat may send a retry to
 * another instance than the first delivery. Commands fail fast (src/redis.ts); the channel
 * answers twice rather than not at all when Redis is down.
 */
export class RedisReplyLedger implements ReplyLedger {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly owned: boolean;

  constructor(options: RedisLedgerOptions) {
    this.prefix = options.prefix ?? 'yidi:';
    this.owned = !('client' in options);
    this.redis = 'client' in options ? options.client : failFastRedis(options.url, options);
  }

  /** Resolves once connected (commands before that fail at once); rejects after `timeoutMs`. */
  async ready(timeoutMs = 2000): Promise<void> {
    await redisReady(this.redis, timeoutMs);
  }

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}seen:${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
  }

  async put(key: string, reply: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(`${this.prefix}reply:${key}`, reply, 'EX', ttlSeconds);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(`${this.prefix}reply:${key}`)) ?? undefined;
  }

  /** Closes the connection the ledger opened; a shared one is its owner's to close, once. */
  async close(): Promise<void> {
    if (this.owned) this.redis.disconnect();
  }
}
