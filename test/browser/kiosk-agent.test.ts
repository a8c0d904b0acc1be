/**
 * The kiosk, the agent console and the filing form used like a person would, in headless
 * Chromium (Debian's `chromium`, installed by .ci/run) driven by playwright-core, against the real
 * assistant: at 1080×1920 (kiosk), 390×844 (phone) and 1440×900 (console), with axe-core's checks
 * (its source injected into the page) and Playwright's clock for the idle reset.
 * Screenshots go to SCREENSHOT_DIR (default: the system's temp folder).
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { axeViolations as axe, closeServed, NO_BROWSER, serveWithBrowser, SHOTS, type Served } from './support.js';

const IDLE_SECONDS = 10;
const HELP_DESK = '一楼大厅 3 号综合服务窗口';
const KIOSK = { width: 1080, height: 1920 };
const PHONE = { width: 390, height: 844 };
const ZOOMED = { width: 540, height: 960 };
/** A landscape kiosk (1920×1080), and the same screen at 200% zoom. */
const LANDSCAPE = { width: 1920, height: 1080 };
const LANDSCAPE_ZOOMED = { width: 960, height: 540 };
/** A turn answered on a loaded 2-core machine: the first after start-up can take seconds (expect.poll waits 1 s by default). */
const TURN_WAIT = { timeout: 15_000 };
const CONSOLE = { width: 1440, height: 900 };

/** Fails the test on any script error or CSP violation of the page. */
function watch(page: Page, problems: string[]): Page {
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return page;
}

/** axe-core's violations on the page as it is now: rule id, impact and the offending nodes. */
/** axe-core with WCAG 2.2's target-size rule on: the pages aim higher (44 px, tested below), but the floor is checked too. */
const axeViolations = (page: Page): Promise<string[]> => axe(page, { targetSize: true });

/** The visible buttons, summaries and links shorter than 44 px (WCAG 2.5.5's target size). */
async function smallTargets(page: Page, scope: string): Promise<string[]> {
  return page.locator(`${scope} :is(button, summary, select, a[href])`).evaluateAll((nodes) => nodes
    .filter((n) => (n as HTMLElement).offsetParent !== null && n.getBoundingClientRect().height < 44)
    .map((n) => `${n.tagName} “${n.textContent?.trim()}” ${Math.round(n.getBoundingClientRect().height)}px`));
}

/** The top of `node` lies inside the visible part of the chat area and of the window. */
async function startInView(page: Page, node: Locator): Promise<boolean> {
  return node.evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    const log = document.getElementById('log')!.getBoundingClientRect();
    return top >= log.top - 1 && top < log.bottom && top < window.innerHeight;
  });
}

describe.skipIf(NO_BROWSER)('kiosk, agent console and filing form in headless Chromium', () => {
  let served: Served;
  let app: App;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];

  beforeAll(async () => {
    served = await serveWithBrowser({
      KIOSK_IDLE_SECONDS: String(IDLE_SECONDS), RATE_LIMIT_PER_MINUTE: '600', KIOSK_HELP_DESK: HELP_DESK,
    });
    ({ app, browser, base } = served);
  });
  afterAll(() => closeServed(served));

  async function kiosk(opts: { viewport?: { width: number; height: number }; init?: () => void; clock?: boolean } = {}): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport: opts.viewport ?? KIOSK, locale: 'zh-CN', hasTouch: true });
    if (opts.init) await context.addInitScript(opts.init);
    const page = watch(await context.newPage(), problems);
    if (opts.clock) await page.clock.install();
    await page.goto(`${base}/`);
    return { page, context };
  }

  async function agentConsole(permissions: string[] = []): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport: CONSOLE, locale: 'zh-CN' });
    if (permissions.length) await context.grantPermissions(permissions, { origin: base });
    const page = watch(await context.newPage(), problems);
    await page.goto(`${base}/agent`);
    return { page, context };
  }

  const turns = (page: Page) => page.evaluate(() => Number(document.body.dataset.turns ?? 0));
  const lastTurn = (page: Page) => page.locator('#log .turn').last();
  const choice = (page: Page, text: string) => page.locator('#log .choices button:not([aria-disabled="true"])', { hasText: text }).first();
  async function tapAndWait(page: Page, target: Locator): Promise<void> {
    const before = await turns(page);
    await target.tap();
    await expect.poll(() => turns(page), TURN_WAIT).toBe(before + 1);
  }

  it('answers with the short text first, 详情 and 原文 behind a tap, one 来源 line per document, nothing twice', async () => {
    const { page, context } = await kiosk();
    // the websocket is served once Botkit has loaded, which may be a moment after the server listens
    await expect.poll(() => page.evaluate(() => document.body.dataset.transport), { timeout: 15_000 }).toBe('ws');
    await page.screenshot({ path: join(SHOTS, 'kiosk-start.png') });
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '联系电话' }));
    await tapAndWait(page, choice(page, '潍坊市'));

    const answer = lastTurn(page).locator('article.answer').first();
    const lead = answer.locator('.lead').first();
    expect(await lead.isVisible()).toBe(true);
    expect(await answer.locator('h3').textContent()).toContain('潍坊');
    // The quotes are collapsed, under one 来源 line per document, and open with a tap.
    const sources = answer.locator('details.sources');
    expect(await sources.evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
    expect(await answer.locator('blockquote').first().isVisible()).toBe(false);
    const titles = await answer.locator('blockquote').evaluateAll((qs) => qs.length);
    const cites = await answer.locator('.sources .cite').allTextContents();
    expect(titles).toBeGreaterThan(cites.length);
    expect(new Set(cites).size).toBe(cites.length);
    expect(cites[0]).toMatch(/^来源：《.+》$/);
    await sources.locator('summary').tap();
    expect(await answer.locator('blockquote').first().isVisible()).toBe(true);
    // The longer version is behind 详情.
    const more = answer.locator('details.more');
    expect(await more.locator('p').isVisible()).toBe(false);
    await more.locator('summary').tap();
    expect(await more.locator('p').isVisible()).toBe(true);

    // An answer whose card has no longer version shows its text once, not as bubble and card.
    await page.locator('#q').fill('急诊住院没备案能报销吗');
    await page.locator('#q').press('Enter');
    await expect.poll(() => turns(page), TURN_WAIT).toBe(3);
    for (const article of await page.locator('#log article.answer').all()) {
      const leadText = (await article.locator('.lead').first().textContent())!;
      const all = (await article.textContent())!;
      expect(all.split(leadText).length - 1, leadText).toBe(1);
    }
    expect(await page.locator('#log .msg.user').last().textContent()).toBe('急诊住院没备案能报销吗');
    await page.screenshot({ path: join(SHOTS, 'kiosk-answer.png') });
    await context.close();
  });

  // The kiosk's screen at 200% text zoom is a 540×960 CSS viewport (WCAG 1.4.4: nothing lost, no sideways scroll).
  for (const [name, viewport] of [['kiosk 1080×1920', KIOSK], ['phone 390×844', PHONE], ['kiosk at 200% zoom', ZOOMED]] as const) {
    it(`${name}: no axe-core violation, and the start of each new answer is in view`, async () => {
      const { page, context } = await kiosk({ viewport });
      expect(await axeViolations(page)).toEqual([]);
      await tapAndWait(page, page.locator('.menu-btn', { hasText: '联系电话' }));
      await tapAndWait(page, choice(page, '潍坊市'));
      const answer = lastTurn(page).locator('.answer, .msg.bot').first();
      expect(await startInView(page, answer)).toBe(true);
      // a long answer is taller than the chat area: its start is shown, not its end
      await lastTurn(page).locator('details').first().locator('summary').tap();
      expect(await axeViolations(page)).toEqual([]);
      await tapAndWait(page, page.locator('.menu-btn', { hasText: '备案材料' }));
      expect(await startInView(page, lastTurn(page).locator('.msg.bot').first())).toBe(true);
      await tapAndWait(page, page.locator('#human'));
      expect(await startInView(page, lastTurn(page).locator('.handoff'))).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      expect(await smallTargets(page, 'body')).toEqual([]);
      // nothing to scroll sideways to, and home (重新开始), 人工服务 and 大字 on screen
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      for (const control of ['#human', 'button:has-text("重新开始")', 'button:has-text("大字")']) {
        expect(await page.locator(control).first().isVisible(), control).toBe(true);
        const onScreen = await page.locator(control).first().evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.left >= 0 && r.right <= window.innerWidth && r.top >= 0 && r.bottom <= window.innerHeight;
        });
        expect(onScreen, control).toBe(true);
      }
      await page.screenshot({ path: join(SHOTS, `kiosk-handoff-${viewport.width}.png`) });
      await context.close();
    });
  }

  /** A menu button, then 潍坊市, then 人工服务: that turn's handoff. */
  async function handoffAfter(page: Page, menu: string): Promise<Locator> {
    await tapAndWait(page, page.locator('.menu-btn', { hasText: menu }));
    await tapAndWait(page, choice(page, '潍坊市'));
    await tapAndWait(page, page.locator('#human'));
    return lastTurn(page).locator('.handoff');
  }

  it('人工服务 hands off: the hotline of the caller’s district, 12393 and the hall’s desk (marked as its own), numbers large with a tel: QR', async () => {
    const { page, context } = await kiosk();
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '联系电话' }));
    await page.locator('#q').fill('寿光市');
    await page.locator('#q').press('Enter');
    await expect.poll(() => turns(page), TURN_WAIT).toBe(2);
    await tapAndWait(page, page.locator('#human'));
    const handoff = lastTurn(page).locator('.handoff');
    expect(await handoff.getAttribute('data-from')).toBe('server');
    const numbers = await handoff.locator('.call .number').allTextContents();
    expect(numbers).toContain('12393');
    expect(numbers.some((n) => /^0536-\d{7}$/.test(n))).toBe(true);
    const qr = handoff.locator('.call img').first();
    expect(decodeURIComponent((await qr.getAttribute('src'))!)).toMatch(/u=tel:0536-\d{7}$/);
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(50);
    expect(await handoff.locator('a[href^="tel:"]').count()).toBe(0);
    // 12393 names its source, the national notice that lists it
    const national = handoff.locator('.call', { hasText: '12393' });
    expect(await national.locator('.cite').textContent()).toMatch(/^来源：《.+》$/);
    expect(await handoff.locator('.desk').textContent()).toContain(HELP_DESK);
    expect(await handoff.locator('.desk-note').textContent()).toContain('本厅');
    await context.close();
  });

  it('人工服务 for someone insured in 芮城: the one number the notice lists, labelled with whom it is for (城镇职工)', async () => {
    const { page, context } = await kiosk();
    await page.locator('#q').fill('我是芮城参保的');
    await page.locator('#q').press('Enter');
    await expect.poll(() => turns(page), TURN_WAIT).toBe(1);
    await tapAndWait(page, page.locator('#human'));
    const handoff = lastTurn(page).locator('.handoff');
    const own = handoff.locator('.call', { hasText: '0359-6371567' });
    expect(await own.locator('.label').textContent()).toBe('参保地医保咨询电话（城镇职工）');
    expect(await handoff.locator('.lead').allTextContents()).toContain('芮城县医保咨询电话（城镇职工）：0359-6371567。文件只列出了城镇职工的咨询电话，其他人员请向芮城县医保经办机构咨询。');
    await context.close();
  });

  it('人工服务 or 转人工 inside a flow ends the flow and hands off', async () => {
    const { page, context } = await kiosk();
    const handoff = await handoffAfter(page, '我要备案');
    expect(await handoff.getAttribute('data-from')).toBe('server');
    expect(await handoff.locator('.call .number').allTextContents()).toContain('12393');
    expect(await handoff.locator('.desk').textContent()).toContain(HELP_DESK);
    expect(await lastTurn(page).textContent()).not.toContain('没能识别');

    // typed, the word the issue saw fail, inside the estimate
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '估算报销金额' }));
    await page.locator('#q').fill('转人工');
    await page.locator('#q').press('Enter');
    await expect.poll(() => lastTurn(page).locator('.handoff').count()).toBe(1);
    expect(await lastTurn(page).locator('.handoff').getAttribute('data-from')).toBe('server');
    expect(await lastTurn(page).locator('.call .number').allTextContents()).toContain('12393');
    await context.close();
  });

  it('focus stays on the next control after a quick reply, never on <body>', async () => {
    const { page, context } = await kiosk();
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '备案材料' }));
    await choice(page, '潍坊市').focus();
    const before = await turns(page);
    await page.keyboard.press('Enter');
    await expect.poll(() => turns(page), TURN_WAIT).toBe(before + 1);
    const focused = await page.evaluate(() => {
      const a = document.activeElement!;
      const turnsNow = document.querySelectorAll('#log .turn');
      return { tag: a.tagName, inLatest: turnsNow[turnsNow.length - 1]!.contains(a), text: a.textContent };
    });
    expect(focused.tag).toBe('BUTTON');
    expect(focused.inLatest).toBe(true);
    // …and Enter there goes on with the conversation.
    await page.keyboard.press('Enter');
    await expect.poll(() => turns(page), TURN_WAIT).toBe(before + 2);
    expect(await page.locator('#log .msg.user').last().textContent()).toBe(focused.text);
    await context.close();
  });

  it('a flow’s question with nothing to tap (请直接输入您的参保地) moves the focus to the text box, for the keyboard and the on-screen one', async () => {
    const { page, context } = await kiosk();
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '我要备案' }));
    await choice(page, '其他地区').focus();
    const before = await turns(page);
    await page.keyboard.press('Enter');
    await expect.poll(() => turns(page), TURN_WAIT).toBe(before + 1);
    expect(await lastTurn(page).locator('.choices button').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('寿光');
    await page.keyboard.press('Enter');
    await expect.poll(() => turns(page), TURN_WAIT).toBe(before + 2);
    expect(await page.locator('#log .msg.user').last().textContent()).toBe('寿光');
    await context.close();
  });

  it('大字 enlarges the text, and the next person gets the normal size back', async () => {
    const { page, context } = await kiosk();
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '备案材料' }));
    const size = () => page.locator('#log .msg.bot p').last().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    const normal = await size();
    await page.locator('#large').tap();
    expect(await page.locator('#large').getAttribute('aria-pressed')).toBe('true');
    expect(await size()).toBeGreaterThanOrEqual(normal * 1.25);
    await page.screenshot({ path: join(SHOTS, 'kiosk-large.png') });
    await page.locator('#restart').tap();
    await expect.poll(size).toBe(normal);
    await context.close();
  });

  it('朗读 reads the answer with speechSynthesis in zh-CN, and stops', async () => {
    const { page, context } = await kiosk({
      init: () => {
        const calls: unknown[] = [];
        (window as unknown as { speechCalls: unknown[] }).speechCalls = calls;
        const synth = {
          speaking: false,
          speak(u: SpeechSynthesisUtterance) { calls.push({ text: u.text, lang: u.lang }); this.speaking = true; },
          cancel() { calls.push('cancel'); this.speaking = false; },
          pause() {}, resume() {}, getVoices: () => [],
        };
        Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
      },
    });
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '备案材料' }));
    await tapAndWait(page, choice(page, '潍坊市'));
    const read = lastTurn(page).locator('button.read');
    await read.tap();
    const calls = await page.evaluate(() => (window as unknown as { speechCalls: Array<{ text: string; lang: string } | string> }).speechCalls);
    const spoken = calls.find((c) => typeof c === 'object') as { text: string; lang: string };
    expect(spoken.lang).toBe('zh-CN');
    expect(spoken.text).toContain((await lastTurn(page).locator('.lead').first().textContent())!);
    expect(spoken.text).not.toContain((await lastTurn(page).locator('blockquote').first().textContent())!);
    expect(await read.getAttribute('aria-pressed')).toBe('true');
    await read.tap();
    expect(await page.evaluate(() => (window as unknown as { speechCalls: unknown[] }).speechCalls.at(-1))).toBe('cancel');
    expect(await read.getAttribute('aria-pressed')).toBe('false');
    await context.close();
  });

  it('on a landscape screen, at 200% zoom and with 大字, the text box, 发送 and the conversation stay on screen; the menu scrolls instead', async () => {
    /** The controls a person needs that lie outside the window, and the share of its height the conversation has. */
    const layout = (page: Page) => page.evaluate(() => ({
      outside: ['#q', '#ask button', '#large', '#human', '#restart']
        .filter((s) => { const r = document.querySelector(s)!.getBoundingClientRect(); return r.height === 0 || r.top < 0 || r.bottom > window.innerHeight; }),
      logShare: document.getElementById('log')!.getBoundingClientRect().height / window.innerHeight,
    }));
    for (const viewport of [LANDSCAPE, LANDSCAPE_ZOOMED]) {
      const { page, context } = await kiosk({ viewport });
      for (const large of [false, true]) {
        if (large) await page.locator('#large').tap();
        const seen = await layout(page);
        expect(seen.outside, `${viewport.width}×${viewport.height}${large ? ' 大字' : ''}`).toEqual([]);
        expect(seen.logShare, `${viewport.width}×${viewport.height}${large ? ' 大字' : ''}`).toBeGreaterThan(0.12);
        expect(await axeViolations(page)).toEqual([]);
      }
      // the last menu button is still there to tap (the menu scrolls), and the box stays on screen after an answer
      await tapAndWait(page, page.locator('.menu-btn').last());
      expect((await layout(page)).outside).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `kiosk-landscape-${viewport.width}.png`) });
      await context.close();
    }
  });

  it('a turn that got no answer (offline) is not offered for 👍/👎; the next answer’s rating lands on the server’s turn', async () => {
    const { page, context } = await kiosk({
      init: () => {
        Object.defineProperty(window, 'WebSocket', { value: undefined });
      },
    });
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '备案材料' }));
    await context.setOffline(true);
    await tapAndWait(page, choice(page, '潍坊市'));
    expect(await lastTurn(page).textContent()).toContain(app.kb.say('kiosk.error.offline'));
    expect(await lastTurn(page).locator('button.rate').count()).toBe(0);
    await context.setOffline(false);
    // the browser's own console line for the request that could not go out is this test's doing, not the page's
    const offline = problems.findIndex((p) => p.includes('ERR_INTERNET_DISCONNECTED'));
    if (offline >= 0) problems.splice(offline, 1);
    await page.locator('#q').fill('潍坊备案有效期多久');
    await page.locator('#q').press('Enter');
    await expect.poll(() => turns(page), TURN_WAIT).toBe(3);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/feedback'));
    await lastTurn(page).locator('button.rate', { hasText: '有帮助' }).tap();
    const response = await answered;
    // the server saw two questions: the rating is on its second turn, the one just answered
    expect(JSON.parse(response.request().postData() ?? '{}')).toMatchObject({ turn: 2, rating: 'up' });
    expect(response.status()).toBe(204);
    await context.close();
  });

  it('重新开始 tapped while a turn runs: its answer never reaches the next person’s screen', async () => {
    const { page, context } = await kiosk({
      init: () => {
        Object.defineProperty(window, 'WebSocket', { value: undefined });
      },
    });
    // the answer takes a moment to come back
    let answered!: () => void;
    const released = new Promise<void>((resolve) => { answered = resolve; });
    await page.route('**/api/chat', async (route) => {
      const response = await route.fetch();
      await released;
      await route.fulfill({ response });
    });
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/chat'));
    await page.locator('.menu-btn', { hasText: '联系电话' }).tap();
    await sent;
    const reset = page.waitForResponse((r) => r.url().endsWith('/api/reset'));
    await page.locator('#restart').tap();
    await reset;
    const back = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    answered();
    await back;
    await expect.poll(() => page.evaluate(() => document.body.classList.contains('busy'))).toBe(false);
    expect(await page.locator('#log .msg').count()).toBe(1);
    expect(await page.locator('#log .welcome').count()).toBe(1);
    // and the next person's first question is their turn 1
    await page.unroute('**/api/chat');
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '备案材料' }));
    expect(await page.locator('#log .msg.user').allTextContents()).toEqual(['备案材料']);
    await context.close();
  });

  it('👍/👎 posts the rating and an optional reason to /api/feedback, on the turn the server numbered', async () => {
    const { page, context } = await kiosk();
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '备案材料' }));
    await tapAndWait(page, choice(page, '潍坊市'));
    const turn = lastTurn(page);
    await turn.locator('button.rate', { hasText: '没帮助' }).tap();
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/feedback') && r.request().method() === 'POST');
    await turn.locator('.reasons button', { hasText: '看不懂' }).tap();
    const response = await answered;
    const body = JSON.parse(response.request().postData() ?? '{}') as Record<string, unknown>;
    expect(body).toEqual({ session: expect.stringMatching(/^[0-9a-f]{32}$/), turn: 2, rating: 'down', reason: '看不懂' });
    // the page's turn number is the server's: the rating lands on that turn's record
    expect(response.status()).toBe(204);
    await expect.poll(() => turn.locator('.feedback-note').textContent()).toBe('谢谢您的反馈！');
    await page.locator('#q').fill('备案有效期多久');
    await page.locator('#q').press('Enter');
    await expect.poll(() => turns(page), TURN_WAIT).toBe(3);
    expect(await lastTurn(page).locator('.msg.bot, .answer').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('asks “还在吗？” (taking the focus) counted from the last touch, then clears the screen and the server’s memory', async () => {
    const { page, context } = await kiosk({ clock: true });
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '我要备案' }));
    await tapAndWait(page, choice(page, '潍坊市'));
    const warnAt = IDLE_SECONDS - Math.min(15, Math.ceil(IDLE_SECONDS / 3));
    await page.clock.runFor((warnAt - 1) * 1000);
    expect(await page.locator('#idle').isVisible()).toBe(false);
    // a scroll is a touch: the count starts again
    await page.locator('#log').evaluate((log) => log.dispatchEvent(new Event('scroll')));
    await page.clock.runFor((warnAt - 1) * 1000);
    expect(await page.locator('#idle').isVisible()).toBe(false);
    await page.clock.runFor(2000);
    expect(await page.locator('#idle').isVisible()).toBe(true);
    expect(await page.locator('#idle h2').textContent()).toBe('还在吗？');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('idle-continue');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'kiosk-idle-warning.png') });
    await page.keyboard.press('Enter');
    expect(await page.locator('#idle').isVisible()).toBe(false);
    expect(await page.locator('#log').textContent()).toContain('潍坊');

    // the reset's answer, not only its request: under load the check below could overtake it
    const reset = page.waitForResponse((r) => r.url().endsWith('/api/reset'));
    await page.clock.runFor((IDLE_SECONDS + 1) * 1000);
    const done = await reset;
    expect(done.status()).toBe(200);
    const old = JSON.parse(done.request().postData() ?? '{}') as { session: string };
    await expect.poll(() => page.locator('#log .msg').count()).toBe(1);
    expect(await page.locator('#log .welcome').count()).toBe(1);
    expect(await page.locator('#log').textContent()).not.toContain('潍坊');
    // the old conversation is gone on the server too
    const res = await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ session: old.session, text: '你好' }) });
    const body = await res.json() as { flow: string | null; slots: Record<string, unknown> };
    expect(body.flow).toBeNull();
    expect(body.slots).toEqual({});
    await context.close();
  });

  it('runs a filing flow to the end; the form opens over the chat and passes axe-core on a kiosk and a phone', async () => {
    const { page, context } = await kiosk();
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '我要备案' }));
    await tapAndWait(page, choice(page, '潍坊市'));
    await tapAndWait(page, choice(page, '异地安置退休人员'));
    // “您要到哪里就医？” is a question waiting for an answer, not an answer to rate
    expect(await lastTurn(page).textContent()).toContain('就医地');
    expect(await lastTurn(page).locator('button.rate').count()).toBe(0);
    await page.locator('#q').fill('去广州市');
    await page.locator('#q').press('Enter');
    await expect.poll(() => turns(page), TURN_WAIT).toBe(4);
    await tapAndWait(page, choice(page, '明天'));
    await tapAndWait(page, choice(page, '城镇职工医保'));
    await tapAndWait(page, choice(page, '确认'));
    expect(await lastTurn(page).locator('button.rate').count()).toBe(2);
    const link = page.locator('#log a.big-link').last();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`^${base}/filing/[\\w-]+\\.[\\w-]+$`));
    const qr = page.locator('#log figure.qr img').last();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(50);
    // the phone that scans the code gets this very form (decoded by hand with jsQR: the same URL)
    expect(new URL((await qr.getAttribute('src'))!, base).searchParams.get('u')).toBe(href);
    expect(await startInView(page, lastTurn(page).locator('.msg.bot').first())).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'kiosk-filing.png') });

    // The big button opens the form over the chat, in this page (nothing left behind in a tab).
    await link.tap();
    await page.locator('#viewer').waitFor();
    const form = page.frameLocator('#viewer-frame');
    await expect.poll(() => form.locator('h1').textContent()).toContain('备案信息表');
    // it reads back what the person answered, row by row
    // 明天 as the server reads it: the process's local date, plus one
    const next = new Date();
    next.setDate(next.getDate() + 1);
    const tomorrow = `${next.getFullYear()}-${String(next.getMonth() + 1).padStart(2, '0')}-${String(next.getDate()).padStart(2, '0')}`;
    const rows = Object.fromEntries(await form.locator('tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('th')?.textContent?.trim() ?? '', tr.querySelector('td')?.textContent?.trim() ?? ''])));
    expect(rows).toMatchObject({ 参保地: '潍坊市', 人员类别: '异地安置退休人员', 就医地: '广州市', 备案开始日期: tomorrow, 险种: '城镇职工基本医疗保险' });
    expect(await form.locator('.qr svg').count()).toBe(1);
    // Read on the kiosk by people who asked for 大字 in the chat: no line under 20 px, nothing to scroll
    // sideways, and 大字 (on the viewer's bar, the chat's own being covered) enlarges the form too.
    const formFrame = page.frames().find((f) => f.url().includes('/filing/'))!;
    const text = () => formFrame.evaluate(() => {
      const zoom = parseFloat(getComputedStyle(document.documentElement).zoom || '1');
      const sizes = [...document.querySelectorAll('main *')]
        .filter((e) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()))
        .map((e) => parseFloat(getComputedStyle(e).fontSize) * zoom);
      return { smallest: Math.min(...sizes), sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth };
    });
    const normal = await text();
    expect(normal).toEqual({ smallest: expect.any(Number), sideways: false });
    expect(normal.smallest).toBeGreaterThanOrEqual(20);
    await page.locator('#viewer-large').tap();
    expect(await page.locator('#large').getAttribute('aria-pressed')).toBe('true');
    const large = await text();
    expect(large.sideways).toBe(false);
    expect(large.smallest).toBeGreaterThanOrEqual(normal.smallest * 1.25);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#viewer-large').tap();
    expect(await page.locator('#viewer-large').getAttribute('aria-pressed')).toBe('false');
    expect(context.pages()).toHaveLength(1);
    expect(await page.locator('#viewer-human').isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'kiosk-filing-form.png') });
    await page.locator('#viewer-close').tap();
    expect(await page.locator('#viewer').isHidden()).toBe(true);

    // the same on a landscape kiosk (1920×1080): it showed 12–15 px lines there, and 大字 did nothing
    await page.setViewportSize(LANDSCAPE);
    await link.tap();
    await page.locator('#viewer').waitFor();
    await expect.poll(() => form.locator('h1').textContent()).toContain('备案信息表');
    const wide = await text();
    expect(wide.sideways).toBe(false);
    expect(wide.smallest).toBeGreaterThanOrEqual(20);
    await page.locator('#viewer-large').tap();
    expect((await text()).smallest).toBeGreaterThanOrEqual(wide.smallest * 1.25);
    await page.locator('#viewer-large').tap();
    await page.locator('#viewer-close').tap();

    for (const viewport of [KIOSK, LANDSCAPE, PHONE]) {
      const formPage = watch(await context.newPage(), problems);
      await formPage.setViewportSize(viewport);
      await formPage.goto(href);
      expect(await axeViolations(formPage), `${viewport.width}`).toEqual([]);
      await formPage.close();
    }
    await context.close();
  });

  it('falls back to POST /api/chat when the websocket is not available', async () => {
    const { page, context } = await kiosk({
      init: () => {
        Object.defineProperty(window, 'WebSocket', { value: undefined });
      },
    });
    const chat = page.waitForRequest((r) => r.url().endsWith('/api/chat'));
    await page.locator('.menu-btn', { hasText: '联系电话' }).tap();
    await chat;
    await expect.poll(() => turns(page), TURN_WAIT).toBe(1);
    expect(await page.evaluate(() => document.body.dataset.transport)).toBe('http');
    expect(await lastTurn(page).locator('button.rate').count()).toBe(2);
    // over HTTP too, a flow's question is not offered for rating
    await tapAndWait(page, page.locator('.menu-btn', { hasText: '我要备案' }));
    await tapAndWait(page, choice(page, '潍坊市'));
    await tapAndWait(page, choice(page, '异地安置退休人员'));
    expect(await lastTurn(page).textContent()).toContain('就医地');
    expect(await lastTurn(page).locator('button.rate').count()).toBe(0);
    expect(await page.locator('#log .msg.bot').count()).toBeGreaterThan(1);
    await context.close();
  });

  it('agent console: question, region, answer with sources, variants side by side, copy, 👍; no axe-core violation', async () => {
    const { page, context } = await agentConsole(['clipboard-read', 'clipboard-write']);
    expect(await axeViolations(page)).toEqual([]);
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
    expect(await page.locator('.warning').count()).toBe(0);

    await page.selectOption('#region', '370700');
    await expect.poll(() => page.locator('.answer.chosen h3').textContent()).toContain('潍坊');
    expect(await page.locator('.answer.chosen blockquote').count()).toBeGreaterThan(0);
    const columns = page.locator('.variants .column');
    expect(await columns.count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.variants .column[data-region="420100"] .answer').count()).toBeGreaterThan(0);
    expect(await page.locator('.variants .answer button.copy').count()).toBe(await page.locator('.variants .answer').count());
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTargets(page, '#result')).toEqual([]);

    const copy = page.locator('.answer.chosen button.copy');
    expect(await copy.getAttribute('accesskey')).toBe('c');
    await copy.click();
    await expect.poll(() => copy.textContent()).toContain('已复制');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('依据：《');

    const posted = page.waitForResponse((r) => r.url().endsWith('/api/feedback'));
    await page.locator('.answer.chosen button.rate').first().click();
    const response = await posted;
    expect(JSON.parse(response.request().postData() ?? '{}')).toEqual({ session: expect.stringMatching(/^[0-9a-f]{32}$/), turn: 2, rating: 'up' });
    // The look-up was recorded as this page's second question, so the rating lands on it.
    expect(response.status()).toBe(204);
    await page.screenshot({ path: join(SHOTS, 'agent.png'), fullPage: true });
    await context.close();
  });

  it('agent console: a weak guess is flagged with the top 3 to choose from', async () => {
    const { page, context } = await agentConsole();
    const q = '异地那个事咋整';
    const data = await (await fetch(`${base}/api/answer?q=${encodeURIComponent(q)}`)).json() as {
      confidence: number; choices: Array<{ intent: string; intent_title: string }>;
    };
    await page.locator('#q').fill(q);
    await page.locator('#q').press('Enter');
    const warning = page.locator('.warning');
    await warning.waitFor();
    expect(await warning.locator('p').textContent()).toContain(`${Math.round(data.confidence * 100)}%`);
    expect(await warning.locator('button.pick').count()).toBe(data.choices.length);
    expect(data.choices.length).toBeGreaterThanOrEqual(2);
    const second = data.choices[1]!;
    await warning.locator(`button.pick[data-intent="${second.intent}"]`).click();
    await expect.poll(() => page.locator('.main h2').textContent()).toContain(second.intent_title);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'agent-low-confidence.png'), fullPage: true });
    await context.close();
  });

  it('agent console: a 北京 caller’s question outside the domain is shown as the reply it is, never introduced as a national rule', async () => {
    const { page, context } = await agentConsole();
    await page.locator('#q').fill('北京参保的，我家的猫生病了怎么办');
    await page.locator('#q').press('Enter');
    await page.locator('.answer.chosen').waitFor();
    const main = page.locator('.main');
    expect(await main.locator('.answer.chosen').textContent()).toContain('不在我能解答的范围内');
    // before: “以下是全国统一规定（国家规定，）：” above it, and 北京's 医保部门 deciding the details below
    expect(await main.textContent()).not.toMatch(/全国统一规定|医保部门按当地规定/);
    expect(await main.locator('.coverage').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('agent console: the picker follows the region in the question and keeps it; the estimate when the question carries its slots', async () => {
    const { page, context } = await agentConsole();
    await page.locator('#q').fill('寿光市的医保电话是多少');
    await page.locator('#q').press('Enter');
    await expect.poll(() => page.inputValue('#region')).toBe('370700');
    expect(await page.locator('#status').textContent()).toContain('寿光市');
    // A follow-up without a region keeps the caller's (寿光, a district of 潍坊).
    const followUp = page.waitForRequest((r) => r.url().includes('/api/answer'));
    await page.locator('#q').fill('那备案要什么材料');
    await page.locator('#q').press('Enter');
    expect(new URL((await followUp).url()).searchParams.get('region')).toBe('370783');
    await expect.poll(() => page.locator('.answer.chosen h3').textContent()).toContain('潍坊');

    // 芮城 publishes its rates: (10000 − 起付线200) × 90% = 8,820 in a 三类医疗机构 for employees,
    // and the reduced ratios (−15, −20 points) side by side.
    await page.locator('#q').fill('芮城县职工医保在三类医疗机构住院花了10000元能报多少');
    await page.locator('#q').press('Enter');
    const rows = page.locator('.estimate tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.first().locator('td').first().textContent()).toBe('8,820元');
    expect(await page.inputValue('#region')).toBe('140830');
    expect(await page.locator('.estimate details.sources blockquote').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'agent-estimate.png'), fullPage: true });
    await context.close();
  });

  it('agent console: a caller’s “湖南的呢” is the last question for 湖南, and “换成芮城的呢” after it the same question again', async () => {
    const { page, context } = await agentConsole();
    const materials = '退休人员异地安置备案要什么材料';
    await page.locator('#q').fill(materials);
    await page.locator('#q').press('Enter');
    await expect.poll(() => page.locator('.ranking').textContent()).toContain(app.kb.intent('materials').label);
    const asked = async (q: string) => {
      const sent = page.waitForRequest((r) => r.url().includes('/api/answer'));
      await page.locator('#q').fill(q);
      await page.locator('#q').press('Enter');
      return new URL((await sent).url()).searchParams.get('previous');
    };
    expect(await asked('湖南的呢')).toBe(materials);
    await expect.poll(() => page.inputValue('#region')).toBe('430000');
    await expect.poll(() => page.locator('.answer.chosen h3').textContent()).toContain('湖南');
    expect(await page.locator('#status').textContent()).toContain(materials);
    expect(await asked('换成芮城的呢')).toBe(materials);
    await expect.poll(() => page.inputValue('#region')).toBe('140830');
    await expect.poll(() => page.locator('.answer.chosen h3').textContent()).toContain('芮城');
    await context.close();
  });

  it('showed no script error and no CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
