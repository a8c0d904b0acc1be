/**
 * The shape the README gives for more than one machine: N stateless instances behind a load
 * balancer, conversations in Redis. Three instances behind Debian's nginx (round robin, run as an
 * unprivileged foreground process with a config in a temp dir, listening on 127.0.0.1 only): a
 * filing conversation whose every turn lands on another instance ends exactly as the same
 * conversation held with one instance, and its filing form opens through the balancer.
 * CI installs nginx (.ci/run); elsewhere the test runs where nginx and Redis are there.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TurnOutput } from '../../src/core/message.js';
import { webDeps } from '../../src/server/compose.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { freePort, realApp } from '../server/fixtures.js';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p))
  ?? (spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim() || undefined);
const NOBODY = 65534;

const TURNS = ['我想办理异地就医备案', '潍坊', '异地长期居住人员', '北京', '12月1号', '职工医保', '确认'];

function nginxConfig(dir: string, port: number, upstreams: number[]): string {
  return `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  # The agent aid's longest question is 18 kB percent-encoded (the server reads 32 kB of headers).
  large_client_header_buffers 4 32k;
  upstream assistant {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join('\n')}
    keepalive 16;
  }
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://assistant;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
}

/** Replies without what legitimately differs between two runs: the filing link's token (its expiry). */
const comparable = (out: TurnOutput) => ({
  ...out,
  session: undefined,
  replies: out.replies.map((r) => ('url' in r ? { ...r, url: r.url.replace(/\/filing\/[^/?#]+/, '/filing/<token>') } : r)),
});

describe.runIf(process.env.REDIS_URL && (NGINX || process.env.CI))('three instances behind nginx', () => {
  const servers: RunningServer[] = [];
  let nginx: ChildProcess | undefined;
  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const gone = new Promise((r) => nginx!.once('exit', r));
      nginx.kill('SIGQUIT');
      await gone;
    }
    for (const s of servers) await s.close();
  });

  it('a conversation spread over the three stays exact', async () => {
    expect(NGINX, 'nginx is not installed (.ci/run installs it)').toBeDefined();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const served: number[] = [];
    for (let i = 0; i < 3; i++) {
      const app = await realApp({ REDIS_URL: process.env.REDIS_URL!, RATE_LIMIT_PER_MINUTE: '10000', PUBLIC_BASE_URL: base });
      const running = await startServer(app, webDeps(app), { port: 0, host: '127.0.0.1', graceMs: 1000 });
      running.server.on('request', (req) => {
        if (req.url === '/api/chat') served.push(i);
      });
      servers.push(running);
    }

    const dir = mkdtempSync(join(tmpdir(), 'nginx-'));
    for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, port, servers.map((s) => Number(new URL(s.url).port))));
    const asRoot = process.getuid?.() === 0;
    if (asRoot) for (const d of ['', 'body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) chownSync(join(dir, d), NOBODY, NOBODY);
    let stderr = '';
    nginx = spawn(NGINX!, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    nginx.stderr!.on('data', (d) => { stderr += d; });
    const end = Date.now() + 10_000;
    for (;;) {
      const up = await fetch(`${base}/livez`).then((r) => r.ok, () => false);
      if (up) break;
      if (Date.now() > end || nginx.exitCode !== null) throw new Error(`nginx did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const say = async (url: string, session: string, text: string): Promise<TurnOutput> => {
      const res = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session, text }) });
      expect(res.status).toBe(200);
      return (await res.json()) as TurnOutput;
    };
    const spread: TurnOutput[] = [];
    const spreadSession = `nginx-${randomUUID()}`;
    for (const text of TURNS) spread.push(await say(base, spreadSession, text));
    const balanced = served.splice(0);

    const single: TurnOutput[] = [];
    const singleSession = `single-${randomUUID()}`;
    for (const text of TURNS) single.push(await say(servers[0]!.url, singleSession, text));

    // Every turn went to another instance than the one before it, and all three served.
    expect(balanced).toHaveLength(TURNS.length);
    expect(new Set(balanced).size).toBe(3);
    for (let i = 1; i < balanced.length; i++) expect(balanced[i]).not.toBe(balanced[i - 1]);
    expect(spread.map(comparable)).toEqual(single.map(comparable));
    expect(spread.at(-1)!.flow).toBeNull();

    // The filing form, signed by one instance, opens through the balancer on whichever serves it.
    const link = spread.at(-1)!.replies.find((r) => r.type === 'link') as { url: string } | undefined;
    expect(link?.url.startsWith(`${base}/filing/`)).toBe(true);
    const form = await fetch(link!.url);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('潍坊市');

    // The longest question passes the balancer by GET too.
    const q = '潍坊参保的退休人员备案需要什么材料'.repeat(120).slice(0, 2000);
    expect((await fetch(`${base}/api/answer?q=${encodeURIComponent(q)}`)).status).toBe(200);
  }, 120_000);
});
