import { cloneSession, newSession, type Session } from '../session.js';
import type { SessionStore } from './types.js';

interface Entry<V> {
  value: V;
  expires: number;
}

/**
 * The default store: one process, sessions expire after `ttlSeconds` without a turn, and at most
 * `maxSessions` are kept (the server's MEMORY_MAX_SESSIONS, 50,000 by default: ~0.85 kB of heap each after three turns, ~43 MB). Past that, the one whose
 * last turn is oldest is forgotten first, exactly as if it had expired: its next message starts a new
 * conversation, answered as any first message is; nothing fails. Without a bound, a burst of new
 * conversations (a WeChat campaign, a client inventing session ids) kept every one for `ttlSeconds`,
 * growing the heap towards the old generation's cap (`--max-old-space-size=256` in start:prod), past
 * which V8 ends the process.
 */
export class MemorySessionStore implements SessionStore {
  readonly kind = 'memory' as const;
  /** In the order of their last turn, oldest first (a Map keeps insertion order; a turn re-inserts its session). */
  private readonly sessions = new Map<string, Entry<Session>>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly ttlSeconds: number,
    private readonly clock: () => number = Date.now,
    private readonly maxSessions: number = Number.POSITIVE_INFINITY,
  ) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  async update<T>(id: string, turn: (s: Session) => Promise<{ session: Session; result: T }>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      const entry = this.sessions.get(id);
      const current = entry && entry.expires > this.clock() ? cloneSession(entry.value) : newSession(id);
      const { session, result } = await turn(current);
      // Re-inserted, so the map stays in the order of last turns and its first key is the one to forget.
      this.sessions.delete(id);
      this.sessions.set(id, { value: session, expires: this.clock() + this.ttlSeconds * 1000 });
      while (this.sessions.size > this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
      return result;
    });
    this.locks.set(id, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(id) === run) this.locks.delete(id);
    }
  }

  async reset(id: string): Promise<void> {
    this.sessions.delete(id);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = this.clock();
    for (const [k, e] of this.sessions) if (e.expires <= now) this.sessions.delete(k);
  }
}
