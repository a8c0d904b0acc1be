/** Waiting for work within a time limit: WeChat's budget, the records' last writes, the shutdown. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { beforeDeadline } from '../../src/deadline.js';

describe('beforeDeadline', () => {
  afterEach(() => vi.useRealTimers());

  it('gives the work’s result when it finishes in time, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    expect(await beforeDeadline(Promise.resolve('reply'), 4500)).toBe('reply');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives the late value (undefined unless given) when the time is up first, and the work goes on', async () => {
    vi.useFakeTimers();
    let finish!: (v: string) => void;
    const work = new Promise<string>((resolve) => { finish = resolve; });
    const waited = beforeDeadline(work, 4500, 'late');
    const unnamed = beforeDeadline(work, 100);
    await vi.advanceTimersByTimeAsync(4500);
    expect(await waited).toBe('late');
    expect(await unnamed).toBeUndefined();
    finish('reply');
    expect(await work).toBe('reply');
  });

  it('does not wait at all for a deadline already past', async () => {
    vi.useFakeTimers();
    const waited = beforeDeadline(new Promise(() => undefined), -20, false);
    await vi.advanceTimersByTimeAsync(0);
    expect(await waited).toBe(false);
  });
});
