import { newSession, type Session } from '../session.js';
import type { SessionStore } from './types.js';

interface Entry {
  /** The session's JSON in UTF-8, in a buffer of its own (see `update`). */
  json: Buffer;
  expires: number;
}

/**
 * The default store: one process, sessions expire after `ttlSeconds` without a turn, and at most
 * `maxSessions` are kept (the server’s MEMORY_MAX_SESSIONS, 50,000 by default: ~0.25 kB of V8 heap and
 * ~0.36 kB of buffer each, measured on the bench’s conversations after 20 turns: ~30 MB). Past that, the one whose
 * last turn is oldest is forgotten first, exactly as if it had expired: its next message starts a new
 * conversation, answered as any first message is; nothing fails. Without a bound, a burst of new
 * conversations (a WeChat campaign, a client inventing session ids) kept every one for `ttlSeconds`,
 * growing the heap towards the old generation's cap (`--max-old-space-size=256` in start:prod), past
 * which V8 ends the process.
 *
 * A session is kept as its JSON's bytes, outside V8's heap, and each turn parses its own copy (as a
 * Redis store's turn does, src/dialogue/store/redis.ts). Kept as objects, every turn's session (~0.65 kB
 * of objects, replaced every turn and living until the conversation's next, ~1,000 requests in the bench)
 * outlived two scavenges and was promoted to the old generation, for the mark-compacts (the c=128 tail's
 * pauses) to mark and compact. A buffer is ~0.25 kB on the heap (the buffer's two objects and the entry)
 * with no pointers into the session: ~0.2 kB a chat request less promoted, measured (perf24 in
 * docs/performance.md; kept as a JSON string it was worse: JSON.stringify's result is a rope of chunks,
 * two-byte with any Chinese place name). The contract is the Redis store's too: a turn changes its own
 * copy, one that fails leaves the stored bytes as they were, and nothing done to a session after its
 * turn (the channels and the recorder get its slots) reaches the next. The price is CPU: stringify,
 * buffer, decode and parse ~4.2 µs a turn against the deep copy's 0.4 (one process, load 6; ~2% of a
 * chat turn). What a turn's session holds survives JSON unchanged: test/dialogue/store-kept-shape.test.ts
 * checks that on realistic conversations.
 */
export class MemorySessionStore implements SessionStore {
  readonly kind = 'memory' as const;
  /** In the order of their last turn, oldest first (a Map keeps insertion order; a turn re-inserts its session). */
  private readonly sessions = new Map<string, Entry>();
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
      // The turn's own copy: it may change it in place, and one that fails leaves the stored bytes as they were.
      const current = entry && entry.expires > this.clock() ? JSON.parse(entry.json.toString()) as Session : newSession(id);
      const { session, result } = await turn(current);
      const text = JSON.stringify(session);
      // A buffer of its own, not a slice of Node's shared 8 kB pool (Buffer.from's, for short strings): a pool
      // slab would stay allocated for as long as any session written into it lives.
      const json = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
      json.write(text);
      const expires = this.clock() + this.ttlSeconds * 1000;
      // Re-inserted, so the map stays in the order of last turns and its first key is the one to forget.
      this.sessions.delete(id);
      this.sessions.set(id, { json, expires });
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
