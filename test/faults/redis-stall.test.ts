/**
 * Redis as a dependency that misbehaves. A stalled Redis (SIGSTOP: the connection stays up, nothing
 * answers) is worse than a dead one, because every command waits for its timeout. The real server
 * on a private redis-server: while Redis is stopped, turns are answered with the polite notice and
 * readiness reports the degraded store; after SIGCONT the breaker's probe closes the circuit and
 * the conversation from before the stall is remembered again. The breaker's own rules (fail fast
 * without touching the store while open, a locked conversation does not open it) are checked on
 * a fake store.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { TurnOutput } from '../../src/core/message.js';
import { CircuitBreakerStore } from '../../src/dialogue/store/breaker.js';
import { MemorySessionStore } from '../../src/dialogue/store/memory.js';
import { RedisSessionStore } from '../../src/dialogue/store/redis.js';
import { StoreUnavailableError } from '../../src/dialogue/store/types.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { freePort, realApp, startRedis, testDeps } from '../server/fixtures.js';

const NOTICE = '暂时无法记住对话内容';

async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const texts = (out: TurnOutput) => out.replies.map((r) => ('text' in r ? r.text : '')).join('\n');

describe.runIf(process.env.REDIS_URL)('a stalled Redis (SIGSTOP)', () => {
  let redis: ChildProcess | undefined;
  let app: App | undefined;
  let running: RunningServer | undefined;
  afterAll(async () => {
    if (redis?.pid && redis.exitCode === null) {
      redis.kill('SIGCONT');
      redis.kill('SIGKILL');
    }
    await running?.close();
  });

  it('answers with the notice and reports not ready while stalled, and recovers after SIGCONT', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    app = await realApp({ REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_COMMAND_TIMEOUT_MS: '300', RATE_LIMIT_PER_MINUTE: '1000' });
    running = await startServer(app, testDeps(app), { port: 0, host: '127.0.0.1', graceMs: 1000 });
    const chat = async (text: string): Promise<TurnOutput> => {
      const res = await fetch(`${running!.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session: 'stall', text }) });
      expect(res.status).toBe(200);
      return (await res.json()) as TurnOutput;
    };
    const ready = async () => (await fetch(`${running!.url}/readyz`)).status === 200;
    await until('the store to be ready', 5000, ready);

    const before = await chat('潍坊参保的退休人员备案要啥材料');
    expect(before.slots.insured_region?.code).toBe('370700');

    redis.kill('SIGSTOP');
    const during: TurnOutput[] = [];
    const timings: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t = performance.now();
      during.push(await chat('备案要什么材料'));
      timings.push(Math.round(performance.now() - t));
    }
    for (const out of during) {
      expect(texts(out)).toContain(NOTICE);
      // Answered on its own: the question is still answered, only the memory is missing.
      expect(out.intent).toBe('materials');
    }
    const readyz = await fetch(`${running.url}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toMatchObject({ ok: false, degraded: ['store'], store: { kind: 'redis', state: 'open' } });
    // Liveness stays green: restarting the instance would not bring Redis back.
    expect((await fetch(`${running.url}/livez`)).status).toBe(200);
    // For the report (not asserted: timing depends on the machine): the first turn pays one
    // command timeout, the rest fail fast.
    console.log(`turn times while Redis is stopped (ms): ${timings.join(', ')}`);

    redis.kill('SIGCONT');
    await until('readiness after SIGCONT', 10_000, ready);
    const after = await chat('能报多少');
    expect(texts(after)).not.toContain(NOTICE);
    // The conversation from before the stall: the insured region is still known.
    expect(after.slots.insured_region?.code).toBe('370700');
  }, 60_000);
});

describe.runIf(process.env.REDIS_URL)('a write that times out in a stall and lands after it', () => {
  let redis: ChildProcess | undefined;
  let store: RedisSessionStore | undefined;
  afterAll(async () => {
    await store?.close();
    if (redis?.pid && redis.exitCode === null) {
      redis.kill('SIGCONT');
      redis.kill('SIGKILL');
    }
  });

  it('leaves the next turn reading what Redis holds, not the session this process wrote before', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    store = new RedisSessionStore({ url: `redis://127.0.0.1:${port}`, ttlSeconds: 600, commandTimeoutMs: 200 });
    await store.ready();
    const id = 'landed-late';
    const scheme = () => store!.update(id, async (s) => ({ session: s, result: s.slots.scheme }));
    await store.update(id, async (s) => ({ session: { ...s, slots: { scheme: 'resident' } }, result: null }));
    expect(await scheme()).toBe('resident');

    // Redis stops after the read and before the write: the write times out here, yet it is on the
    // socket, so Redis runs it when it resumes.
    await expect(store.update(id, async (s) => {
      redis!.kill('SIGSTOP');
      return { session: { ...s, slots: { scheme: 'employee' } }, result: null };
    })).rejects.toBeInstanceOf(StoreUnavailableError);
    redis.kill('SIGCONT');
    await until('Redis to answer again', 10_000, async () => store!.ping().then(() => true, () => false));

    expect(await scheme()).toBe('employee');
  }, 30_000);
});

describe('the circuit breaker', () => {
  function hangingStore() {
    const inner = new MemorySessionStore(600);
    let hang = false;
    let calls = 0;
    const store = Object.assign(Object.create(inner) as MemorySessionStore, {
      update: async <T,>(id: string, turn: Parameters<MemorySessionStore['update']>[1]): Promise<T> => {
        calls++;
        if (hang) throw new StoreUnavailableError('command timed out');
        return inner.update(id, turn) as Promise<T>;
      },
    });
    return { store, set hang(v: boolean) { hang = v; }, get calls() { return calls; } };
  }
  const turn = async (s: { id: string }) => ({ session: s as never, result: 'ok' });

  it('fails fast without touching the store while open, and closes when a probe answers', async () => {
    const fake = hangingStore();
    let probeOk = true;
    const changes: string[] = [];
    const breaker = new CircuitBreakerStore(fake.store, {
      probe: async () => { if (!probeOk) throw new Error('no PONG'); },
      probeEveryMs: 20,
      onChange: (state) => changes.push(state),
    });
    expect(await breaker.update('a', turn)).toBe('ok');

    fake.hang = true;
    probeOk = false;
    await expect(breaker.update('a', turn)).rejects.toBeInstanceOf(StoreUnavailableError);
    await breaker.check();
    expect(breaker.health()).toMatchObject({ ok: false, state: 'open' });
    const callsWhenOpened = fake.calls;
    for (let i = 0; i < 5; i++) await expect(breaker.update('a', turn)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(fake.calls).toBe(callsWhenOpened);

    fake.hang = false;
    probeOk = true;
    await until('the probe to close the circuit', 2000, async () => breaker.health().ok);
    expect(await breaker.update('a', turn)).toBe('ok');
    expect(changes).toEqual(['open', 'closed']);
    await breaker.close();
  });

  it('stays closed when a call fails but the store answers its probe (a conversation locked by another turn)', async () => {
    const fake = hangingStore();
    const breaker = new CircuitBreakerStore(fake.store, { probe: async () => 'PONG' });
    fake.hang = true;
    await expect(breaker.update('a', turn)).rejects.toBeInstanceOf(StoreUnavailableError);
    await breaker.check();
    expect(breaker.health()).toMatchObject({ ok: true, state: 'closed' });
    await breaker.close();
  });
});
