/**
 * A shared table read at start, every so often, and when told (the decision bus): the inbox's decisions
 * (learning.ts DecisionSync) and the answer edits (content-edits.ts). One read at a time — two would
 * apply the same rows twice or out of order — and a poll asked for during a read is answered by one that
 * starts after it, since the read under way may have looked at the table before the caller wrote to it.
 */
export class Poller {
  private running: Promise<number> | undefined;
  /** The read that starts after the one running: every poll asked for meanwhile waits for it. */
  private next: Promise<number> | undefined;
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param read reads and applies what is new; how many rows it took (never rejects: it says its own failures).
   * @param ready whether the table can be read yet (a database still being opened: polled once it opens).
   */
  constructor(private readonly read: () => Promise<number>, private readonly ready: () => boolean = () => true) {}

  poll(): Promise<number> {
    if (!this.ready()) return Promise.resolve(0);
    if (this.next) return this.next;
    if (!this.running) return this.run();
    // `next` stays set until its read has started (run sets `running` in the same tick): a poll asked for
    // between the end of one read and the start of the queued one joins the queued one, never a third.
    const after = (): Promise<number> => {
      this.next = undefined;
      return this.run();
    };
    this.next = this.running.then(after, after);
    return this.next;
  }

  private run(): Promise<number> {
    const reading = this.read().finally(() => {
      if (this.running === reading) this.running = undefined;
    });
    this.running = reading;
    return reading;
  }

  start(everyMs: number): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.poll(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
