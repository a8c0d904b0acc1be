import type { ReplyLedger } from './types.js';

interface Entry {
  reply?: string;
  /** When the reply is dropped (the claim stays until `expires`). */
  replyExpires: number;
  expires: number;
}

/**
 * WeChat's retries of a message come within about 15 s of the first delivery (three, 5 s apart):
 * a reply is kept a minute, while its claim lasts the TTL the caller gives (5 minutes for WeChat).
 * The replies are most of the ledger's memory (~1.1 kB each, 10,000 of them ~13 MB).
 */
export const REPLY_WINDOW_MS = 60_000;

/**
 * The ledger of one process: entries expire after their TTL and replies after REPLY_WINDOW_MS
 * (swept every minute), and the oldest are dropped beyond `maxEntries`, so a flood of message ids
 * cannot grow it without end.
 */
export class MemoryReplyLedger implements ReplyLedger {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly maxEntries = 10_000, private readonly clock: () => number = Date.now, private readonly replyWindowMs = REPLY_WINDOW_MS) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.set(key, { replyExpires: 0, expires: this.clock() + ttlSeconds * 1000 });
    return true;
  }

  async put(key: string, reply: string, ttlSeconds: number): Promise<void> {
    const now = this.clock();
    this.set(key, { reply, replyExpires: now + Math.min(ttlSeconds * 1000, this.replyWindowMs), expires: now + ttlSeconds * 1000 });
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.live(key);
    return entry && entry.replyExpires > this.clock() ? entry.reply : undefined;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    return entry && entry.expires > this.clock() ? entry : undefined;
  }

  private set(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  private sweep(): void {
    const now = this.clock();
    for (const [k, e] of this.entries) {
      if (e.expires <= now) this.entries.delete(k);
      else if (e.reply !== undefined && e.replyExpires <= now) e.reply = undefined;
    }
  }
}
