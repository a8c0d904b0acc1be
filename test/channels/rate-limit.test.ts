/**
 * The per-IP and per-session limits (src/channels/http/rate-limit.ts), counted in this process: a
 * request refused for its address does not use up its session's quota, though both are asked at once.
 */
import { describe, expect, it } from 'vitest';
import { createRateLimits } from '../../src/channels/http/rate-limit.js';

const nextTask = () => new Promise((resolve) => setImmediate(resolve));

describe('rate limits', () => {
  it('refuse an address over its quota without using up the session’s, and a session over its own from any address', async () => {
    const limits = createRateLimits(2, 'slow down');
    expect(await limits.consume('10.0.0.1', 'a')).toEqual({ ok: true });
    expect(await limits.consume('10.0.0.1', 'b')).toEqual({ ok: true });
    const refused = await limits.consume('10.0.0.1', 'c');
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await nextTask();
    // Session c was refused with its address: its two points are all still there.
    expect(await limits.consume('10.0.0.2', 'c')).toEqual({ ok: true });
    expect(await limits.consume('10.0.0.3', 'c')).toEqual({ ok: true });
    expect((await limits.consume('10.0.0.4', 'c')).ok).toBe(false);
    // Without a session only the address counts.
    expect(await limits.consume('10.0.0.5')).toEqual({ ok: true });
  });
});
