/**
 * The kiosk and the agent console used like a person would, in headless Chromium (Debian's
 * `chromium`, installed by .ci/run) driven by playwright-core, against the real assistant.
 * Screenshots go to SCREENSHOT_DIR (default: the system's temp folder).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { freePort, realApp, testDeps } from '../server/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const IDLE_SECONDS = 10;
const SHOTS = process.env.SCREENSHOT_DIR ?? tmpdir();
const KIOSK_VIEWPORT = { width: 1080, height: 1920 };


/** Fails the test on any script error or CSP violation of the page. */
function watch(page: Page, problems: string[]): Page {
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return page;
}

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('kiosk and agent console in headless Chromium', () => {
  let app: App;
  let running: RunningServer;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    app = await realApp({ PORT: String(port), KIOSK_IDLE_SECONDS: String(IDLE_SECONDS), RATE_LIMIT_PER_MINUTE: '600' });
    running = await startServer(app, testDeps(app), { port, host: '127.0.0.1' });
    base = running.url;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  async function kiosk(init?: () => void): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport: KIOSK_VIEWPORT, locale: 'zh-CN', hasTouch: true });
    if (init) await context.addInitScript(init);
    const page = watch(await context.newPage(), problems);
    await page.goto(`${base}/`);
    return { page, context };
  }

  const lastBot = (page: Page) => page.locator('#log .msg.bot').last();
  const choice = (page: Page, text: string) => page.locator('#log .choices button:not([disabled])', { hasText: text }).first();

  it('answers a menu button and a typed question with the source, over the websocket', async () => {
    const { page, context } = await kiosk();
    await expect.poll(() => page.evaluate(() => document.body.dataset.transport)).toBe('ws');
    await page.screenshot({ path: join(SHOTS, 'kiosk-start.png') });

    await page.locator('.menu-btn', { hasText: '备案材料' }).tap();
    await choice(page, '潍坊市').tap();
    const card = page.locator('#log .card').last();
    await card.waitFor();
    await expect.poll(() => card.locator('cite').first().textContent()).toContain('潍坊');
    expect((await card.locator('blockquote').first().textContent())?.length).toBeGreaterThan(10);

    await page.locator('#q').fill('急诊住院没备案能报销吗');
    await page.locator('#q').press('Enter');
    await expect.poll(() => page.locator('#log .msg.user').last().textContent()).toBe('急诊住院没备案能报销吗');
    await expect.poll(() => page.evaluate(() => document.body.dataset.turns)).toBe('3');
    expect(await lastBot(page).isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'kiosk-answer.png') });
    await context.close();
  });

  it('runs a filing flow to the end and shows the form as a big button and a QR code', async () => {
    const { page, context } = await kiosk();
    await page.locator('.menu-btn', { hasText: '我要备案' }).tap();
    await choice(page, '潍坊市').tap();
    await choice(page, '异地安置退休人员').tap();
    await expect.poll(() => page.evaluate(() => document.body.dataset.turns)).toBe('3');
    await page.locator('#q').fill('去广州市');
    await page.locator('#q').press('Enter');
    await choice(page, '明天').tap();
    await choice(page, '城镇职工医保').tap();
    await choice(page, '确认').tap();
    const link = page.locator('#log a.big-link').last();
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^${base}/filing/[\\w-]+\\.[\\w-]+$`));
    const qr = page.locator('#log figure.qr img').last();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(50);
    await page.screenshot({ path: join(SHOTS, 'kiosk-filing.png') });

    // The big button opens the form over the chat, in this page (nothing left behind in a tab).
    await link.tap();
    await page.locator('#viewer').waitFor();
    const form = page.frameLocator('#viewer-frame');
    await expect.poll(() => form.locator('h1').textContent()).toContain('备案信息表');
    expect(await form.locator('.qr svg').count()).toBe(1);
    expect(context.pages()).toHaveLength(1);
    await page.screenshot({ path: join(SHOTS, 'kiosk-filing-form.png') });
    await page.locator('#viewer-close').tap();
    expect(await page.locator('#viewer').isHidden()).toBe(true);
    await context.close();
  });

  it('clears the screen and the server’s memory after KIOSK_IDLE_SECONDS without a touch', async () => {
    const { page, context } = await kiosk();
    await page.locator('.menu-btn', { hasText: '我要备案' }).tap();
    await choice(page, '潍坊市').tap();
    const reset = page.waitForRequest((r) => r.url().endsWith('/api/reset'), { timeout: (IDLE_SECONDS + 10) * 1000 });
    await expect.poll(() => page.locator('#idle').isVisible(), { timeout: IDLE_SECONDS * 1000 }).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'kiosk-idle-warning.png') });
    const old = JSON.parse((await reset).postData() ?? '{}') as { session: string };
    await expect.poll(() => page.locator('#log .msg').count()).toBe(1);
    expect(await page.locator('#viewer').isHidden()).toBe(true);
    expect(await page.locator('#log .welcome').count()).toBe(1);
    expect(await page.locator('#log').textContent()).not.toContain('潍坊');
    // the old conversation is gone on the server too
    const res = await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ session: old.session, text: '你好' }) });
    const body = await res.json() as { flow: string | null; slots: Record<string, unknown> };
    expect(body.flow).toBeNull();
    expect(body.slots).toEqual({});
    await context.close();
  }, 60_000);

  it('falls back to POST /api/chat when the websocket is not available', async () => {
    const { page, context } = await kiosk(() => {
      Object.defineProperty(window, 'WebSocket', { value: undefined });
    });
    const chat = page.waitForRequest((r) => r.url().endsWith('/api/chat'));
    await page.locator('.menu-btn', { hasText: '联系电话' }).tap();
    await chat;
    await expect.poll(() => page.evaluate(() => document.body.dataset.turns)).toBe('1');
    expect(await page.evaluate(() => document.body.dataset.transport)).toBe('http');
    expect(await page.locator('#log .msg.bot').count()).toBeGreaterThan(1);
    await context.close();
  });

  it('agent console: question, region, answer with sources, variants side by side, copy', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = watch(await context.newPage(), problems);
    await page.goto(`${base}/agent`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.locator('h1').click();
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('q');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('退休人员异地安置备案要什么材料');
    expect(await page.inputValue('#q')).toBe('退休人员异地安置备案要什么材料');
    await page.keyboard.press('Enter');
    await page.locator('.answer.chosen').waitFor();
    expect(await page.locator('.ranking li').count()).toBe(3);

    await page.selectOption('#region', '370700');
    await expect.poll(() => page.locator('.answer.chosen h3').textContent()).toContain('潍坊');
    expect(await page.locator('.answer.chosen blockquote').count()).toBeGreaterThan(0);
    const columns = page.locator('.variants .column');
    expect(await columns.count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.variants .column[data-region="420100"] .answer').count()).toBeGreaterThan(0);
    expect(await page.locator('.variants .answer button.copy').count()).toBe(await page.locator('.variants .answer').count());

    const copy = page.locator('.answer.chosen button.copy');
    expect(await copy.getAttribute('accesskey')).toBe('c');
    await copy.click();
    await expect.poll(() => copy.textContent()).toContain('已复制');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('依据：《');
    await page.screenshot({ path: join(SHOTS, 'agent.png'), fullPage: true });
    await context.close();
  });

  it('showed no script error and no CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
