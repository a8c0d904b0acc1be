import { cloneSession, newSession, type Session } from '../session.js';
import type { SessionStore } from './types.js';

interface Entry<V> {
  value: V;
  expires: number;
}

/** The default store: one process, sessions expire after `ttlSeconds` without a turn. */
export class MemorySessionStore implements SessionStore {
  readonly kind = 'memory' as const;
  private readonly sessions = new Map<string, Entry<Session>>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly ttlSeconds: number, private readonly clock: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  async update<T>(id: string, turn: (s: Session) => Promise<{ session: Session; result: T }>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      const entry = this.sessions.get(id);
      const current = entry && entry.expires > this.clock() ? cloneSession(entry.value) : newSession(id);
      const { session, result } = await turn(current);
      this.sessions.set(id, { value: session, expires: this.clock() + this.ttlSeconds * 1000 });
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
