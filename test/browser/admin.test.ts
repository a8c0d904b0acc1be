/**
 * The operators' pages in headless Chromium (Debian's `chromium` via playwright-core) against the
 * real assistant: sign-in, the inbox's assign button, the dashboard's charts drawn with data, an answer
 * edited on the answers page (refused, previewed, published, reverted), and axe-core finding no
 * accessibility violation on any of them. Screenshots go to SCREENSHOT_DIR.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, PASSWORD_HASH } from '../records/admin-support.js';
import { axeViolations, closeServed, NO_BROWSER, serveWithBrowser, SHOTS, type Served } from './support.js';

const UNKNOWN = '长护险异地怎么办';

describe.skipIf(NO_BROWSER)('admin pages in headless Chromium', () => {
  let served: Served;
  const problems: string[] = [];

  beforeAll(async () => {
    served = await serveWithBrowser({ ADMIN_PASSWORD_HASH: PASSWORD_HASH, RATE_LIMIT_PER_MINUTE: '600' });
    const { app, base } = served;
    // Conversations to show: answered, a flow, out of scope twice, a handoff, an agent look-up.
    for (const [session, text] of [
      ['b1', '潍坊参保的退休人员备案要啥材料'], ['b1', '转人工'], ['b2', '报销能报多少，帮我算算'], ['b2', '芮城县'],
      ['b3', UNKNOWN], ['b4', UNKNOWN], ['b5', '我叫张三，备案有效期多久'],
    ]) await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session, text }) });
    await fetch(`${base}/api/answer?q=${encodeURIComponent('芮城县报销比例')}`);
    await app.records!.recorder.flush();
  });
  afterAll(() => closeServed(served));

  async function signedIn(): Promise<Page> {
    const context = await served.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${served.base}/admin`);
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
    await page.waitForURL(`${served.base}/admin`);
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
    const res = await fetch(`${served.base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session: 'after', text: UNKNOWN }) });
    expect((await res.json() as { intent: string }).intent).toBe('process');
    await page.getByRole('link', { name: '操作记录' }).click();
    expect(await page.locator('table.audit tbody tr').first().textContent()).toContain('inbox_assign');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('edits an answer on the answers page: refused with the check’s words, previewed, published to the chat, reverted', async () => {
    const page = await signedIn();
    await page.getByRole('link', { name: '答案内容' }).click();
    await page.getByLabel('搜索答案（问题类别、地区、回答里的文字）').fill('武汉');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    expect(await axeViolations(page)).toEqual([]);
    const name = '备案有效期（filing_validity） · 武汉市';
    await page.getByRole('link', { name: `修改：${name}`, exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`修改答案：${name}`);
    expect(await axeViolations(page)).toEqual([]);
    const text = page.getByLabel('回答正文（微信一条消息最多 2048 字节）');
    const original = await text.inputValue();

    // A figure no quote behind this answer says: refused, in Chinese, nothing published.
    await page.getByLabel('运营方说明（可以不写）').fill('有效期一般为6个月。');
    await page.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('数字“6”不在原来的答案和它引用的原文里');
    expect(await axeViolations(page)).toEqual([]);
    // the refusal's 422 was meant
    const meant = problems.findIndex((p) => p.includes('status of 422'));
    expect(meant).toBeGreaterThanOrEqual(0);
    problems.splice(meant, 1);

    await text.fill(`${original}备案后在武汉和就医地都能正常看病。`);
    await page.getByLabel('运营方说明（可以不写）').fill('节假日线上备案照常办理。');
    await page.getByRole('button', { name: '预览' }).click();
    await expect.poll(() => page.locator('pre.wechat').textContent()).toContain('【运营方说明】节假日线上备案照常办理。');
    expect(await page.locator('.chat').textContent()).toContain('备案后在武汉和就医地都能正常看病。');
    await page.screenshot({ path: join(SHOTS, 'admin-content-preview.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain('已发布');
    const ask = async (session: string) => {
      const res = await fetch(`${served.base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session, text: '武汉参保的，异地就医备案有效期多久' }) });
      return JSON.stringify(await res.json());
    };
    expect(await ask('edited')).toContain('【运营方说明】节假日线上备案照常办理。');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: /^撤销 / }).first().click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain('已撤销');
    expect(await ask('reverted')).not.toContain('运营方说明');
    await page.getByRole('link', { name: '操作记录' }).click();
    expect(await page.locator('table.audit tbody tr').first().textContent()).toContain('content_revert');
    expect(problems).toEqual([]);
  });
});
