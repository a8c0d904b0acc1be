/**
 * An inbox assignment is trained on in a worker thread: the running server keeps answering with the
 * model it has while the new one trains (before, the training held the event loop for 1.5–2 s, at
 * the same moment on every instance), and swaps the new one in when it is ready. The learned model
 * is cached, so a restart with the same decisions reads it instead of training. A training that
 * fails leaves the model answering as it was, and the next sync tries again.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { Training } from '../../src/records/learning.js';
import { createHttpApp } from '../../src/server/http.js';
import { testDeps } from '../server/fixtures.js';

const UNKNOWN = '长护险异地咋整';

describe('learning an assignment', () => {
  const apps: App[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('answers with the model it has while the new one trains in a thread, then with the new one; a restart reads the learned model from its cache', async () => {
    const env = { LOG_LEVEL: 'info', FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters', RECORDS_SYNC_SECONDS: '3600', DATA_DIR: mkdtempSync(join(tmpdir(), 'learning-test-')) };
    const logs: string[] = [];
    const sink = () => new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
    const one = await createApp(loadConfig(env), createLogger('info', sink()));
    apps.push(one);
    const http = createHttpApp(one, testDeps(one));
    const intentOf = async (session: string) => (await request(http).post('/api/chat').send({ session, text: UNKNOWN })).body.intent as string;
    expect(await intentOf('before')).toBe('out_of_scope');

    await one.records!.store.decide({ key: UNKNOWN, text: UNKNOWN, decision: 'assigned', intent: 'process', editor: '孙编辑', at: new Date().toISOString() });
    let swapped = false;
    const learning = one.records!.sync.poll().then((n) => {
      swapped = true;
      return n;
    });
    // While it trains, turns are answered — by the model before. (Trained on the event loop, this
    // turn could only have run after the training, and answered `process`.)
    expect(await intentOf('during')).toBe('out_of_scope');
    expect(swapped).toBe(false);
    expect(await learning).toBe(1);
    expect(await intentOf('after')).toBe('process');
    expect(logs.join('')).toMatch(/"model":"trained".*learned model swapped in/);
    expect(readdirSync(join(env.DATA_DIR, 'learned')).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    // The content's own model stays where it was.
    expect(readdirSync(env.DATA_DIR).filter((f) => f.startsWith('nlu-model-'))).toHaveLength(1);

    logs.length = 0;
    const two = await createApp(loadConfig(env), createLogger('info', sink()));
    apps.push(two);
    // Learned before the instance serves, from the cache.
    expect(two.nlu.parse(UNKNOWN).intent).toBe('process');
    expect(logs.join('')).toMatch(/"model":"cached".*learned model swapped in/);
  }, 120_000);

  it('keeps the model it has when a training fails, and trains again at the next sync', async () => {
    const env = { LOG_LEVEL: 'silent', FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters', RECORDS_SYNC_SECONDS: '3600', DATA_DIR: mkdtempSync(join(tmpdir(), 'learning-test-')) };
    const app = await createApp(loadConfig(env), createLogger('silent'));
    apps.push(app);
    const nlu = app.records!.nlu;
    const options = (nlu as unknown as { options: { train?: (job: unknown) => Training } }).options;
    const failing: Training = { result: Promise.reject(new Error('thread out of memory')), stop: async () => undefined };
    failing.result.catch(() => undefined);
    options.train = () => failing;
    await app.records!.store.decide({ key: UNKNOWN, text: UNKNOWN, decision: 'assigned', intent: 'process', editor: '孙编辑', at: new Date().toISOString() });
    expect(await app.records!.sync.poll()).toBe(0);
    expect(nlu.behind).toBe(1);
    expect(nlu.parse(UNKNOWN).intent).toBe('out_of_scope');

    delete options.train;
    await app.records!.sync.poll();
    expect(nlu.behind).toBe(0);
    expect(nlu.parse(UNKNOWN).intent).toBe('process');
    expect(existsSync(join(env.DATA_DIR, 'learned'))).toBe(true);
  }, 120_000);
});
