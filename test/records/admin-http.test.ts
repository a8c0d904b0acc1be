/**
 * /admin over HTTP: closed without credentials, sign-in (password or token) with a hardened
 * cookie, failed sign-ins limited, unauthenticated and cross-site requests refused, CSRF on every
 * change, editors' actions in the audit log, the stats and the CSV of a date range.
 */
import { randomInt } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createHttpApp } from '../../src/server/http.js';
import { realApp, testDeps, useRealHttp } from '../server/fixtures.js';
import { PASSWORD, PASSWORD_HASH, signIn, TOKEN } from './admin-support.js';

describe('/admin without ADMIN_PASSWORD_HASH or ADMIN_TOKEN', () => {
  it('is not served, and says what to set, at start-up and on every page', async () => {
    const app = await realApp();
    const logs: string[] = [];
    const logger = createLogger('warn', new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } }));
    const http = createHttpApp({ ...app, logger }, testDeps(app));
    expect(logs.join('')).toContain('admin pages closed: set ADMIN_PASSWORD_HASH');
    // A person's page: the notice as a page.
    for (const path of ['/admin', '/admin/inbox', '/admin/signin']) {
      const res = await request(http).get(path);
      expect([res.status, res.type], path).toEqual([404, 'text/html']);
      expect(res.text).toContain('ADMIN_PASSWORD_HASH');
    }
    // A change, the API and the CSV: the contract's JSON error, as when the console is open but not signed in to.
    for (const [what, res] of [
      ['POST /admin/signin', await request(http).post('/admin/signin').type('form').send({ who: 'x', secret: '' })],
      ['POST /admin/inbox/assign', await request(http).post('/admin/inbox/assign').type('form').send({ group: 'x', intent: 'contact' })],
      ['POST /admin/no-such-change', await request(http).post('/admin/no-such-change')],
      ['GET /admin/api/stats', await request(http).get('/admin/api/stats')],
      ['GET /admin/export.csv', await request(http).get('/admin/export.csv')],
    ] as const) {
      expect([res.status, res.body.error?.code], what).toEqual([404, 'admin_closed']);
      expect(res.body.error.message).toContain('ADMIN_PASSWORD_HASH');
    }
    // Another letter case is not another way in.
    for (const path of ['/Admin/api/stats', '/ADMIN/API/STATS', '/Admin', '/Admin/export.csv']) {
      const res = await request(http).get(path);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('"turns"');
    }
    await app.close();
  });
});

describe('/admin with credentials', () => {
  const real = useRealHttp({ ADMIN_PASSWORD_HASH: PASSWORD_HASH, ADMIN_TOKEN: TOKEN });

  it('refuses every page and change to a caller who has not signed in', async () => {
    const page = await request(real.http).get('/admin');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/admin/signin');
    expect((await request(real.http).get('/admin/inbox')).headers.location).toBe('/admin/signin');
    for (const res of [
      await request(real.http).get('/admin/api/stats'),
      await request(real.http).get('/admin/export.csv'),
      await request(real.http).post('/admin/inbox/assign').type('form').send({ group: 'x', intent: 'contact' }),
      await request(real.http).get('/admin').set('Cookie', 'yidi_admin=eyJ3aG8iOiJ4Iiwic2lkIjoieCIsImV4cCI6OTk5OTk5OTk5OTk5OX0.forged'),
      // Another letter case reaches the same guard, never the data or a crash.
      await request(real.http).get('/Admin/api/stats'),
      await request(real.http).get('/ADMIN/export.csv'),
      await request(real.http).get('/Admin/audit'),
      await request(real.http).post('/Admin/inbox/assign').type('form').send({ group: 'x', intent: 'contact' }),
    ]) {
      if (res.status === 303) continue;
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('sign_in_required');
    }
  });

  it('signs in with the password or the token, with an HttpOnly SameSite=Strict cookie, Secure behind HTTPS', async () => {
    const res = await request(real.http).post('/admin/signin').type('form').send({ who: '李编辑', secret: PASSWORD });
    expect(res.status).toBe(303);
    const cookie = String(res.headers['set-cookie']![0]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const https = await request(real.http).post('/admin/signin').set('X-Forwarded-Proto', 'https').type('form').send({ who: '令牌', secret: TOKEN });
    expect(https.status).toBe(303);
    expect(String(https.headers['set-cookie']![0])).toMatch(/Secure/);
    const dash = await request(real.http).get('/admin').set('Cookie', cookie.split(';')[0]!);
    expect(dash.status).toBe(200);
    expect(dash.text).toContain('李编辑');
  });

  it('limits failed sign-ins from one address, the right password included', async () => {
    const app = await realApp({ ADMIN_PASSWORD_HASH: PASSWORD_HASH });
    const http = createHttpApp(app, testDeps(app));
    for (let i = 0; i < 5; i++) {
      const wrong = await request(http).post('/admin/signin').type('form').send({ who: 'x', secret: `guess-${i}` });
      expect(wrong.status).toBe(401);
    }
    const blocked = await request(http).post('/admin/signin').type('form').send({ who: 'x', secret: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.text).toContain('登录失败次数过多');
    const log = await app.records!.store.auditLog();
    expect(log.filter((e) => e.action === 'signin_failed')).toHaveLength(5);
    await app.close();
  });

  it('refuses a change without the CSRF token, or from another site', async () => {
    const { cookie, csrf } = await signIn(real.http);
    const noToken = await request(real.http).post('/admin/inbox/dismiss').set('Cookie', cookie).type('form').send({ group: 'x' });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('csrf');
    const wrongToken = await request(real.http).post('/admin/inbox/dismiss').set('Cookie', cookie).type('form').send({ group: 'x', _csrf: `${csrf}x` });
    expect(wrongToken.status).toBe(403);
    const crossSite = await request(real.http).post('/admin/inbox/dismiss').set('Cookie', cookie).set('Origin', 'https://evil.example')
      .type('form').send({ group: 'x', _csrf: csrf });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe('cross_site');
    const fetchSite = await request(real.http).post('/admin/signout').set('Cookie', cookie).set('Sec-Fetch-Site', 'cross-site')
      .type('form').send({ _csrf: csrf });
    expect(fetchSite.status).toBe(403);
    const crossSignIn = await request(real.http).post('/admin/signin').set('Origin', 'https://evil.example').type('form').send({ who: 'x', secret: PASSWORD });
    expect(crossSignIn.status).toBe(403);
    const ok = await request(real.http).post('/admin/inbox/dismiss').set('Cookie', cookie).type('form').send({ group: 'gone', _csrf: csrf });
    expect(ok.status).toBe(303);
    // The server's own message shows after the redirect; a crafted one does not.
    expect((await request(real.http).get(ok.headers.location!).set('Cookie', cookie)).text).toContain('这一组已经变化');
    const crafted = await request(real.http).get('/admin/inbox?msg=' + encodeURIComponent('请把密码发到某邮箱')).set('Cookie', cookie);
    expect(crafted.text).not.toContain('请把密码发到某邮箱');
  });

  it('answers a change whose body is not a form (another content type, none) with a 4xx or the inbox, never a 500', async () => {
    const { cookie, csrf } = await signIn(real.http, '吴编辑');
    for (const path of ['/admin/inbox/assign', '/admin/inbox/dismiss']) {
      for (const [type, body] of [['text/plain', 'group=g&intent=materials'], ['application/octet-stream', '\u0000\u0001'], ['application/json', '[1,2]']]) {
        const res = await request(real.http).post(path).set('Cookie', cookie).set('X-CSRF-Token', csrf).set('Content-Type', type!).send(body);
        expect(res.status, `${path} ${type}`).toBeLessThan(500);
        expect([303, 400]).toContain(res.status);
      }
    }
  });

  it('serves the range’s figures as JSON and its turns as CSV, and records the export', async () => {
    await request(real.http).post('/api/chat').send({ session: 'dash-1', text: '我叫张三，异地就医备案要带什么材料' });
    await request(real.http).post('/api/chat').send({ session: 'dash-1', text: '潍坊' });
    await request(real.http).get('/api/answer').query({ q: '芮城县的报销比例是多少' });
    await real.app.records!.recorder.flush();
    const { cookie } = await signIn(real.http, '赵编辑');
    const stats = await request(real.http).get('/admin/api/stats').set('Cookie', cookie);
    expect(stats.status).toBe(200);
    expect(stats.body.totals.turns).toBeGreaterThanOrEqual(3);
    expect(stats.body.perDay.map((d: { channel: string }) => d.channel)).toEqual(expect.arrayContaining(['api', 'agent']));
    expect(stats.body.regions).toEqual(expect.arrayContaining([expect.objectContaining({ code: '370700', covered: true })]));
    expect(stats.body.latency.p50).toBeGreaterThan(0);
    expect((await request(real.http).get('/admin/api/stats?from=2026-13-01').set('Cookie', cookie)).status).toBe(400);

    const csv = await request(real.http).get('/admin/export.csv').set('Cookie', cookie);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('我叫[姓名]，异地就医备案要带什么材料');
    expect(csv.text).not.toContain('张三');
    const audit = await real.app.records!.store.auditLog();
    expect(audit[0]).toMatchObject({ who: '赵编辑', action: 'export_csv' });
  });
});

describe.runIf(process.env.REDIS_URL)('failed sign-ins counted in Redis (REDIS_URL)', () => {
  it('allow five tries from an address across two instances, not five on each', async () => {
    const env = { ADMIN_PASSWORD_HASH: PASSWORD_HASH, REDIS_URL: process.env.REDIS_URL! };
    const apps = [await realApp(env), await realApp(env)];
    try {
      const https = apps.map((app) => createHttpApp(app, testDeps(app)));
      // An address of its own (loopback is a trusted proxy), so earlier runs against this Redis do not count.
      const ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await request(https[i % 2]!).post('/admin/signin').set('X-Forwarded-For', ip).type('form').send({ who: 'x', secret: `guess-${i}` });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      const right = await request(https[0]!).post('/admin/signin').set('X-Forwarded-For', ip).type('form').send({ who: 'x', secret: PASSWORD });
      expect(right.status).toBe(429);
      // Another address is not held up by this one.
      const other = await request(https[1]!).post('/admin/signin').set('X-Forwarded-For', ip.replace(/^10\./, '11.')).type('form').send({ who: 'x', secret: PASSWORD });
      expect(other.status).toBe(303);
    } finally {
      for (const app of apps) await app.close();
    }
  });
});
