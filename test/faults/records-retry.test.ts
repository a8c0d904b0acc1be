/**
 * A records database that is not there at start-up (PostgreSQL slow or down under load) no longer
 * leaves the process without records for its whole life. The real server is started against a
 * port that refuses; it answers, says `records` is degraded in /readyz, keeps the turns in its
 * queue and refuses feedback with 503; then a TCP proxy to the real PostgreSQL comes up on that
 * port, and the records open on their own (back-off), the waiting turn is written and the
 * degradation is gone.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { postgresBackend, postgresReachable, PG_URL } from '../records/support.js';
import { freePort, realApp, testDeps } from '../server/fixtures.js';

const pgUp = await postgresReachable();
if (!pgUp && process.env.CI) throw new Error(`PostgreSQL is not reachable at ${PG_URL}; CI runs the records fault test against it`);

/** A TCP proxy to the real PostgreSQL, started and stopped by the test; `stall` holds every byte (a paused server) until `resume`. */
function proxyTo(port: number): Promise<{ close(): Promise<void>; stall(): void; resume(): void }> {
  const sockets = new Set<Socket>();
  const target = new URL(PG_URL);
  let held: Array<() => void> | undefined;
  const forward = (from: Socket, to: Socket) => from.on('data', (chunk) => (held ? held.push(() => to.write(chunk)) : to.write(chunk)));
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => { sockets.delete(s); client.destroy(); upstream.destroy(); });
      s.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({
    close: () => new Promise<void>((done) => {
      for (const s of sockets) s.destroy();
      server.close(() => done());
    }),
    stall: () => { held = []; },
    resume: () => {
      const waiting = held ?? [];
      held = undefined;
      for (const send of waiting) send();
    },
  })));
}

const post = (base: string, path: string, body: unknown) => fetch(`${base}${path}`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(40_000),
});

describe.runIf(pgUp)('records whose database is down at start-up', () => {
  const backend = postgresBackend();
  let app: App | undefined;
  let running: RunningServer | undefined;
  let proxy: Awaited<ReturnType<typeof proxyTo>> | undefined;
  afterAll(async () => {
    await running?.close();
    await proxy?.close();
    await backend.cleanup();
  });

  it('answers without them, reports them degraded, and opens them when PostgreSQL comes up', async () => {
    const env = await backend.env();
    const port = await freePort();
    const url = new URL(env.DATABASE_URL!);
    url.port = String(port);
    app = await realApp({ ...env, DATABASE_URL: url.href, RATE_LIMIT_PER_MINUTE: '1000', ADMIN_TOKEN: 'records-retry-admin-token-0123456789' });
    running = await startServer(app, testDeps(app), { port: 0, host: '127.0.0.1', graceMs: 1000 });
    const base = running.url;
    const readyz = async () => {
      const res = await fetch(`${base}/readyz`);
      return { status: res.status, body: (await res.json()) as { degraded?: string[]; records?: string } };
    };

    // Down: answering, ready, records reported degraded; feedback cannot be kept now.
    expect(await readyz()).toMatchObject({ status: 200, body: { degraded: ['records'], records: 'unavailable' } });
    const turn = await post(base, '/api/chat', { session: 'retry-1', text: '异地就医备案需要什么材料' });
    expect(turn.status).toBe(200);
    expect(((await turn.json()) as { intent: string }).intent).toBe('materials');
    const feedback = await post(base, '/api/feedback', { session: 'retry-1', rating: 'up' });
    expect(feedback.status).toBe(503);
    const admin = await fetch(`${base}/admin/signin`);
    expect(admin.status).toBe(503);
    expect(await admin.text()).toContain('对话记录数据库暂时无法连接');

    // PostgreSQL reachable again on that port: the records open by themselves.
    proxy = await proxyTo(port);
    await expect.poll(async () => (await readyz()).body.records, { timeout: 30_000, interval: 200 }).toBe('open');
    expect((await readyz()).body.degraded).toBeUndefined();
    expect((await fetch(`${base}/admin/signin`)).status).toBe(200);
    // The turn answered while they were down waited in the queue and is written now.
    await app.records!.recorder.flush();
    expect(await app.records!.store.countTurns()).toBe(1);
    const later = await post(base, '/api/feedback', { session: 'retry-1', rating: 'up' });
    expect(later.status).toBe(204);

    // Stalled (connected, nothing answers): turns are answered at once, feedback fails in bounded
    // time (each query gives up after QUERY_TIMEOUT_MS) instead of waiting for as long as it lasts.
    proxy.stall();
    const stalledTurn = await post(base, '/api/chat', { session: 'retry-2', text: '异地就医备案需要什么材料' });
    expect(stalledTurn.status).toBe(200);
    expect((await post(base, '/api/feedback', { session: 'retry-2', rating: 'down' })).status).toBe(503);
    proxy.resume();
    await expect.poll(async () => (await post(base, '/api/feedback', { session: 'retry-2', rating: 'down' })).status, { timeout: 30_000, interval: 500 }).toBe(204);

    // Gone after start (every connection cut, nothing listening): the operators' pages say so with
    // a 503, not the server's 500, and the assistant still answers.
    const signin = await fetch(`${base}/admin/signin`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ who: '运维', secret: 'records-retry-admin-token-0123456789' }),
    });
    expect(signin.status).toBe(303);
    const cookie = signin.headers.getSetCookie()[0]!.split(';')[0]!;
    await proxy.close();
    proxy = undefined;
    const dash = await fetch(`${base}/admin`, { headers: { cookie }, signal: AbortSignal.timeout(40_000) });
    expect(dash.status).toBe(503);
    expect(await dash.text()).toContain('对话记录数据库暂时无法连接');
    const stats = await fetch(`${base}/admin/api/stats`, { headers: { cookie }, signal: AbortSignal.timeout(40_000) });
    expect(stats.status).toBe(503);
    expect(((await stats.json()) as { error: { code: string } }).error.code).toBe('records_unavailable');
    expect((await post(base, '/api/chat', { session: 'retry-3', text: '异地就医备案需要什么材料' })).status).toBe(200);
  }, 120_000);
});
