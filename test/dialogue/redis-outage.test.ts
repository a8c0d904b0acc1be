/**
 * Redis goes away mid-conversation: the assistant keeps answering single questions, says it
 * cannot remember the conversation, and picks the thread up again when Redis is back.
 * Runs a private redis-server on a free port (CI has redis-server; REDIS_URL marks such a machine).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { RedisSessionStore } from '../../src/dialogue/store/redis.js';
import { createLogger } from '../../src/logger.js';
import { startRedis } from '../server/fixtures.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const stop = (p: ChildProcess) => new Promise<void>((r) => { p.once('exit', () => r()); p.kill('SIGKILL'); });

describe.runIf(process.env.REDIS_URL)('a Redis outage mid-conversation', () => {
  let app: App | undefined;
  let redis: ChildProcess | undefined;
  afterAll(async () => {
    await app?.close();
    if (redis && redis.exitCode === null) await stop(redis);
  });

  it('answers without memory while Redis is down and recovers when it is back', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    const store = new RedisSessionStore({ url: `redis://127.0.0.1:${port}`, ttlSeconds: 600 });
    await store.ready();
    app = await createApp(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'outage-')) }), createLogger('silent'), { store });
    const say = (text: string) => app!.assistant.handle({ channel: 'test', sessionId: 'u1', text });

    const first = await say('我是潍坊参保的');
    expect(first.replies.length).toBeGreaterThan(0);

    await stop(redis);
    const during = await say('芮城县职工医保三类医疗机构花了一万能报多少');
    const text = during.replies.map((r) => ('text' in r ? r.text : '')).join('\n');
    expect(text).toContain('暂时无法记住对话内容');
    expect(text).toContain('8,820元');

    redis = await startRedis(port);
    await store.ready(5000).catch(() => undefined);
    let after = await say('备案要什么材料');
    for (let i = 0; i < 20 && after.replies.some((r) => r.type === 'text' && r.text.includes('暂时无法记住')); i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await say('备案要什么材料');
    }
    expect(after.replies.some((r) => r.type === 'text' && r.text.includes('暂时无法记住'))).toBe(false);
  }, 30_000);
});
