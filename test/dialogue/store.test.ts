import { afterAll, describe, expect, it, vi } from 'vitest';
import { SessionSchema, type Session } from '../../src/dialogue/session.js';
import { MemorySessionStore } from '../../src/dialogue/store/memory.js';
import { RedisSessionStore } from '../../src/dialogue/store/redis.js';
import type { SessionStore } from '../../src/dialogue/store/types.js';
import { StoreUnavailableError } from '../../src/errors.js';
import { TEST_REDIS_PREFIX } from '../server/fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two turns of one conversation arrive together; each appends to the session after a delay. */
async function concurrentTurns(store: SessionStore, id: string) {
  const turn = (mark: number) => store.update(id, async (s) => {
    const before = s.turns;
    await sleep(30);
    return { session: { ...s, turns: before + 1, slots: { ...s.slots, amount: mark } }, result: before };
  });
  return Promise.all([turn(1), turn(2), turn(3)]);
}

function contract(name: string, make: () => SessionStore, ttlCheck: (s: SessionStore, id: string) => Promise<void>) {
  describe(`${name} session store`, () => {
    const store = make();
    afterAll(() => store.close());
    const id = `t-${name}-${Date.now()}`;

    it('keeps a session between turns', async () => {
      await store.update(id, async (s) => ({ session: { ...s, slots: { scheme: 'resident' } }, result: null }));
      const seen = await store.update(id, async (s) => ({ session: s, result: s.slots.scheme }));
      expect(seen).toBe('resident');
    });

    it('never interleaves two turns of one conversation', async () => {
      const befores = await concurrentTurns(store, `${id}-c`);
      expect([...befores].sort()).toEqual([0, 1, 2]);
      const final = await store.update(`${id}-c`, async (s) => ({ session: s, result: s.turns }));
      expect(final).toBe(3);
    });

    it('keeps the session as it was when a turn changes it in place and then fails', async () => {
      const kept = `${id}-fail`;
      await store.update(kept, async (s) => ({
        session: { ...s, slots: { insured_region: { code: '370783', name: '寿光市' } }, flow: { name: 'diagnosis', retries: 0, answers: { referral: 'yes' } } },
        result: null,
      }));
      await expect(store.update(kept, async (s) => {
        s.slots.insured_region!.name = '改了';
        if (s.flow?.name === 'diagnosis') s.flow.answers.referral = 'no';
        throw new Error('the turn failed');
      })).rejects.toThrow('the turn failed');
      const seen = await store.update(kept, async (s) => ({ session: s, result: s }));
      expect(seen.slots.insured_region?.name).toBe('寿光市');
      expect(seen.flow).toEqual({ name: 'diagnosis', retries: 0, answers: { referral: 'yes' } });
    });

    it('hands each turn its own copy: a change made after a turn reaches neither the store nor the next turn', async () => {
      // The turn's session goes on to the channels and the recorder (its slots in the turn's output).
      const own = `${id}-own`;
      const returned = await store.update(own, async (s) => {
        const session: Session = { ...s, slots: { insured_region: { code: '370783', name: '寿光市' } } };
        return { session, result: session };
      });
      returned.slots.insured_region!.name = '改了';
      returned.slots.scheme = 'employee';
      const next = await store.update(own, async (s) => ({ session: s, result: s }));
      expect(next).not.toBe(returned);
      expect(next.slots).toEqual({ insured_region: { code: '370783', name: '寿光市' } });
      next.slots.scheme = 'resident';
      expect(await store.update(own, async (s) => ({ session: s, result: s.slots.scheme }))).toBeUndefined();
    });

    it('forgets a conversation on reset', async () => {
      await store.reset(id);
      const scheme = await store.update(id, async (s) => ({ session: s, result: s.slots.scheme }));
      expect(scheme).toBeUndefined();
    });

    it('expires sessions after the TTL', async () => ttlCheck(store, `${id}-ttl`));
  });
}

let fakeNow = Date.now();
contract('memory', () => new MemorySessionStore(1800, () => fakeNow), async (store, id) => {
  await store.update(id, async (s) => ({ session: { ...s, slots: { scheme: 'employee' } }, result: null }));
  fakeNow += 1801 * 1000;
  expect(await store.update(id, async (s) => ({ session: s, result: s.slots.scheme }))).toBeUndefined();
});

describe('the memory store bounded by count', () => {
  it('forgets the conversation whose last turn is oldest, which then starts afresh, and keeps the others', async () => {
    const store = new MemorySessionStore(1800, Date.now, 3);
    const say = (id: string) => store.update(id, async (s) => ({ session: { ...s, turns: s.turns + 1 }, result: s.turns + 1 }));
    for (const id of ['a', 'b', 'c']) await say(id);
    await say('a'); // a's turn is now the latest: b is the least recent
    await say('d'); // a fourth conversation: b is forgotten
    expect(await say('a')).toBe(3);
    expect(await say('c')).toBe(2);
    expect(await say('d')).toBe(2);
    expect(await say('b')).toBe(1); // a new conversation, not an error
    await store.close();
  });
});

const redisUrl = process.env.REDIS_URL;
describe.runIf(redisUrl)('redis (REDIS_URL)', () => {
  contract('redis', () => new RedisSessionStore({ url: redisUrl!, ttlSeconds: 1800, prefix: TEST_REDIS_PREFIX }), async (store, id) => {
    const redis = store as RedisSessionStore;
    await redis.update(id, async (s) => ({ session: s, result: null }));
    const ttl = await redis.ttlOf(id);
    expect(ttl).toBeGreaterThan(1700);
    expect(ttl).toBeLessThanOrEqual(1800);
  });

  describe('the session this process wrote last, kept', () => {
    const make = () => new RedisSessionStore({ url: redisUrl!, ttlSeconds: 1800, prefix: TEST_REDIS_PREFIX });
    const a = make();
    const b = make();
    afterAll(async () => Promise.all([a.close(), b.close()]));
    const id = `t-kept-${Date.now()}`;
    const scheme = (store: RedisSessionStore) => store.update(id, async (s) => ({ session: s, result: s.slots.scheme }));

    it('is handed to the next turn without parsing and checking the string Redis gives back', async () => {
      await a.update(id, async (s) => ({ session: { ...s, slots: { scheme: 'resident' } }, result: null }));
      const check = vi.spyOn(SessionSchema, 'safeParse');
      try {
        expect(await scheme(a)).toBe('resident');
        expect(check).not.toHaveBeenCalled();
      } finally {
        check.mockRestore();
      }
    });

    it('gives way to what another process wrote since, and to a reset', async () => {
      await a.update(id, async (s) => ({ session: { ...s, slots: { scheme: 'resident' } }, result: null }));
      await b.update(id, async (s) => ({ session: { ...s, slots: { ...s.slots, scheme: 'employee' }, turns: s.turns + 1 }, result: null }));
      expect(await scheme(a)).toBe('employee');
      await b.reset(id);
      expect(await scheme(a)).toBeUndefined();
    });

    it('is a copy: a change to the session a turn returned, after the turn, reaches neither Redis nor the next turn', async () => {
      // The turn's session goes on to the channels and the recorder (its slots in the turn's output).
      const returned = await a.update(id, async (s) => {
        const session: Session = { ...s, slots: { scheme: 'resident' } };
        return { session, result: session };
      });
      returned.slots.scheme = 'employee';
      expect(await scheme(a)).toBe('resident');
      expect(await scheme(b)).toBe('resident');
    });
  });
});

describe.runIf(redisUrl)('a stored value that is not JSON (REDIS_URL)', () => {
  const store = new RedisSessionStore({ url: redisUrl!, ttlSeconds: 1800, prefix: TEST_REDIS_PREFIX });
  afterAll(() => store.close());

  it('starts the conversation afresh instead of failing its every turn until the key expires', async () => {
    const id = `t-garbled-${Date.now()}`;
    await store.update(id, async (s) => ({ session: { ...s, turns: 3 }, result: null }));
    await store.client.set(`${TEST_REDIS_PREFIX}session:${id}`, '{"id":"x","turns":3,"slo');
    const turns = await store.update(id, async (s) => ({ session: { ...s, turns: s.turns + 1 }, result: s.turns }));
    expect(turns).toBe(0);
    expect(await store.update(id, async (s) => ({ session: s, result: s.turns }))).toBe(1);
  });
});

describe('an unreachable Redis', () => {
  it('fails fast with StoreUnavailableError instead of hanging', async () => {
    const store = new RedisSessionStore({ url: 'redis://127.0.0.1:1', ttlSeconds: 60 });
    const started = Date.now();
    await expect(store.update('x', async (s) => ({ session: s, result: 1 }))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(5000);
    await store.close();
  });
});

describe('a session stored before the flow set aside became one value', () => {
  it('keeps the conversation and forgets only the flow set aside in the old shape', async () => {
    const { SessionSchema } = await import('../../src/dialogue/session.js');
    const stored = {
      id: 's', turns: 4, misses: 0, slots: { insured_region: { code: '370700', name: '潍坊市' } },
      paused: { name: 'filing', retries: 0, asked: 'category' }, pausedAt: 3,
    };
    const read = SessionSchema.parse(stored);
    expect(read.slots.insured_region?.name).toBe('潍坊市');
    expect(read.turns).toBe(4);
    expect(read.paused).toBeUndefined();
    const now = SessionSchema.parse({ ...stored, paused: { state: stored.paused, at: 3 } });
    expect(now.paused?.state.name).toBe('filing');
  });
});
