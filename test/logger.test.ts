import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, maskPersonalData, serverLogDestination } from '../src/logger.js';

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
});
