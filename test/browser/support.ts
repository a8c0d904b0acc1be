/**
 * What the browser suites share: Debian's Chromium through playwright-core, the real assistant
 * on a free port, and axe-core's checks injected into a page.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { freePort, realApp, testDeps } from '../server/fixtures.js';

export const CHROMIUM = '/usr/bin/chromium';
/** CI installs Chromium (.ci/run) and never skips; elsewhere the suites skip without it. */
export const NO_BROWSER = !existsSync(CHROMIUM) && !process.env.CI;
export const SHOTS = process.env.SCREENSHOT_DIR ?? tmpdir();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Served {
  app: App;
  running: RunningServer;
  browser: Browser;
  base: string;
}

/** The real assistant with these settings on a free port, and a headless Chromium to visit it. */
export async function serveWithBrowser(env: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const app = await realApp({ PORT: String(port), ...env });
  const running = await startServer(app, testDeps(app), { port, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  mkdirSync(SHOTS, { recursive: true });
  return { app, running, browser, base: running.url };
}

export async function closeServed(served: Served | undefined): Promise<void> {
  await served?.browser.close();
  await served?.running.close();
}

interface AxeResult {
  violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
  passes: unknown[];
}

/**
 * axe-core's violations on the page, one line each. The pages' CSP allows no inline script: axe
 * goes in through the DevTools protocol. `targetSize` switches on WCAG 2.2's 24 px rule, off by
 * default in axe.
 */
export async function axeViolations(page: Page, opts: { targetSize?: boolean } = {}): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (targetSize) => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResult> } }).axe;
    return axe.run(document, { resultTypes: ['violations'], ...(targetSize ? { rules: { 'target-size': { enabled: true } } } : {}) });
  }, opts.targetSize === true);
  // axe really looked: rules passed as well as (hopefully no) rules failed.
  expect(result.passes.length).toBeGreaterThan(5);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
