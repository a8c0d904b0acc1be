/** The channel with the real assistant (content, NLU, policy): what a WeChat follower would see. */
import { readFileSync } from 'node:fs';
import { decrypt } from '@wecom/crypto';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { wechatRouter } from '../../src/channels/wechat-official/index.js';
import { TEXT_BUDGET_BYTES } from '../../src/channels/wechat-official/messages.js';
import { wechatDeps } from '../../src/server/compose.js';
import { latestDetailScenario } from '../core/support.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { AES_KEY, APP_ID, eventXml, readReply, sealForServer, signedQuery, textXml, TOKEN } from './wechat-official.fixtures.js';

let app: App;
let http: express.Express;

beforeAll(async () => {
  const config = loadConfig({ WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_ENCODING_AES_KEY: AES_KEY, LOG_LEVEL: 'silent' });
  app = await createApp(config, createLogger('silent'));
  http = express();
  http.use(wechatRouter(wechatDeps(app)));
});
afterAll(() => app.close());

async function say(xml: string, query: Record<string, string> = signedQuery()): Promise<string> {
  const res = await request(http).post('/wechat').query(query).set('Content-Type', 'text/xml').send(xml);
  expect(res.status).toBe(200);
  const content = readReply(res.text).Content ?? '';
  expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(TEXT_BUDGET_BYTES);
  return content;
}

describe('wechat channel with the real assistant', () => {
  const MORE_HINT = () => app.kb.say('channel.text.more_hint');
  it('greets a new follower with the menu', async () => {
    const text = await say(eventXml('subscribe'));
    expect(text).toContain('您可以直接回复：');
    expect(text).toContain(`· ${app.kb.intent('materials').label}`);
  });

  it('answers a menu click, asks for the region, then answers for it with quotes from the notice', async () => {
    const asked = await say(eventXml('CLICK', { EventKey: 'materials' }));
    expect(asked).toContain('· 潍坊市');
    let answer = await say(textXml('潍坊市'));
    expect(answer).toContain('潍坊');
    const pages = [answer];
    while (answer.endsWith(MORE_HINT()) && pages.length < 6) {
      answer = await say(textXml('1'));
      pages.push(answer);
    }
    const notice = readFileSync(new URL('../../corpus/documents/weifang.txt', import.meta.url), 'utf8');
    const quotes = [...pages.join('\n').matchAll(/^“([^\n]+)”$/gm)].map((m) => m[1]!);
    for (const q of quotes) expect(notice).toContain(q);
  });

  it('gives on “1” the longer version of the latest answer, not of one two turns back', async () => {
    await latestDetailScenario(app.kb, (text) => say(textXml(text, undefined, 'oUpF8uMuAJO_two_answers')), '1');
  });

  it('answers in safe mode', async () => {
    const { body, query } = sealForServer(textXml('异地就医备案有效期多久'));
    const res = await request(http).post('/wechat').query(query).set('Content-Type', 'text/xml').send(body);
    expect(res.status).toBe(200);
    const opened = decrypt(AES_KEY, readReply(res.text).Encrypt!);
    expect(opened.id).toBe(APP_ID);
    expect(readReply(opened.message).Content!.length).toBeGreaterThan(10);
  });

  it('gives the filing form as a short <a href> link, not a bare URL, within the budget', async () => {
    const who = 'oUpF8uMuAJO_filing_link';
    const turn = (text: string) => say(textXml(text, undefined, who));
    for (const t of ['我想办理异地就医备案', '潍坊', '异地长期居住人员', '北京', '12月1号', '职工医保']) await turn(t);
    const done = await turn('确认');
    const link = /<a href="([^"]+)">([^<]+)<\/a>/.exec(done);
    expect(link?.[1]).toContain('/filing/');
    expect(link?.[2]).toBe(app.kb.say('filing.form.link'));
    // The URL appears only inside the anchor.
    expect(done.split(link![1]!)).toHaveLength(2);
  });

  it('gives a 潍坊 caller’s contacts by district within one message', async () => {
    const who = 'oUpF8uMuAJO_contacts';
    const turn = (text: string) => say(textXml(text, undefined, who));
    const list = await turn('潍坊医保咨询电话是多少');
    expect(list).not.toContain(MORE_HINT());
    expect(list).toContain('寿光市 电话：0536-5260521');
    expect(list).toContain('哪个县市区');
    const own = await turn('寿光');
    expect(own).not.toContain(MORE_HINT());
    expect(own).toContain('0536-5260521');
    expect(own).toContain('寿光市农圣街');
    expect(own).not.toContain('0536-6028728');
  });
});
