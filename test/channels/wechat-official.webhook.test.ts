import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { TEXT_BUDGET_BYTES } from '../../src/channels/wechat-official/messages.js';
import { realKb } from '../core/support.js';
import {
  ACCOUNT, AES_KEY, APP_ID, eventXml, fakeApp, messageXml, nowSeconds, OPENID, readReply, sealForServer, signedQuery, sleep, textXml, TOKEN,
} from './wechat-official.fixtures.js';

const kb = realKb();
const NOT_TEXT = kb.say('channel.not_text');
const VOICE_UNHEARD = kb.say('channel.wechat.voice_unheard');
const MENU_UNKNOWN = kb.say('channel.wechat.menu_unknown');
const FAILED = kb.say('core.turn_failed');
const MORE_HINT = kb.say('channel.text.more_hint');

const post = (f: ReturnType<typeof fakeApp>, body: string, query: Record<string, string> = signedQuery()) =>
  request(f.http).post('/wechat').query(query).set('Content-Type', 'text/xml').send(body);

describe('wechat URL verification (GET /wechat)', () => {
  it('echoes echostr when the signature matches', async () => {
    const f = fakeApp();
    const res = await request(f.http).get('/wechat').query({ ...signedQuery(), echostr: '5837397520665436492' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('5837397520665436492');
  });

  it('refuses a forged or missing signature with a JSON error', async () => {
    const f = fakeApp();
    const forged = await request(f.http).get('/wechat').query({ ...signedQuery(), signature: '0'.repeat(40), echostr: 'x' });
    expect(forged.status).toBe(403);
    expect(forged.body).toEqual({ error: { code: 'bad_signature', message: expect.any(String) } });
    const missing = await request(f.http).get('/wechat').query({ timestamp: '1', nonce: '2', echostr: 'x' });
    expect(missing.status).toBe(401);
    expect(missing.text).not.toContain('x');
  });

  it('decrypts an encrypted echostr signed with msg_signature (safe mode)', async () => {
    const f = fakeApp();
    const echostr = encrypt(AES_KEY, '1616140317555161061', APP_ID);
    const q = signedQuery();
    const res = await request(f.http).get('/wechat').query({ ...q, echostr, msg_signature: getSignature(TOKEN, q.timestamp, q.nonce, echostr) });
    expect(res.status).toBe(200);
    expect(res.text).toBe('1616140317555161061');
    const forged = await request(f.http).get('/wechat').query({ ...q, echostr, msg_signature: getSignature(TOKEN, q.timestamp, q.nonce, 'other') });
    expect(forged.status).toBe(403);
  });

  it('answers 503 until WECHAT_TOKEN is set', async () => {
    const f = fakeApp({ env: { WECHAT_TOKEN: '' } });
    const res = await request(f.http).get('/wechat').query({ ...signedQuery(), echostr: 'x' });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('wechat_disabled');
    expect((await post(f, textXml('你好'))).status).toBe(503);
    expect(f.calls).toHaveLength(0);
  });
});

describe('wechat messages, plaintext mode', () => {
  it('answers a text message with the names swapped', async () => {
    const f = fakeApp();
    const res = await post(f, textXml('潍坊备案要什么材料', '1234567890123456789'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/xml/);
    const reply = readReply(res.text);
    expect(reply).toMatchObject({ ToUserName: OPENID, FromUserName: ACCOUNT, MsgType: 'text', Content: '答：潍坊备案要什么材料' });
    expect(f.calls).toEqual([{ session: `wechat:${OPENID}`, text: '潍坊备案要什么材料' }]);
  });

  it('processes nothing when the signature is forged or missing', async () => {
    const f = fakeApp();
    expect((await post(f, textXml('hi'), { ...signedQuery(), signature: 'f'.repeat(40) })).status).toBe(403);
    expect((await post(f, textXml('hi'), { timestamp: '1', nonce: '2' })).status).toBe(401);
    expect((await post(f, textXml('hi'), signedQuery(nowSeconds(), '1514711492', 'BBBBB'))).status).toBe(403);
    expect(f.calls).toHaveLength(0);
  });

  it('answers malformed XML with 400 JSON', async () => {
    const f = fakeApp();
    for (const body of ['<xml><Content>hi</Content>', 'not xml at all', '<xml><MsgType>text</MsgType></xml>', '']) {
      const res = await post(f, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toMatch(/^bad_/);
      expect(res.text).not.toMatch(/at .*\.ts/);
    }
    expect(f.calls).toHaveLength(0);
  });

  it('refuses XML bombs and external entities', async () => {
    const f = fakeApp();
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY lol0 "lol">${lol}]><xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol9;</Content></xml>`;
    const xxe = '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&x;</Content></xml>';
    for (const body of [bomb, xxe]) {
      const res = await post(f, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('xml_declaration');
    }
    expect(f.calls).toHaveLength(0);
  });

  it('refuses a body over the size limit', async () => {
    const f = fakeApp();
    const res = await post(f, textXml('长'.repeat(40_000)));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_large');
  });

  it('keeps “]]>” in the answer intact', async () => {
    const f = fakeApp({ handle: () => [{ type: 'text', text: '代码 a]]>b 与 <![CDATA[ 原样' }] });
    expect(readReply((await post(f, textXml('x'))).text).Content).toBe('代码 a]]>b 与 <![CDATA[ 原样');
  });
});

describe('wechat messages, safe and compatible mode', () => {
  it('decrypts the message and encrypts the reply', async () => {
    const f = fakeApp();
    const { body, query } = sealForServer(textXml('报销比例是多少'));
    const res = await post(f, body, query);
    expect(res.status).toBe(200);
    const envelope = readReply(res.text);
    expect(Object.keys(envelope).sort()).toEqual(['Encrypt', 'MsgSignature', 'Nonce', 'TimeStamp']);
    expect(envelope.MsgSignature).toBe(getSignature(TOKEN, envelope.TimeStamp!, envelope.Nonce!, envelope.Encrypt!));
    const opened = decrypt(AES_KEY, envelope.Encrypt!);
    expect(opened.id).toBe(APP_ID);
    expect(readReply(opened.message)).toMatchObject({ ToUserName: OPENID, FromUserName: ACCOUNT, MsgType: 'text', Content: '答：报销比例是多少' });
    expect(f.calls.map((c) => c.text)).toEqual(['报销比例是多少']);
  });

  it('trusts only the ciphertext in compatible mode', async () => {
    const f = fakeApp();
    const { query } = sealForServer(textXml('密文里的问题'));
    const sealed = encrypt(AES_KEY, textXml('密文里的问题'), APP_ID);
    const compat = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${OPENID}]]></FromUserName><CreateTime>1</CreateTime>`
      + `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[明文里被改过的问题]]></Content><MsgId>1</MsgId><Encrypt><![CDATA[${sealed}]]></Encrypt></xml>`;
    const res = await post(f, compat, { ...query, msg_signature: getSignature(TOKEN, query.timestamp, query.nonce, sealed) });
    expect(res.status).toBe(200);
    expect(f.calls.map((c) => c.text)).toEqual(['密文里的问题']);
    // The same XML without encrypt_type is a plaintext message, answered in plaintext.
    const plain = await post(f, compat);
    expect(readReply(plain.text).Content).toBe('答：明文里被改过的问题');
  });

  it('rejects a message sealed for another app id', async () => {
    const f = fakeApp();
    const { body, query } = sealForServer(textXml('hi'), 'wx0000000000000000');
    const res = await post(f, body, query);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('wrong_app_id');
    expect(f.calls).toHaveLength(0);
  });

  it('rejects a forged or missing msg_signature', async () => {
    const f = fakeApp();
    const { body, query } = sealForServer(textXml('hi'));
    expect((await post(f, body, { ...query, msg_signature: '0'.repeat(40) })).status).toBe(403);
    const { msg_signature: _dropped, ...unsigned } = query;
    expect((await post(f, body, unsigned)).status).toBe(401);
    expect(f.calls).toHaveLength(0);
  });

  it('answers 503 for safe mode without the AES key', async () => {
    const f = fakeApp({ env: { WECHAT_ENCODING_AES_KEY: '' } });
    const { body, query } = sealForServer(textXml('hi'));
    expect((await post(f, body, query)).status).toBe(503);
  });
});

describe('wechat message kinds', () => {
  const content = async (f: ReturnType<typeof fakeApp>, xml: string) => readReply((await post(f, xml)).text).Content;
  const base = { ToUserName: ACCOUNT, FromUserName: OPENID, CreateTime: '1714036504' };

  it('answers the recognised text of a voice message', async () => {
    const f = fakeApp();
    const withText = messageXml({ ...base, MsgType: 'voice', MediaId: 'm1', Format: 'amr', Recognition: '潍坊怎么备案', MsgId: '101' });
    expect(await content(f, withText)).toBe('答：潍坊怎么备案');
    const silent = messageXml({ ...base, MsgType: 'voice', MediaId: 'm2', Format: 'amr', Recognition: '', MsgId: '102' });
    expect(await content(f, silent)).toBe(VOICE_UNHEARD);
    const unrecognised = messageXml({ ...base, MsgType: 'voice', MediaId: 'm3', Format: 'amr', MsgId: '103' });
    expect(await content(f, unrecognised)).toBe(VOICE_UNHEARD);
    expect(f.calls.map((c) => c.text)).toEqual(['潍坊怎么备案']);
  });

  it('asks for text when sent an image, a location without a place named or a link', async () => {
    const f = fakeApp();
    expect(await content(f, messageXml({ ...base, MsgType: 'image', PicUrl: 'http://x/y.jpg', MediaId: 'm', MsgId: '201' }))).toBe(NOT_TEXT);
    expect(await content(f, messageXml({ ...base, MsgType: 'location', Location_X: '36.7', Location_Y: '119.1', Scale: '15', Label: '', MsgId: '202' }))).toBe(NOT_TEXT);
    expect(await content(f, messageXml({ ...base, MsgType: 'link', Title: 't', Description: 'd', Url: 'http://x', MsgId: '203' }))).toBe(NOT_TEXT);
    expect(f.calls).toHaveLength(0);
  });

  it('names a location’s place back as answers name it (never its street) and passes nothing to the assistant', async () => {
    const f = fakeApp();
    const at = (label: string, id: string) => content(f, messageXml({ ...base, MsgType: 'location', Location_X: '23.13', Location_Y: '113.35', Scale: '20', Label: label, MsgId: id }));
    const seen = (place: string) => kb.say('channel.wechat.location_seen', { place });
    // The gazetteer reads the Label; the place is named as an answer names it (kb.placeName: under its city).
    expect(await at('广东省广州市天河区体育西路103号维多利广场', '205')).toBe(seen('广州市天河区'));
    expect(await at('北京市海淀区中关村大街27号', '206')).toBe(seen('北京市海淀区'));
    expect(await at('山东省潍坊市寿光市农圣街', '207')).toBe(seen('潍坊市寿光市'));
    // A covered region by its notice's own name; a county with no city under its province.
    expect(await at('山西省运城市芮城县古魏镇', '209')).toBe(seen('芮城县'));
    expect(await at('湖北省仙桃市沔阳大道', '210')).toBe(seen('湖北省仙桃市'));
    // Only a real place: a made-up 区 or a street's short place name (中山路) is no place.
    expect(await at('广东省广州市天河体育中心', '211')).toBe(seen('广州市'));
    expect(await at('火星省奥林匹斯市山顶区1号', '212')).toBe(NOT_TEXT);
    expect(await at('中山路12号', '213')).toBe(NOT_TEXT);
    expect(await at('体育西路103号', '208')).toBe(NOT_TEXT);
    expect(f.calls).toEqual([]);
  });

  it('asks for text when sent a sticker, which WeChat delivers as a text of its own placeholder, not as words of the person', async () => {
    const f = fakeApp();
    const sticker = messageXml({ ...base, MsgType: 'text', Content: '【收到不支持的消息类型，暂无法显示】', MsgId: '204' });
    expect(await content(f, sticker)).toBe(NOT_TEXT);
    expect(f.calls).toHaveLength(0);
  });

  it('greets a new follower through the assistant’s greeting', async () => {
    const f = fakeApp({ handle: (m) => [{ type: 'text', text: m.text === '你好' ? '您好！我是异地就医小助手。' : '?' }, { type: 'choices', options: ['备案材料', '咨询电话'] }] });
    const text = await content(f, eventXml('subscribe'));
    expect(text).toBe('您好！我是异地就医小助手。\n\n您可以直接回复：\n· 备案材料\n· 咨询电话');
    expect(f.calls[0]).toEqual({ session: `wechat:${OPENID}`, text: '你好' });
  });

  it('says only “success” to an unsubscribe, and forgets the conversation', async () => {
    const f = fakeApp();
    const res = await post(f, eventXml('unsubscribe'));
    expect(res.text).toBe('success');
    // The WeChat conversation, not a web one that happens to use the same id.
    expect(f.resets).toEqual([`wechat:${OPENID}`]);
    expect(f.calls).toHaveLength(0);
    expect((await post(f, eventXml('VIEW', { EventKey: 'https://example.org' }))).text).toBe('success');
  });

  it('turns a menu click into the intent’s label', async () => {
    const f = fakeApp();
    expect(await content(f, eventXml('CLICK', { EventKey: 'materials' }))).toBe('答：备案材料');
    expect(f.calls.map((c) => c.text)).toEqual(['备案材料']);
    expect(await content(f, eventXml('CLICK', { EventKey: 'V1001_TODAY_MUSIC' }))).toBe(MENU_UNKNOWN);
    expect(await content(f, eventXml('CLICK', { EventKey: 'referral' }))).toBe(MENU_UNKNOWN);
    expect(f.calls).toHaveLength(1);
  });

  it('apologises, without details, when the turn fails', async () => {
    const f = fakeApp({ handle: () => { throw new Error('boom at /srv/x.ts:1'); } });
    const res = await post(f, textXml('我的身份证号是370702199001011234'));
    expect(res.status).toBe(200);
    expect(readReply(res.text).Content).toBe(FAILED);
    expect(f.logs.join('')).toMatch(/turn failed/);
    expect(f.logs.join('')).not.toMatch(/boom|x\.ts|370702|身份证/);
  });
});

describe('wechat retries and the 5-second limit', () => {
  it('gives a retry of the same MsgId the same reply, processing it once', async () => {
    let n = 0;
    const f = fakeApp({ handle: () => [{ type: 'text', text: `第${++n}次` }] });
    const xml = textXml('同一条', '555');
    const first = await post(f, xml, signedQuery(nowSeconds(), '1'));
    const second = await post(f, xml, signedQuery(nowSeconds(5), '2'));
    const third = await post(f, xml, signedQuery(nowSeconds(10), '3'));
    expect(second.text).toBe(first.text);
    expect(third.text).toBe(first.text);
    expect(f.calls).toHaveLength(1);
  });

  it('de-duplicates events by sender and CreateTime', async () => {
    const f = fakeApp();
    const xml = eventXml('CLICK', { EventKey: 'materials' }, '1714030000');
    const a = await post(f, xml);
    const b = await post(f, xml);
    expect(b.text).toBe(a.text);
    expect(f.calls).toHaveLength(1);
  });

  it('answers each of two different events a follower sends within one second (CreateTime counts seconds)', async () => {
    const f = fakeApp({ handle: (m) => [{ type: 'text', text: m.text === '你好' ? '欢迎关注' : `答：${m.text}` }] });
    const second = '1714031111';
    const subscribe = await post(f, eventXml('subscribe', {}, second));
    const click = await post(f, eventXml('CLICK', { EventKey: 'materials' }, second));
    const view = await post(f, eventXml('VIEW', { EventKey: 'https://example.org' }, second));
    const unsubscribe = await post(f, eventXml('unsubscribe', {}, second));
    expect(readReply(subscribe.text).Content).toBe('欢迎关注');
    // Before, the tap got the greeting again, and the VIEW and the unsubscribe the greeting too.
    expect(readReply(click.text).Content).toBe('答：备案材料');
    expect(view.text).toBe('success');
    expect(unsubscribe.text).toBe('success');
    expect(f.calls.map((c) => c.text)).toEqual(['你好', '备案材料']);
    expect(f.resets).toEqual([`wechat:${OPENID}`]);
    // A retry of the tap (same sender, second, event and key) still gets the tap's reply, not a second turn.
    expect((await post(f, eventXml('CLICK', { EventKey: 'materials' }, second))).text).toBe(click.text);
    expect(f.calls).toHaveLength(2);
  });

  it('lets a retry that arrives mid-turn wait for the first reply', async () => {
    const f = fakeApp({ handle: async () => { await sleep(300); return [{ type: 'text', text: '慢慢来' }]; }, options: { pollMs: 20 } });
    const xml = textXml('并发', '777');
    const [a, b] = await Promise.all([post(f, xml), sleep(50).then(() => post(f, xml))]);
    expect(readReply(a.text).Content).toBe('慢慢来');
    expect(b.text).toBe(a.text);
    expect(f.calls).toHaveLength(1);
  });

  it('answers “success” past the deadline, logs it, and keeps the late reply for a retry', async () => {
    const f = fakeApp({ handle: async () => { await sleep(250); return [{ type: 'text', text: '迟到的答案' }]; }, options: { replyDeadlineMs: 100, pollMs: 20 } });
    const xml = textXml('很慢的问题', '888');
    const res = await post(f, xml);
    expect(res.text).toBe('success');
    expect(f.logs.join('')).toMatch(/5 s limit/);
    expect(f.logs.join('')).not.toContain(OPENID);
    await sleep(250);
    const retry = await post(f, xml);
    expect(readReply(retry.text).Content).toBe('迟到的答案');
    expect(f.calls).toHaveLength(1);
  });

  it('still answers when the store cannot de-duplicate', async () => {
    const f = fakeApp();
    f.ledger.claim = async () => { throw new Error('redis down'); };
    expect(readReply((await post(f, textXml('hi'))).text).Content).toBe('答：hi');
  });
});

describe('wechat long replies', () => {
  const sentence = '异地就医直接结算需要先备案，备案后在定点医疗机构持卡就医。';
  const long = Array.from({ length: 80 }, (_, i) => `第${i + 1}条：${sentence}`).join('\n');

  it('cuts within 2048 bytes and delivers the rest on “1”', async () => {
    const f = fakeApp({ handle: () => [{ type: 'text', text: long }] });
    const first = readReply((await post(f, textXml('问一个长问题'))).text).Content!;
    expect(Buffer.byteLength(first, 'utf8')).toBeLessThanOrEqual(TEXT_BUDGET_BYTES);
    expect(first.endsWith(MORE_HINT)).toBe(true);

    const pages = [first];
    for (let i = 0; i < 5 && pages.at(-1)!.endsWith(MORE_HINT); i++) {
      pages.push(readReply((await post(f, textXml(i % 2 ? '详情' : '1'))).text).Content!);
    }
    expect(pages.at(-1)!.endsWith(MORE_HINT)).toBe(false);
    for (const p of pages) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(TEXT_BUDGET_BYTES);
    const joined = pages.map((p) => p.replace(/\n……\n回复 1 查看详情$/, '').replace(/^（续）\n/, '')).join('\n');
    expect(joined).toBe(long);
    // Only the question was decided on; the pages came from the reply state.
    expect(f.calls.map((c) => c.text)).toEqual(['问一个长问题']);
  });

  it('says a reply was all there on “1” when nothing was cut and the answer has no longer version', async () => {
    const f = fakeApp();
    await post(f, textXml('短问题'));
    expect(readReply((await post(f, textXml('1'))).text).Content).toContain('已经全部显示了');
    expect(f.calls.map((c) => c.text)).toEqual(['短问题']);
  });

  it('forgets the rest of an old answer once a new question is asked', async () => {
    let answer = long;
    const f = fakeApp({ handle: () => [{ type: 'text', text: answer }] });
    await post(f, textXml('长'));
    answer = '短答案。';
    await post(f, textXml('新问题'));
    const more = readReply((await post(f, textXml('1'))).text).Content!;
    expect(more).not.toContain('第');
    expect(more).toContain('已经全部显示了');
  });
});

describe('wechat “1” after several answers', () => {
  it('shows the longer version of the latest answer, never one two turns back', async () => {
    const f = fakeApp({
      handle: ({ text }) => (text.startsWith('问') ? { replies: [{ type: 'text', text: `答：${text}` }], detail: `${text}的详细说明` } : [{ type: 'text', text: `答：${text}` }]),
    });
    const say = async (text: string) => readReply((await post(f, textXml(text))).text).Content;
    await say('问甲');
    await say('问乙');
    expect(await say('1')).toBe('问乙的详细说明');
    expect(await say('详情')).toBe('问乙的详细说明');
    await say('谢谢');
    expect(await say('1')).toContain('已经全部显示了');
    expect(f.calls.map((c) => c.text)).toEqual(['问甲', '问乙', '谢谢']);
  });

  it('continues a cut reply before it shows the answer’s longer version', async () => {
    const long = Array.from({ length: 80 }, (_, i) => `第${i + 1}条：备案后在定点医疗机构持卡就医。`).join('\n');
    const f = fakeApp({ handle: () => ({ replies: [{ type: 'text', text: long }], detail: '更长的说明。' }) });
    const say = async (text: string) => readReply((await post(f, textXml(text))).text).Content!;
    let page = await say('长问题');
    while (page.endsWith(MORE_HINT)) page = await say('1');
    expect(await say('1')).toBe('更长的说明。');
    expect(f.calls).toHaveLength(1);
  });
});

describe('wechat replayed requests', () => {
  it('refuses a correctly signed message whose timestamp is an hour old, and processes nothing', async () => {
    const f = fakeApp();
    const res = await post(f, textXml('备案要什么材料'), signedQuery(nowSeconds(-3600)));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('stale_request');
    expect(f.calls).toHaveLength(0);
  });

  it('refuses a timestamp from the future or not a number, and a URL verification replayed later', async () => {
    const f = fakeApp();
    expect((await post(f, textXml('hi'), signedQuery(nowSeconds(3600)))).status).toBe(401);
    expect((await post(f, textXml('hi'), signedQuery('yesterday'))).status).toBe(401);
    expect((await request(f.http).get('/wechat').query({ ...signedQuery(nowSeconds(-900)), echostr: 'x' })).status).toBe(401);
    expect(f.calls).toHaveLength(0);
  });

  it('accepts a few minutes of clock difference between WeChat and this server', async () => {
    const f = fakeApp();
    expect((await post(f, textXml('你好'), signedQuery(nowSeconds(-120)))).status).toBe(200);
    expect((await post(f, textXml('你好'), signedQuery(nowSeconds(120)))).status).toBe(200);
    expect(f.calls).toHaveLength(2);
  });
});
