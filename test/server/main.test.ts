/** `npm start` (src/main.ts) as a process: embedded defaults, a bad setting, SIGTERM. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import WebSocket from 'ws';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './fixtures.js';
import { dataDirWithModel, ensureRunModel } from './model.js';

const ROOT = join(import.meta.dirname, '..', '..');


function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    // the run's trained model in a DATA_DIR of its own: a start reads it, as a restart does
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDirWithModel('main-test-'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (c) => { stderr += c; });
  child.stdout.on('data', (c) => { stdout += c; });
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  const waitFor = async (pattern: RegExp, ms = 30_000) => {
    const until = Date.now() + ms;
    while (!pattern.test(stderr)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`no ${pattern} in: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, exited, waitFor, output: () => ({ stderr, stdout }) };
}

describe('npm start', () => {
  beforeAll(() => ensureRunModel(), 180_000);

  it('serves, logs JSON, and on SIGTERM closes the websockets and exits 0', async () => {
    const port = await freePort();
    const proc = start({ PORT: String(port) });
    await proc.waitFor(/assistant listening/);
    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    await once(ws, 'open');
    const closed = once(ws, 'close') as Promise<[number]>;
    proc.child.kill('SIGTERM');
    const [code] = await closed;
    expect(code).toBe(1001);
    const [exitCode] = await proc.exited;
    expect(exitCode).toBe(0);
    const lines = proc.output().stderr.trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['assistant listening', 'stopped']));
    // After the JSON line, plain lines for the operator: the addresses and the settings still to make.
    const said = proc.output().stdout;
    for (const address of [`${base}/`, `${base}/agent`, `${base}/api/chat`, `${base}/wechat`]) expect(said).toContain(address);
    expect(said).toMatch(/PUBLIC_BASE_URL 未设置：二维码和备案表链接指向 http:\/\/127\.0\.0\.1/);
    expect(said).toMatch(/WECHAT_TOKEN 未设置：\/wechat 一律返回 503/);
  }, 60_000);

  it('stops with a message naming a bad setting', async () => {
    const proc = start({ PORT: 'eighty' });
    const [exitCode] = await proc.exited;
    expect(exitCode).toBe(2);
    expect(proc.output().stderr).toMatch(/PORT/);
  }, 30_000);
});
