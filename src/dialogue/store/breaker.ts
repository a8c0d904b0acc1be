/**
 * A circuit breaker around a networked SessionStore (Redis). A stalled Redis is worse than a dead
 * one: every command waits for its timeout, so every turn waits too and the process's throughput
 * falls tenfold. The breaker turns that into failing fast:
 *
 *   closed     calls go through. A call that fails with StoreUnavailableError makes the breaker
 *              check the store with one probe (a PING under its own timeout): a conversation that
 *              is merely locked by another turn fails the same way, and must not open the circuit.
 *   open       the probe failed: calls fail at once with StoreUnavailableError (the assistant then
 *              answers without memory and says so), while a probe runs every `probeEveryMs`.
 *   closed     again as soon as one probe succeeds.
 *
 * `health()` is what readiness reports: a load balancer stops sending to an instance whose store
 * is out, and sends again once it is back.
 */
import type { Session } from '../session.js';
import { StoreUnavailableError } from '../../errors.js';
import type { SessionStore } from './types.js';

export type BreakerState = 'closed' | 'open';

export interface StoreHealth {
  kind: SessionStore['kind'];
  state: BreakerState;
  ok: boolean;
  /** Epoch ms the circuit opened, while it is open. */
  since?: number;
}

export interface BreakerOptions {
  /** Checks that the store answers; rejects (or times out) when it does not. */
  probe: () => Promise<unknown>;
  /** A probe that has not answered after this long counts as failed. */
  probeTimeoutMs?: number;
  /** How often an open circuit probes the store. */
  probeEveryMs?: number;
  /** Told when the circuit opens or closes (a log line). */
  onChange?: (state: BreakerState, reason?: string) => void;
  clock?: () => number;
}

export class CircuitBreakerStore implements SessionStore {
  private state: BreakerState = 'closed';
  private openedAt = 0;
  private checking: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly probeTimeoutMs: number;
  private readonly probeEveryMs: number;
  private readonly clock: () => number;

  constructor(private readonly inner: SessionStore, private readonly options: BreakerOptions) {
    this.probeTimeoutMs = options.probeTimeoutMs ?? 500;
    this.probeEveryMs = options.probeEveryMs ?? 500;
    this.clock = options.clock ?? Date.now;
  }

  get kind(): SessionStore['kind'] {
    return this.inner.kind;
  }

  health(): StoreHealth {
    return this.state === 'open'
      ? { kind: this.kind, state: 'open', ok: false, since: this.openedAt }
      : { kind: this.kind, state: 'closed', ok: true };
  }

  update<T>(id: string, turn: (s: Session) => Promise<{ session: Session; result: T }>): Promise<T> {
    return this.guard(() => this.inner.update(id, turn));
  }

  reset(id: string): Promise<void> {
    return this.guard(() => this.inner.reset(id));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.inner.close();
  }

  /** Runs one probe now (shared by concurrent callers) and updates the state from its outcome. */
  check(): Promise<void> {
    this.checking ??= this.probeOnce().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    if (this.state === 'open') throw new StoreUnavailableError('circuit open: the store did not answer a probe');
    try {
      return await op();
    } catch (err) {
      if (err instanceof StoreUnavailableError) void this.check();
      throw err;
    }
  }

  private async probeOnce(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.options.probe(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.probeTimeoutMs} ms`)), this.probeTimeoutMs);
        }),
      ]);
      if (this.state === 'open') {
        this.state = 'closed';
        clearTimeout(this.timer);
        this.options.onChange?.('closed');
      }
    } catch (err) {
      if (this.state === 'closed') {
        this.state = 'open';
        this.openedAt = this.clock();
        this.options.onChange?.('open', (err as Error).message);
      }
      this.scheduleProbe();
    } finally {
      clearTimeout(timer);
    }
  }

  private scheduleProbe(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), this.probeEveryMs);
    // A process shutting down does not wait for the next probe.
    this.timer.unref();
  }
}
