/**
 * Inbox assignments announced through Redis pub/sub when REDIS_URL is set: the instance where an
 * editor assigned publishes, every instance (subscribed) reads the decisions table at once instead
 * of at its next poll. The message carries nothing but the news — the table stays the truth, and
 * polling every RECORDS_SYNC_SECONDS stays the fallback for a message lost while Redis was away.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { failFastRedis, type FailFastOptions } from '../redis.js';

export const DECISIONS_CHANNEL = 'yidi:inbox-decisions';

export class DecisionBus {
  private readonly pub: Redis;
  private readonly sub: Redis;
  /** Resolves true once subscribed (false when the subscription failed). */
  readonly subscribed: Promise<boolean>;

  constructor(url: string, opts: FailFastOptions, onNews: () => void, private readonly logger: Logger) {
    this.pub = failFastRedis(url, opts);
    // The subscriber waits for Redis (its SUBSCRIBE queued until connected) and subscribes again after a reconnection.
    this.sub = new Redis(url, { connectTimeout: opts.connectTimeoutMs ?? 1000, retryStrategy: (times) => Math.min(times * 200, 2000), autoResubscribe: true });
    this.sub.on('error', () => undefined);
    this.sub.on('message', (channel: string) => {
      if (channel === DECISIONS_CHANNEL) onNews();
    });
    this.subscribed = this.sub.subscribe(DECISIONS_CHANNEL).then(() => true, (err: Error) => {
      logger.warn({ err: err.message }, 'inbox decisions: not subscribed; this instance learns them by polling');
      return false;
    });
  }

  /** Tells the other instances to read the decisions table now; a failure leaves them to their next poll. */
  async announce(): Promise<void> {
    try {
      await this.pub.publish(DECISIONS_CHANNEL, String(Date.now()));
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'inbox decision not announced; other instances learn it at their next poll');
    }
  }

  close(): void {
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
