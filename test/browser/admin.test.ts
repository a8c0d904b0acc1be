/**
 * The operators' pages in headless Chromium (Debian's `chromium` via playwright-core) against the
 * real assistant: sign-in, the inbox's assign button, the dashboard's charts drawn with data, and
 * axe-core finding no accessibility violation on any of them. Screenshots go to SCREENSHOT_DIR.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { PASSWORD, PASSWORD_HASH } from '../records/admin-support.js';
import { freePort, realApp, testDeps } from '../server/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = process.env.SCREENSHOT_DIR ?? tmpdir();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const UNKNOWN = '长护险异地怎么办';

interface AxeViolation { id: string; impact: string; nodes: Array<{ target: string[] }> }

async function axeViolations(page: Page): Promise<string[]> {
  // The pages' CSP allows no inline script: axe goes in through the DevTools protocol instead.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[]; passes: unknown[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  // axe really looked: rules passed as well as (hopefully no) rules failed.
  expect(result.passes.length).toBeGreaterThan(5);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('admin pages in headless Chromium', () => {
  let app: App;
  let running: RunningServer;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    app = await realApp({ PORT: String(port), ADMIN_PASSWORD_HASH: PASSWORD_HASH, RATE_LIMIT_PER_MINUTE: '600' });
    running = await startServer(app, testDeps(app), { port, host: '127.0.0.1' });
    base = running.url;
    // Conversations to show: answered, a flow, out of scope twice, a handoff, an agent look-up.
    for (const [session, text] of [
      ['b1', '潍坊参保的退休人员备案要啥材料'], ['b1', '转人工'], ['b2', '报销能报多少，帮我算算'], ['b2', '芮城县'],
      ['b3', UNKNOWN], ['b4', UNKNOWN], ['b5', '我叫张三，备案有效期多久'],
    ]) await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session, text }) });
    await fetch(`${base}/api/answer?q=${encodeURIComponent('芮城县报销比例')}`);
    await app.records!.recorder.flush();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  async function signedIn(): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/signin');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('您的姓名或工号').fill('周编辑');
    await page.getByLabel('密码或操作令牌').fill('wrong password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('密码或令牌不正确');
    // From here on any script error or CSP violation fails the test (the 401 above was meant).
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await page.getByLabel('您的姓名或工号').fill('周编辑');
    await page.getByLabel('密码或操作令牌').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/admin`);
    return page;
  }

  it('signs in and draws the dashboard’s charts from the records, accessibly', async () => {
    const page = await signedIn();
    await expect.poll(() => page.evaluate(() => document.body.dataset.charts), { timeout: 10_000 }).toBe('6');
    expect(Number(await page.locator('#fig-turns').textContent())).toBeGreaterThanOrEqual(8);
    // Charts drew data: the per-day bars and the kinds' doughnut have non-blank pixels and values.
    const drawn = await page.evaluate(() => {
      const charts = (globalThis as unknown as { Chart: { getChart(c: HTMLCanvasElement): { data: { datasets: Array<{ data: number[] }> } } } }).Chart;
      return [...document.querySelectorAll('canvas')].map((c) => charts.getChart(c)!.data.datasets.flatMap((d) => d.data).reduce((s, n) => s + n, 0));
    });
    expect(drawn.every((sum) => sum > 0)).toBe(true);
    expect(await page.locator('.misunderstood').textContent()).toContain(UNKNOWN);
    await page.screenshot({ path: join(SHOTS, 'admin-dashboard.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('assigns an inbox group to an intent, and the assistant answers that question from then on', async () => {
    const page = await signedIn();
    await page.getByRole('link', { name: '待处理问题' }).click();
    const group = page.locator('article.group', { has: page.getByRole('heading', { name: UNKNOWN }) });
    await expect.poll(() => group.locator('.meta').textContent()).toContain('共 2 次');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'admin-inbox.png'), fullPage: true });
    await group.getByLabel('归入的问题类别').selectOption('process');
    await group.getByRole('button', { name: '归入并学习' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain('已学习 1 句问法');
    expect(await page.getByRole('heading', { name: UNKNOWN }).count()).toBe(0);
    const res = await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session: 'after', text: UNKNOWN }) });
    expect((await res.json() as { intent: string }).intent).toBe('process');
    await page.getByRole('link', { name: '操作记录' }).click();
    expect(await page.locator('table.audit tbody tr').first().textContent()).toContain('inbox_assign');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
