/**
 * The retry ledger of WeChat and Wechaty, in memory and in Redis: a message id is processed
 * once, its retries get the first reply, and the memory one cannot grow without end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryReplyLedger } from '../../src/channels/ledger/memory.js';
import { RedisReplyLedger } from '../../src/channels/ledger/redis.js';
import type { ReplyLedger } from '../../src/channels/ledger/types.js';
import { realApp, TEST_REDIS_PREFIX } from '../server/fixtures.js';

function contract(name: string, make: () => ReplyLedger, ready: (l: ReplyLedger) => Promise<void> = async () => undefined) {
  describe(`${name} reply ledger`, () => {
    const ledger = make();
    beforeAll(() => ready(ledger));
    afterAll(() => ledger.close());
    const id = `ledger-${name}-${Date.now()}`;

    it('lets the first delivery of a message id claim it, and no retry after it', async () => {
      expect(await ledger.claim(`${id}-1`, 60)).toBe(true);
      expect(await ledger.claim(`${id}-1`, 60)).toBe(false);
      expect(await ledger.claim(`${id}-2`, 60)).toBe(true);
    });

    it('keeps the first delivery’s reply for the retries', async () => {
      expect(await ledger.claim(`${id}-3`, 60)).toBe(true);
      expect(await ledger.get(`${id}-3`)).toBeUndefined();
      await ledger.put(`${id}-3`, '<xml>reply</xml>', 60);
      expect(await ledger.get(`${id}-3`)).toBe('<xml>reply</xml>');
      expect(await ledger.get(`${id}-4`)).toBeUndefined();
    });
  });
}

contract('memory', () => new MemoryReplyLedger());

describe('memory reply ledger bounds', () => {
  it('forgets a message id after its TTL', async () => {
    let now = 1_000_000;
    const ledger = new MemoryReplyLedger(100, () => now);
    await ledger.put('a', 'reply', 10);
    expect(await ledger.claim('a', 10)).toBe(false);
    now += 11_000;
    expect(await ledger.get('a')).toBeUndefined();
    expect(await ledger.claim('a', 10)).toBe(true);
    await ledger.close();
  });

  it('keeps a reply through WeChat’s retries only, and the message id claimed for its whole TTL', async () => {
    let now = 1_000_000;
    const ledger = new MemoryReplyLedger(100, () => now);
    expect(await ledger.claim('a', 300)).toBe(true);
    await ledger.put('a', 'reply', 300);
    now += 59_000;
    expect(await ledger.get('a')).toBe('reply');
    now += 2_000;
    expect(await ledger.get('a')).toBeUndefined();
    now += 200_000;
    expect(await ledger.claim('a', 300)).toBe(false);
    await ledger.close();
  });

  it('drops the oldest ids beyond its size', async () => {
    const ledger = new MemoryReplyLedger(3);
    for (const k of ['a', 'b', 'c', 'd']) await ledger.claim(k, 60);
    expect(await ledger.claim('a', 60)).toBe(true);
    expect(await ledger.claim('d', 60)).toBe(false);
    await ledger.close();
  });
});

const redisUrl = process.env.REDIS_URL;
describe.runIf(redisUrl)('redis (REDIS_URL)', () => {
  contract('redis', () => new RedisReplyLedger({ url: redisUrl!, prefix: TEST_REDIS_PREFIX }), (l) => (l as RedisReplyLedger).ready());

  it('is shared by two instances, as WeChat may retry on the other one', async () => {
    const a = new RedisReplyLedger({ url: redisUrl!, prefix: TEST_REDIS_PREFIX });
    const b = new RedisReplyLedger({ url: redisUrl!, prefix: TEST_REDIS_PREFIX });
    const key = `shared-${Date.now()}`;
    try {
      await Promise.all([a.ready(), b.ready()]);
      expect(await a.claim(key, 60)).toBe(true);
      expect(await b.claim(key, 60)).toBe(false);
      await a.put(key, '答', 60);
      expect(await b.get(key)).toBe('答');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('rides on the app’s own Redis connection (the sessions’), which the app closes once at shutdown', async () => {
    const app = await realApp({ REDIS_URL: redisUrl! });
    const shared = app.redis!;
    const key = `app-${Date.now()}`;
    expect(await app.ledger.claim(key, 60)).toBe(true);
    // the claim is a key of this deployment's prefix, on the connection the sessions use
    expect(await shared.exists(`${TEST_REDIS_PREFIX}seen:${key}`)).toBe(1);
    // closing the ledger alone leaves the sessions' connection to its owner
    await app.ledger.close();
    expect(shared.status).toBe('ready');
    expect((await app.assistant.handle({ channel: 'api', sessionId: `ledger-${key}`, text: '你好' })).turn).toBe(1);
    await app.close();
    expect(shared.status).toBe('end');
    await expect(app.ledger.claim(`${key}-after`, 60)).rejects.toThrow();
  });

  it('keeps two deployments (or test runs) on one Redis apart by their key prefix', async () => {
    const a = new RedisReplyLedger({ url: redisUrl!, prefix: `${TEST_REDIS_PREFIX}a:` });
    const b = new RedisReplyLedger({ url: redisUrl!, prefix: `${TEST_REDIS_PREFIX}b:` });
    const key = `apart-${Date.now()}`;
    try {
      await Promise.all([a.ready(), b.ready()]);
      expect(await a.claim(key, 60)).toBe(true);
      expect(await b.claim(key, 60)).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('opens and closes a connection of its own only when given an address', async () => {
    const own = new RedisReplyLedger({ url: redisUrl!, prefix: TEST_REDIS_PREFIX });
    await own.ready();
    await own.close();
    await expect(own.claim(`own-${Date.now()}`, 60)).rejects.toThrow();
  });
});
