/** GET /filing/:token — a valid link shows the form; a tampered or expired one an error page, never a form. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createRateLimits } from '../../src/channels/http/rate-limit.js';
import { issueFilingToken, type FilingForm } from '../../src/rules/filing-token.js';
import { createHttpApp } from '../../src/server/http.js';
import { testDeps, useRealHttp } from '../server/fixtures.js';

const form: FilingForm = {
  insured_region: { code: '370700', name: '潍坊市' },
  person_category: 'retiree_resettled',
  destination: { code: '440100', name: '广州市' },
  start_date: '2026-12-01',
  scheme: 'employee',
};
const DAY = 86_400_000;

const real = useRealHttp();

describe('GET /filing/:token', () => {
  it('shows the pre-filled form with its QR code and sources', async () => {
    const token = issueFilingToken(form, real.app.filingSecret, new Date(), 7 * DAY);
    const res = await request(real.http).get(`/filing/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('异地就医备案信息表（预填）');
    for (const v of ['潍坊市', '广州市', '2026-12-01', '异地安置退休人员', '城镇职工基本医疗保险']) expect(res.text).toContain(v);
    expect(res.text).toContain('<svg');
    expect(res.text).toContain('/static/filing.css');
    expect(res.text).not.toMatch(/onclick=|<style/);
  });

  it('gives an uncovered insured place the national materials and channels, labelled national, and no covered region’s list', async () => {
    const beijing: FilingForm = { ...form, insured_region: { code: '110000', name: '北京市' }, person_category: 'posted_worker' };
    const res = await request(real.http).get(`/filing/${issueFilingToken(beijing, real.app.filingSecret, new Date(), 7 * DAY)}`);
    expect(res.status).toBe(200);
    // the materials are the 经办规程's (the notice's annex): both named, as cited
    expect(res.text).toContain('全国统一规定（国家规定，医保发〔2022〕22号及其附件）');
    for (const v of ['工作合同任选其一，或个人承诺书', '国家异地就医备案小程序', '基本医疗保险跨省异地就医直接结算经办规程']) expect(res.text).toContain(v);
    for (const local of ['潍坊', '武汉', '湖南', '芮城']) expect(res.text).not.toContain(local);
  });

  it('refuses a tampered token with an error page', async () => {
    const token = issueFilingToken(form, real.app.filingSecret, new Date(), 7 * DAY);
    const [body, sig] = token.split('.') as [string, string];
    const forged = issueFilingToken({ ...form, insured_region: { code: '420100', name: '武汉市' } }, 'another-secret-of-32-characters!!', new Date(), 7 * DAY);
    for (const bad of [`${body}.${sig.slice(0, -2)}xx`, `${forged.split('.')[0]}.${sig}`, 'garbage', `${body}`]) {
      const res = await request(real.http).get(`/filing/${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('链接无效');
      expect(res.text).not.toContain('已填写');
    }
  });

  it('refuses a link whose characters were mangled in copying (%ff, a cut %E5%A4) with the error page, not a JSON error', async () => {
    const token = issueFilingToken(form, real.app.filingSecret, new Date(), 7 * DAY);
    for (const bad of [`${token}%ff`, `${token.slice(0, 20)}%E5%A4`, '%']) {
      const res = await request(real.http).get(`/filing/${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers['content-type'], bad).toMatch(/text\/html/);
      expect(res.text).toContain('链接无效');
      expect(res.text).not.toContain('已填写');
    }
  });

  it('opens the form a filing flow links to when its turns were dated a month back (npm run chat -- --now): the link lives from when it was issued', async () => {
    const now = new Date(Date.now() - 30 * DAY);
    let link: string | undefined;
    for (const text of ['我想办理异地就医备案', '潍坊', '异地长期居住人员', '北京', '下个月1号', '职工医保', '确认']) {
      const turn = await real.app.assistant.handle({ channel: 'api', sessionId: 'filing-dated-back', text, now });
      link = turn.replies.find((r) => r.type === 'link')?.url ?? link;
    }
    expect(link).toBeDefined();
    const res = await request(real.http).get(new URL(link!).pathname);
    expect(res.status).toBe(200);
    expect(res.text).toContain('异地就医备案信息表（预填）');
    // Valid for the configured 7 days from today, as the page says — not from the simulated date.
    expect(res.text).toContain(`链接有效至 ${new Date(Date.now() + 7 * DAY).toISOString().slice(0, 10)}`);
  });

  it('tells a person who opened it too often, on a page and never in JSON, to reload shortly', async () => {
    // One request a minute from this address: the second is over the limit.
    const http = createHttpApp(real.app, { ...testDeps(real.app), limits: createRateLimits(1, real.app.kb.say('channel.rate_limited')) });
    const token = issueFilingToken(form, real.app.filingSecret, new Date(), 7 * DAY);
    expect((await request(http).get(`/filing/${token}`)).status).toBe(200);
    const res = await request(http).get(`/filing/${token}`);
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain(`请等${res.headers['retry-after']}秒后刷新本页`);
    expect(res.text).not.toContain('已填写');
    expect(res.text).not.toContain('rate_limited');
    // The API behind the same limits still answers a program in JSON.
    const api = await request(http).get('/api/answer').query({ q: '备案有效期' });
    expect(api.status).toBe(429);
    expect(api.body.error.code).toBe('rate_limited');
  });

  it('refuses an expired token with 410', async () => {
    const token = issueFilingToken(form, real.app.filingSecret, new Date(Date.now() - 10 * DAY), 7 * DAY);
    const res = await request(real.http).get(`/filing/${token}`);
    expect(res.status).toBe(410);
    expect(res.text).toContain('链接已过期');
    expect(res.text).not.toContain('潍坊市');
  });
});
