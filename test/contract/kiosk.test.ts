/**
 * The kiosk as an elderly person in a service hall uses it (the brief of the contract probe): every
 * control a finger can reach is at least 44 × 44 px — width as well as height, which
 * test/browser/kiosk-agent.test.ts does not measure — and axe-core finds nothing, in every state
 * the screen can be in: the welcome screen, after an answer (its 详情, 原文, 👍/👎 and the reason
 * box opened), after a flow's question, after an error (the server refusing a turn), with 大字 on,
 * with 人工服务 open, with “还在吗？” asked, and with the filing form open over the chat.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, closeServed, NO_BROWSER, serveWithBrowser, type Served } from '../browser/support.js';

const KIOSK = { width: 1080, height: 1920 };
const PHONE = { width: 390, height: 844 };
const IDLE_SECONDS = 10;
const TURN_WAIT = { timeout: 15_000 };
const MIN_PX = 44;

/** Every visible control a finger can reach in `scope` smaller than 44 px in either direction. */
async function smallTargets(page: Page, scope = 'body'): Promise<string[]> {
  return page.locator(`${scope} :is(button, summary, select, input:not([type=hidden]), textarea, a[href], [role=button], [tabindex]:not([tabindex="-1"]))`).evaluateAll((nodes, min) => nodes
    .filter((n) => {
      const el = n as HTMLElement;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // visible, and not a scrolling area made a tab stop for the keyboard (the conversation)
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || el.closest('[hidden], [aria-hidden="true"]')) return false;
      if (el.getAttribute('role') === 'log' || el.id === 'log') return false;
      return box.width < min || box.height < min;
    })
    .map((n) => {
      const box = n.getBoundingClientRect();
      return `${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ''}${n.className ? `.${String(n.className).split(' ').join('.')}` : ''} “${(n.textContent ?? '').trim().slice(0, 12)}” ${Math.round(box.width)}×${Math.round(box.height)}px`;
    }), MIN_PX);
}

describe.skipIf(NO_BROWSER)('the kiosk for large-text and elderly use: touch targets and axe-core in every screen state', () => {
  let served: Served;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    served = await serveWithBrowser({ KIOSK_IDLE_SECONDS: String(IDLE_SECONDS), RATE_LIMIT_PER_MINUTE: '600', KIOSK_HELP_DESK: '一楼大厅 3 号窗口' });
    ({ browser, base } = served);
  });
  afterAll(() => closeServed(served));

  async function kiosk(viewport = KIOSK, opts: { clock?: boolean; init?: () => void } = {}): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', hasTouch: true });
    if (opts.init) await context.addInitScript(opts.init);
    const page = await context.newPage();
    if (opts.clock) await page.clock.install();
    await page.goto(`${base}/`);
    return { page, context };
  }
  const turns = (page: Page) => page.evaluate(() => Number(document.body.dataset.turns ?? 0));
  const choice = (page: Page, text: string) => page.locator('#log .choices button:not([aria-disabled="true"])', { hasText: text }).first();
  async function tapAndWait(page: Page, target: Locator): Promise<void> {
    const before = await turns(page);
    await target.tap();
    await expect.poll(() => turns(page), TURN_WAIT).toBe(before + 1);
  }
  /** The state's findings, named by the state, so one run lists them all. */
  async function check(page: Page, state: string, found: string[]): Promise<void> {
    for (const v of await axeViolations(page, { targetSize: true })) found.push(`${state}: axe ${v}`);
    for (const t of await smallTargets(page)) found.push(`${state}: ${t}`);
  }

  for (const [name, viewport] of [['kiosk 1080×1920', KIOSK], ['phone 390×844', PHONE]] as const) {
    it(`${name}: welcome, an answer opened, a flow's question, 大字, 人工服务 — every target ≥ 44 px, no axe violation`, async () => {
      const { page, context } = await kiosk(viewport);
      const found: string[] = [];
      await check(page, 'welcome', found);
      await tapAndWait(page, page.locator('.menu-btn', { hasText: '备案材料' }));
      await tapAndWait(page, choice(page, '潍坊市'));
      const answer = page.locator('#log .turn').last();
      for (const summary of await answer.locator('summary').all()) await summary.tap();
      await check(page, 'after an answer, 详情 and 原文 open', found);
      const down = answer.locator('button.rate').last();
      if (await down.count()) {
        await down.tap();
        await check(page, 'after 👎 (the reason box)', found);
      }
      await tapAndWait(page, page.locator('.menu-btn', { hasText: '我要备案' }));
      await check(page, "a flow's question", found);
      await page.locator('#large').tap();
      await check(page, '大字 on', found);
      await tapAndWait(page, page.locator('#human'));
      await check(page, '人工服务', found);
      expect(found).toEqual([]);
      await context.close();
    });
  }

  it('after an error (the server refusing the turn) and with “还在吗？” asked: targets ≥ 44 px, no axe violation', async () => {
    // No websocket: the page's HTTP fallback, which the server refuses (429, its message written for people).
    const { page, context } = await kiosk(KIOSK, { clock: true, init: () => Object.defineProperty(window, 'WebSocket', { value: undefined }) });
    const found: string[] = [];
    await context.route('**/api/chat', (route) => route.fulfill({ status: 429, contentType: 'application/json', headers: { 'Retry-After': '30' }, body: JSON.stringify({ error: { code: 'rate_limited', message: '请求过于频繁，请稍后再试' } }) }));
    await page.locator('#q').fill('备案要带什么材料');
    await page.locator('#q').press('Enter');
    await expect.poll(() => page.locator('#log .turn').last().textContent(), TURN_WAIT).toContain('请求过于频繁');
    await check(page, 'after an error', found);
    await context.unroute('**/api/chat');
    // A second of the page's clock at a time: the warning shows for its last few seconds (a turn still
    // settling counts as a touch, so the count may start late on a loaded machine).
    await expect.poll(async () => {
      await page.clock.runFor(1000);
      return page.locator('#idle').isVisible();
    }, { timeout: 30_000 }).toBe(true);
    await check(page, '还在吗？', found);
    expect(found).toEqual([]);
    await context.close();
  });

  it('the filing flow’s end and the form open over the chat (its bar and the form itself): targets ≥ 44 px, no axe violation', async () => {
    const { page, context } = await kiosk(PHONE);
    const found: string[] = [];
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '我要备案' }));
    await tapAndWait(page, choice(page, '潍坊市'));
    await tapAndWait(page, choice(page, '异地安置退休人员'));
    await page.locator('#q').fill('去广州市');
    const before = await turns(page);
    await page.locator('#q').press('Enter');
    await expect.poll(() => turns(page), TURN_WAIT).toBe(before + 1);
    await tapAndWait(page, choice(page, '明天'));
    await tapAndWait(page, choice(page, '城镇职工医保'));
    await tapAndWait(page, choice(page, '确认'));
    await check(page, 'the flow done (link and QR code)', found);
    await page.locator('#log a.big-link').last().tap();
    await page.locator('#viewer').waitFor();
    await expect.poll(() => page.frameLocator('#viewer-frame').locator('h1').textContent(), TURN_WAIT).toContain('备案信息表');
    await check(page, 'the form open over the chat', found);
    const form = page.frames().find((f) => f.url().includes('/filing/'))!;
    const inForm = await form.locator(':is(button, a[href], input, select, summary)').evaluateAll((nodes, min) => nodes
      .filter((n) => n.getBoundingClientRect().width > 0 && (n.getBoundingClientRect().width < min || n.getBoundingClientRect().height < min))
      .map((n) => `${n.tagName.toLowerCase()} “${(n.textContent ?? '').trim().slice(0, 12)}” ${Math.round(n.getBoundingClientRect().width)}×${Math.round(n.getBoundingClientRect().height)}px`), MIN_PX);
    for (const t of inForm) found.push(`in the form: ${t}`);
    expect(found).toEqual([]);
    await context.close();
  });
});
