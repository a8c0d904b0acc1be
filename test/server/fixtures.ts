/** Shared set-up of the HTTP, websocket and browser tests: the real App on a test config. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, publicBaseUrl, type App } from '../../src/app.js';
import type { WebDeps } from '../../src/channels/web/deps.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Assistant } from '../../src/core/assistant.js';
import { createLogger } from '../../src/logger.js';
import { regionByCode } from '../../src/nlu/index.js';
import { createRateLimits } from '../../src/server/rate-limit.js';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'web-test-')),
    FILING_TOKEN_SECRET: 'test-secret-of-at-least-32-characters',
    ...env,
  });
}

export async function realApp(env: Record<string, string> = {}): Promise<App> {
  const config = testConfig(env);
  return createApp(config, createLogger(config.LOG_LEVEL));
}

export function testDeps(app: App): WebDeps {
  return {
    regionByCode,
    baseUrl: publicBaseUrl(app.config),
    limits: createRateLimits(app.config.RATE_LIMIT_PER_MINUTE),
  };
}

/** The same App with another assistant (to make turns fail, or slow). */
export function withAssistant(app: App, assistant: Partial<Pick<Assistant, 'handle' | 'reset'>>): App {
  return { ...app, assistant: { ...app.assistant, ...assistant }, close: async () => undefined };
}

/** Texts that give a stack trace or a file path away. */
export const LEAKS = /\n\s+at |\/work\/|node_modules|\.ts:\d+/;
