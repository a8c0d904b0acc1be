/** Shared set-up of the HTTP, websocket and browser tests: the real App on a test config. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import type { WebDeps } from '../../src/channels/web/deps.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Assistant } from '../../src/core/assistant.js';
import { createLogger } from '../../src/logger.js';
import { createHttpApp } from '../../src/server/http.js';
import { webDeps } from '../../src/server/compose.js';
import type { Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';

/**
 * This test file's Redis key prefix: test files (and other engineers' runs) share the Redis at
 * 127.0.0.1:6379, and with one prefix they counted each other's requests against one rate limit and
 * could read each other's sessions. Made once per file (vitest loads the module anew for each), so
 * the instances one file starts (three behind nginx, two sharing a sign-in limit) still share theirs.
 */
export const TEST_REDIS_PREFIX = `test-${process.pid}-${randomBytes(4).toString('hex')}:`;

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    LOG_LEVEL: 'silent',
    REDIS_KEY_PREFIX: TEST_REDIS_PREFIX,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'web-test-')),
    FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters',
    ...env,
  });
}

export async function realApp(env: Record<string, string> = {}, logger?: Logger): Promise<App> {
  const config = testConfig(env);
  return createApp(config, logger ?? createLogger(config.LOG_LEVEL));
}

/** A port nobody listens on right now, for a server a test starts. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** The real App behind the HTTP app for one test file, started before its tests and closed after. */
export function useRealHttp(env: Record<string, string> = { PORT: '3999' }): { app: App; http: ReturnType<typeof createHttpApp> } {
  const real = {} as { app: App; http: ReturnType<typeof createHttpApp> };
  beforeAll(async () => {
    real.app = await realApp(env);
    real.http = createHttpApp(real.app, testDeps(real.app));
  });
  afterAll(async () => {
    await real.app.close();
  });
  return real;
}

/** The web channel's deps as the composition root builds them (src/server/compose.ts). */
export function testDeps(app: App): WebDeps {
  return webDeps(app);
}

/** The same App with another assistant (to make turns fail, or slow). */
export function withAssistant(app: App, assistant: Partial<Pick<Assistant, 'handle' | 'reset'>>): App {
  return { ...app, assistant: { ...app.assistant, ...assistant }, close: async () => undefined };
}

/** Texts that give a stack trace or a file path away. */
export const LEAKS = /\n\s+at |\/work\/|node_modules|\.ts:\d+/;

/** A private redis-server on `port` (no persistence), resolved once it accepts connections. */
export function startRedis(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
    p.on('error', reject);
    p.stdout!.on('data', (d: Buffer) => {
      if (/Ready to accept connections/.test(d.toString())) resolve(p);
    });
  });
}
