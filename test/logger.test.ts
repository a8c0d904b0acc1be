import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, logAccess, maskPersonalData, serverLogDestination } from '../src/logger.js';

describe('personal data in logs', () => {
  it('masks ID numbers and mobile numbers in text', () => {
    expect(maskPersonalData('身份证370702199001011234，电话13812345678')).toBe('身份证370702********1234，电话138****5678');
    expect(maskPersonalData('11010519491231002X')).toBe('110105********002X');
  });

  it('leaves hotline numbers and amounts alone', () => {
    expect(maskPersonalData('0536-8102788 费用10000元')).toBe('0536-8102788 费用10000元');
  });

  it('masks them in structured log lines', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger('info', sink);
    log.info({ text: '我的手机13912345678' }, '用户 370702199001011234 来电');
    expect(lines.join('')).not.toMatch(/13912345678|199001011234/);
    expect(lines.join('')).toContain('139****5678');
  });

  it('masks them at any depth, and leaves the caller’s object as it was', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger('info', sink);
    const entry = { turn: { said: ['好的', '电话13912345678'] }, status: 200 };
    log.info(entry, 'turn');
    expect(lines.join('')).not.toContain('13912345678');
    expect(lines.join('')).toContain('139****5678');
    expect(entry.turn.said[1]).toBe('电话13912345678');
  });
});

describe('the access line', () => {
  // The line without its time, which differs between two calls.
  const untimed = (line: string) => line.replace(/"time":\d+/, '"time":0');

  it('is the line pino writes for the same entry, masked the same way, whatever the path holds', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => lines.push(line) });
    const paths = ['/api/chat', '/wechat', '/nope/13812345678', '/a"b\\c', '/tab\there\u0001', '/路径/é', '/😀', '/filing/:token', `/${'长'.repeat(60)}`];
    for (const path of paths) {
      for (const entry of [{ method: 'POST', path, status: 200, ms: 0.4 }, { method: 'GET', path, status: 404, ms: 12 }]) {
        logAccess(log, 'info', entry);
        log.info(entry, 'request');
        const [ours, pinos] = lines.splice(0);
        expect(untimed(ours!)).toBe(untimed(pinos!));
        expect(() => JSON.parse(ours!)).not.toThrow();
      }
    }
    // A lone surrogate (not something Node's HTTP parser yields) is escaped, as JSON.stringify does;
    // pino writes it raw, which the UTF-8 stream then turns into U+FFFD.
    logAccess(log, 'info', { method: 'GET', path: '/lone\ud800', status: 404, ms: 1 });
    expect((JSON.parse(lines.pop()!) as { path: string }).path).toBe('/lone\ud800');
    logAccess(log, 'info', { method: 'GET', path: '/x/13812345678', status: 404, ms: 1 });
    expect(lines.join('')).toContain('138****5678');
    expect(lines.join('')).not.toContain('13812345678');
  });

  it('follows the logger’s level, and goes through pino for a logger it did not make', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => lines.push(line) });
    logAccess(log, 'debug', { method: 'GET', path: '/healthz', status: 200, ms: 0.1 });
    expect(lines).toEqual([]);
    log.level = 'debug';
    logAccess(log, 'debug', { method: 'GET', path: '/healthz', status: 200, ms: 0.1 });
    expect(JSON.parse(lines.pop()!)).toMatchObject({ level: 20, path: '/healthz', msg: 'request' });
    const child = log.child({ worker: 2 });
    logAccess(child, 'info', { method: 'POST', path: '/api/chat', status: 200, ms: 1.5 });
    expect(JSON.parse(lines.pop()!)).toMatchObject({ level: 30, worker: 2, method: 'POST', path: '/api/chat', status: 200, ms: 1.5, msg: 'request' });
  });
});

describe('the server’s buffered log destination', () => {
  it('writes every line once, in order, in blocks, and what is still waiting on flush', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-dest-')), 'server.log');
    const fd = openSync(file, 'w');
    const destination = serverLogDestination(fd);
    const log = createLogger('info', destination);
    await new Promise((r) => setTimeout(r, 50)); // the file opened
    for (let i = 0; i < 200; i++) log.info({ method: 'POST', path: '/api/chat', status: 200, i }, 'request');
    await new Promise<void>((resolve, reject) => destination.flush((err) => (err ? reject(err) : resolve())));
    const written = readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { i: number }).i);
    closeSync(fd);
    expect(written).toEqual([...Array(200).keys()]);
  });

  it('keeps Chinese lines and lines longer than a block whole, in order, across blocks', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-dest-')), 'server.log');
    const fd = openSync(file, 'w');
    const destination = serverLogDestination(fd);
    const log = createLogger('info', destination);
    await new Promise((r) => setTimeout(r, 50));
    // ~1,300 lines of ~150 bytes in UTF-8 fill several 64 kB blocks; every 100th line is ~90 kB on its own.
    const said = (i: number) => (i % 100 === 7 ? '异地就医备案'.repeat(5000) : `潍坊到北京住院 ${i}`);
    for (let i = 0; i < 1300; i++) log.info({ i, said: said(i) }, 'line');
    await new Promise<void>((resolve, reject) => destination.flush((err) => (err ? reject(err) : resolve())));
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { i: number; said: string });
    closeSync(fd);
    expect(lines.map((l) => l.i)).toEqual([...Array(1300).keys()]);
    expect(lines.every((l) => l.said === said(l.i))).toBe(true);
  });
});
