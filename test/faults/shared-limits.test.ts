/**
 * Rate limits counted in Redis: two instances sharing one Redis give a session its quota once, not
 * twice (issue #15: with three processes a session got three times its quota).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { webDeps } from '../../src/server/compose.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { realApp } from '../server/fixtures.js';

describe.runIf(process.env.REDIS_URL)('rate limits shared through Redis', () => {
  const apps: App[] = [];
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('a session alternating between two instances gets its quota once', async () => {
    for (let i = 0; i < 2; i++) {
      const app = await realApp({ REDIS_URL: process.env.REDIS_URL!, RATE_LIMIT_PER_MINUTE: '4' });
      apps.push(app);
      servers.push(await startServer(app, webDeps(app), { port: 0, host: '127.0.0.1', graceMs: 1000 }));
    }
    // A client address of its own (the server trusts X-Forwarded-For from loopback, as behind
    // nginx), so earlier runs against the same Redis do not count.
    const ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
    const session = `rl-${randomUUID()}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${servers[i % 2]!.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ session, text: '你好' }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
