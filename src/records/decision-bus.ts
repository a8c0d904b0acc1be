/**
 * Inbox assignments and answer edits (/admin/content) announced through Redis pub/sub when REDIS_URL
 * is set: the instance where an editor assigned or published publishes, every instance (subscribed)
 * reads the decisions and answer-edit tables at once instead of at its next poll. The message carries nothing but the news — the table stays the truth, and
 * polling every RECORDS_SYNC_SECONDS stays the fallback for a message lost while Redis was away.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** The channel under the deployment's key prefix (REDIS_KEY_PREFIX), so deployments sharing a Redis hear only their own. */
export const decisionsChannel = (prefix: string): string => `${prefix}inbox-decisions`;

export class DecisionBus {
  private readonly sub: Redis;
  /** Resolves true once subscribed (false when the subscription failed). */
  readonly subscribed: Promise<boolean>;

  /**
   * `publisher` is the app's own Redis connection (the sessions'): a PUBLISH is one more command on
   * it, and it fails fast like every other there. The subscriber cannot share it — a connection in
   * subscriber mode takes no other command — so it is a connection of its own, made from the same
   * client's address and timeouts, that waits for Redis (SUBSCRIBE queued until connected) and
   * subscribes again after a reconnection.
   */
  private readonly channel: string;

  constructor(private readonly publisher: Redis, onNews: () => void, private readonly logger: Logger, prefix = 'yidi:') {
    this.channel = decisionsChannel(prefix);
    // No command timeout: SUBSCRIBE waits for as long as the connection takes.
    this.sub = publisher.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined, autoResubscribe: true });
    this.sub.on('error', () => undefined);
    this.sub.on('message', (channel: string) => {
      if (channel === this.channel) onNews();
    });
    this.subscribed = this.sub.subscribe(this.channel).then(() => true, (err: Error) => {
      logger.warn({ err: err.message }, 'inbox decisions: not subscribed; this instance learns them by polling');
      return false;
    });
  }

  /** Tells the other instances to read the decisions table now; a failure leaves them to their next poll. */
  async announce(): Promise<void> {
    try {
      await this.publisher.publish(this.channel, String(Date.now()));
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'inbox decision not announced; other instances learn it at their next poll');
    }
  }

  /** Closes the subscriber; the publisher is the app's, closed with the sessions. */
  close(): void {
    this.sub.disconnect();
  }
}
