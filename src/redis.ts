/**
 * The Redis connection of the session store and the reply ledger. Commands fail fast (no
 * offline queue, short timeouts: REDIS_COMMAND_TIMEOUT_MS and REDIS_CONNECT_TIMEOUT_MS, 1 s
 * unless given) so a Redis outage costs a turn its memory or a retry its de-duplication, never a
 * hang; reconnection backs off up to 2 s. Errors surface through the commands; without a
 * listener ioredis would print them.
 */
import { once } from 'node:events';
import { Redis } from 'ioredis';

export interface FailFastOptions {
  /** A command slower than this fails (REDIS_COMMAND_TIMEOUT_MS; a stalled Redis costs this much). */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /**
   * Commands issued in one turn of the event loop go out in one write (ioredis's auto-pipelining):
   * under load, the replies to many turns' commands arrive together and the commands their turns
   * send next leave together, instead of one socket write each.
   */
  autoPipelining?: boolean;
}

export function failFastRedis(url: string, opts: FailFastOptions = {}): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: opts.connectTimeoutMs ?? 1000,
    commandTimeout: opts.commandTimeoutMs ?? 1000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    enableAutoPipelining: opts.autoPipelining ?? false,
  });
  redis.on('error', () => undefined);
  return redis;
}

/** Resolves once connected (commands before that fail at once); rejects after `timeoutMs`. */
export async function redisReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await once(redis, 'ready', { signal: AbortSignal.timeout(timeoutMs) });
}
