import type { ReplyLedger } from './types.js';

interface Entry {
  reply?: string;
  expires: number;
}

/**
 * The ledger of one process: entries expire after their TTL (swept every minute), and the
 * oldest are dropped beyond `maxEntries`, so a flood of message ids cannot grow it without end.
 */
export class MemoryReplyLedger implements ReplyLedger {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly maxEntries = 10_000, private readonly clock: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.set(key, { expires: this.clock() + ttlSeconds * 1000 });
    return true;
  }

  async put(key: string, reply: string, ttlSeconds: number): Promise<void> {
    this.set(key, { reply, expires: this.clock() + ttlSeconds * 1000 });
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key)?.reply;
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
    for (const [k, e] of this.entries) if (e.expires <= now) this.entries.delete(k);
  }
}
