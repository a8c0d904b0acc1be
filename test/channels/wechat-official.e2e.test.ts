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
import { AES_KEY, APP_ID, eventXml, messageXml, readReply, sealForServer, signedQuery, textXml, TOKEN } from './wechat-official.fixtures.js';

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
    // A 材料 click from someone whose place is not known asks the place first, on the first page with its choices — not
    // the national list with the question pushed to the page “1” brings; the list follows for the place given.
    const asked = await say(eventXml('CLICK', { EventKey: 'materials' }));
    expect(asked).toContain('请问您在哪里参保');
    expect(asked).toContain('· 潍坊市');
    expect(asked).not.toContain('跨省备案的材料按人员类别');
    expect(asked.endsWith(MORE_HINT())).toBe(false);
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

  it('gives on “1” neither an older answer’s longer version nor the latest one’s card again', async () => {
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

  it('offers “详情” for the 潍坊 contacts’ window addresses, which the list of numbers held back', async () => {
    const turn = (text: string) => say(textXml(text, undefined, 'oUpF8uMuAJO_contacts_detail'));
    const list = await turn('潍坊各区县医保电话');
    expect(list).toContain('寿光市 电话：0536-5260521');
    expect(list).toContain('回复“详情”可查看各县市区的现场窗口地址');
    expect(list).not.toContain('寿光市农圣街');
    const detail = await turn('详情');
    expect(detail).toContain('寿光市农圣街');
  });

  it('gives on “详情” after a long answer what was held back, never its card again', async () => {
    // Materials by category: the card (the long version) is on the one page — nothing is held back.
    const materials = (text: string) => say(textXml(text, undefined, 'oUpF8uMuAJO_materials_detail'));
    const shown = await materials('潍坊备案要什么材料');
    expect(shown).not.toContain(MORE_HINT());
    expect(shown).toContain('到经办机构窗口办理要带哪些材料，文件没有列出');
    const again = await materials('详情');
    expect(again).toContain(app.kb.say('core.more_nothing').split('。')[0]);
    expect(again).not.toContain('到经办机构窗口办理要带哪些材料，文件没有列出');
    // The rates table: its first page shows the table; “详情” gives the rest, then there is no more.
    const rates = (text: string) => say(textXml(text, undefined, 'oUpF8uMuAJO_rates_detail'));
    const table = await rates('芮城报销比例');
    expect(table).toContain('三类医疗机构：起付线200元，支付比例90%');
    expect(table).toContain(MORE_HINT());
    const rest = await rates('详情');
    expect(rest).toContain('（续）');
    expect(rest).not.toContain('三类医疗机构：起付线200元，支付比例90%');
    const after = await rates('1');
    expect(after).toContain(app.kb.say('core.more_nothing').split('。')[0]);
    expect(after).not.toContain('三类医疗机构：起付线200元，支付比例90%');
  });

  it('names a shared location back and asks in words, never taking it as the insured place', async () => {
    const who = 'oUpF8uMuAJO_location';
    const located = await say(messageXml({
      ToUserName: 'gh_0123456789ab', FromUserName: who, CreateTime: '1714036504', MsgType: 'location', MsgId: '7373737373737373737',
      Location_X: '23.134521', Location_Y: '113.358803', Scale: '20', Label: '广东省广州市天河区体育西路103号维多利广场',
    }));
    expect(located).toContain('收到您的位置：广州市天河区。'); // as answers name the place (kb.placeName)
    expect(located).not.toContain('参保，'); // no “您在…参保” stated from a location
    expect(located).not.toContain('记下了');
    expect(located).not.toContain(app.kb.say('channel.not_text'));
    expect(located).not.toContain('体育西路');
    const unnamed = await say(messageXml({
      ToUserName: 'gh_0123456789ab', FromUserName: who, CreateTime: '1714036505', MsgType: 'location', MsgId: '7373737373737373738',
      Location_X: '23.134521', Location_Y: '113.358803', Scale: '20', Label: '',
    }));
    expect(unnamed).toBe(app.kb.say('channel.not_text'));
  });
});
