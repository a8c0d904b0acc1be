import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { failFastRedis, redisReady } from '../../redis.js';
import { newSession, SessionSchema, type Session } from '../session.js';
import { StoreUnavailableError } from '../../errors.js';
import type { SessionStore } from './types.js';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface RedisStoreOptions {
  url: string;
  ttlSeconds: number;
  /** Prefix for every key, so several deployments can share one Redis. */
  prefix?: string;
  /** How long a turn may hold a conversation's lock. */
  lockMs?: number;
  /** How long a turn waits for the lock before it gives up. */
  lockWaitMs?: number;
  /**
   * How long one command may take before it fails. Redis answers in well under a millisecond; a
   * stalled Redis (a fork on a full disk, SIGSTOP, a swapping host) must cost a turn this much at
   * most, and the circuit breaker (breaker.ts) then stops waiting altogether.
   */
  commandTimeoutMs?: number;
  /** How long a (re)connection may take. */
  connectTimeoutMs?: number;
}

/**
 * How many conversations' last written session a process keeps, to skip checking them when read back.
 * Memory: 2,000 × the session's JSON (~0.6 kB) ≈ 1.2 MB at most, whatever the traffic; the conversation
 * whose last turn is oldest is forgotten first, and a forgotten one is just read and checked as before.
 * A constant, not a setting: no deployment has needed another bound.
 */
const KEPT_SESSIONS = 2000;

/**
 * Sessions in Redis, for several instances behind one Official Account. Commands fail fast
 * (no offline queue) so a Redis outage costs a turn its memory, never a hang.
 */
export class RedisSessionStore implements SessionStore {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly lockMs: number;
  private readonly lockWaitMs: number;
  /**
   * The last session this process wrote, per conversation, as the string Redis was given, in the order of their
   * last turn (oldest first; a Map keeps insertion order). A turn whose read brings back exactly that string
   * parses it without zod's `SessionSchema` check (parse and check took ~8 µs, perf22; the parse ~2 of them). That hands the turn the same session another
   * instance would read from that string only because a turn's session already has the shape the schema reads
   * back (no NaN, which JSON writes as null; no key the schema strips; nothing its `.catch` drops):
   * test/dialogue/store-kept-shape.test.ts checks that after every turn of realistic conversations through the
   * real assistant. A policy change that breaks it fails there, not between instances. Redis's string decides
   * which process wrote last: when another process (or an edit) wrote since, the strings differ and the read one
   * is checked as before; a write of ours that fails (and may land later) forgets the kept one first, so the
   * next turn reads whatever Redis holds then. At most KEPT_SESSIONS conversations. Only the string is kept, not
   * the session it was made from (a copy of which the next turn was handed until perf24): that copy was ~0.65 kB
   * of objects a turn, promoted to the old generation; the parse costs ~1–2 µs more than the copy did.
   */
  private readonly kept = new Map<string, string>();

  constructor(private readonly options: RedisStoreOptions) {
    this.prefix = options.prefix ?? 'yidi:';
    this.lockMs = options.lockMs ?? 5000;
    this.lockWaitMs = options.lockWaitMs ?? 3000;
    this.redis = failFastRedis(options.url, { commandTimeoutMs: options.commandTimeoutMs ?? 500, connectTimeoutMs: options.connectTimeoutMs ?? 1000, autoPipelining: true });
  }

  /** Resolves when connected (or rejects after `timeoutMs`). */
  async ready(timeoutMs = 2000): Promise<void> {
    await redisReady(this.redis, timeoutMs).catch(() => {
      throw new StoreUnavailableError('connect timeout');
    });
  }

  private key(kind: string, id: string): string {
    return `${this.prefix}${kind}:${id}`;
  }

  private async call<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }

  /**
   * One turn in two round trips: taking the lock and reading the session go together, and so do
   * writing the session and letting the lock go (Redis runs a connection's commands in order).
   * They are sent as single commands in one tick, so auto-pipelining (src/redis.ts) writes them
   * in one go with whatever other turns and the rate limits send in that tick.
   */
  async update<T>(id: string, turn: (s: Session) => Promise<{ session: Session; result: T }>): Promise<T> {
    const lockKey = this.key('lock', id);
    const sessionKey = this.key('session', id);
    const token = randomUUID();
    const deadline = Date.now() + this.lockWaitMs;
    let raw: string | null = null;
    for (let wait = 10; ; wait = Math.min(wait * 2, 100)) {
      const [got, read] = await this.call(() => Promise.all([this.redis.set(lockKey, token, 'PX', this.lockMs, 'NX'), this.redis.get(sessionKey)]))
        .catch((err: unknown) => {
          // A stalled Redis runs this SET when it resumes, long after we gave up: the release is
          // queued behind it on the same connection, so no ghost holds the conversation's lock.
          this.redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
          throw err;
        });
      if (got === 'OK') {
        raw = read as string | null;
        break;
      }
      if (Date.now() > deadline) throw new StoreUnavailableError('conversation is locked by another turn');
      await new Promise((r) => setTimeout(r, wait));
    }
    let released = false;
    try {
      const { session, result } = await turn(this.sessionOf(id, raw));
      released = true; // the release goes out with the write, whatever becomes of the write
      const written = JSON.stringify(session);
      // Forgotten before the write: if the write fails, Redis may hold either string, and only
      // reading it decides which.
      this.kept.delete(id);
      await this.call(() => Promise.all([
        this.redis.set(sessionKey, written, 'EX', this.options.ttlSeconds),
        this.redis.eval(RELEASE, 1, lockKey, token),
      ]));
      // The string, not the session: the turn's own session goes on to the channels and the recorder (outputOf
      // hands them its slots), and whatever they change must not change what the next turn is given.
      this.kept.set(id, written);
      if (this.kept.size > KEPT_SESSIONS) this.kept.delete(this.kept.keys().next().value!);
      return result;
    } finally {
      if (!released) await this.redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
    }
  }

  /**
   * The session a turn works on, its own (the turn changes it in place, and one that fails must leave what is
   * kept as it was): the read string parsed, and checked unless it is the very string this process wrote last;
   * or a new session.
   */
  private sessionOf(id: string, raw: string | null): Session {
    if (!raw) return newSession(id);
    if (this.kept.get(id) === raw) return JSON.parse(raw) as Session;
    const parsed = SessionSchema.safeParse(parseOrUndefined(raw));
    return parsed.success ? parsed.data : newSession(id);
  }

  async reset(id: string): Promise<void> {
    this.kept.delete(id);
    await this.call(() => this.redis.del(this.key('session', id)));
  }

  /** The connection, for other counters kept in the same Redis (the HTTP rate limits). */
  get client(): Redis {
    return this.redis;
  }

  /** Resolves when Redis answers a PING (the circuit breaker's probe). */
  async ping(): Promise<void> {
    await this.call(() => this.redis.ping());
  }

  async ttlOf(id: string): Promise<number> {
    return this.call(() => this.redis.ttl(this.key('session', id)));
  }

  /**
   * Resolves once the socket has ended (at most a second): ioredis's disconnect() only starts closing it, and a
   * caller told “closed” while the connection still reads 'ready' (a loaded machine) would see it answer afterwards.
   */
  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    const ended = new Promise<void>((resolve) => {
      const backstop = setTimeout(resolve, 1000);
      backstop.unref();
      this.redis.once('end', () => {
        clearTimeout(backstop);
        resolve();
      });
    });
    this.redis.disconnect();
    await ended;
  }
}

/**
 * A stored value that is not JSON (written by hand, or cut short) reads as no session: thrown, it would fail
 * that conversation's every turn until the key expired.
 */
function parseOrUndefined(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
