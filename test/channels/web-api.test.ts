/**
 * The HTTP API of `npm start` (interfaces.md §3) against the real content and assistant:
 * the chat turn's JSON shape, the agent answer, healthz, the pages, the QR codes.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ReplySchema } from '../../src/domain/reply.js';
import { INTENT_IDS } from '../../src/domain/intents.js';
import { FLOW_NAMES } from '../../src/domain/types.js';
import { MENU_INTENTS } from '../../src/dialogue/policy.js';
import { checkChatRequest } from '../../src/channels/web/chat-request.js';
import { useRealHttp } from '../server/fixtures.js';

const real = useRealHttp();

const chat = (session: string, text: string) => request(real.http).post('/api/chat').send({ session, text });

describe('POST /api/chat', () => {
  it('answers one turn with the JSON of interfaces.md §2', async () => {
    const res = await chat('api-shape', '潍坊参保的退休人员备案要啥材料');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body as Record<string, unknown>;
    expect(body.session).toBe('api-shape');
    expect(INTENT_IDS).toContain(body.intent);
    expect(body.intent).toBe('materials');
    expect(body.slots).toMatchObject({ insured_region: { code: '370700', name: '潍坊市' } });
    expect(body.flow === null || (FLOW_NAMES as readonly unknown[]).includes(body.flow)).toBe(true);
    const replies = body.replies as unknown[];
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) expect(ReplySchema.safeParse(r).success).toBe(true);
    expect(replies.some((r) => (r as { type: string }).type === 'card')).toBe(true);
  });

  it('cannot reach a WeChat or Wechaty conversation by naming its OpenID as the session', async () => {
    const openId = 'oUpF8uMuAJO_namespace_probe';
    for (const channel of ['wechat', 'wechaty'] as const) {
      const started = await real.app.assistant.handle({ channel, sessionId: openId, text: '我要备案' });
      expect(started.flow).toBe('filing');
    }
    const res = await chat(openId, '潍坊市');
    expect(res.status).toBe(200);
    expect(res.body.flow).toBeNull();
    // The WeChat conversation still waits for its answer.
    const wechat = await real.app.assistant.handle({ channel: 'wechat', sessionId: openId, text: '潍坊市' });
    expect(wechat.flow).toBe('filing');
    expect(wechat.slots.insured_region?.code).toBe('370700');
  });

  it('keeps a conversation per session and reports the active flow', async () => {
    const first = await chat('api-flow', '我要备案');
    expect(first.body.flow).toBe('filing');
    const other = await chat('api-other', '你好');
    expect(other.body.flow).toBeNull();
    const second = await chat('api-flow', '潍坊市');
    expect(second.body.flow).toBe('filing');
    expect(second.body.slots.insured_region).toEqual({ code: '370700', name: '潍坊市' });
  });

  it('forgets a conversation on POST /api/reset', async () => {
    await chat('api-reset', '我要备案');
    expect((await request(real.http).post('/api/reset').send({ session: 'api-reset' })).body).toEqual({ ok: true });
    const after = await chat('api-reset', '你好');
    expect(after.body.flow).toBeNull();
    expect(after.body.slots).toEqual({});
  });
});

describe('the chat request’s check', () => {
  it('takes a session of 1–128 characters once trimmed and a text of up to 2,000 characters, dropping other keys', () => {
    const taken: Array<[unknown, { session: string; text: string }]> = [
      [{ session: 's1', text: '你好' }, { session: 's1', text: '你好' }],
      [{ session: '  s1 ', text: '' }, { session: 's1', text: '' }],
      [{ session: 's1', text: '你好', extra: 1 }, { session: 's1', text: '你好' }],
      [{ session: 'x'.repeat(128), text: '好'.repeat(2000) }, { session: 'x'.repeat(128), text: '好'.repeat(2000) }],
      [{ session: ` ${'x'.repeat(128)} `, text: '😀'.repeat(1000) }, { session: 'x'.repeat(128), text: '😀'.repeat(1000) }],
    ];
    for (const [body, request] of taken) expect(checkChatRequest(body), JSON.stringify(body)).toEqual({ ok: true, request });
  });

  it('refuses anything else, naming the field', () => {
    const refused: unknown[] = [
      { session: 'x'.repeat(129), text: 'a' }, { session: '   ', text: 'a' }, { session: '', text: 'a' }, { session: 's', text: 'a'.repeat(2001) },
      { session: 's', text: '😀'.repeat(2001) }, { session: 1, text: 'a' }, { session: 's', text: null }, { session: 's' }, { text: 'a' },
      [], ['s', 'a'], null, 's', 3, {},
    ];
    for (const body of refused) expect(checkChatRequest(body), JSON.stringify(body)).toMatchObject({ ok: false, problem: expect.stringMatching(/^(session|text|body): \S/) });
  });
});

describe('GET /api/answer', () => {
  it('gives the ranking, the answer for the region, the other variants and the citations', async () => {
    const res = await request(real.http).get('/api/answer').query({ q: '退休人员异地安置备案要什么材料', region: '420100' });
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.intent).toBe('materials');
    expect(body.ranking).toHaveLength(3);
    for (const r of body.ranking) {
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      expect(typeof r.label).toBe('string');
    }
    expect(body.region).toEqual({ code: '420100', name: '武汉市' });
    expect(body.answer.coverage).toBe('specific');
    expect(body.answer.region.code).toBe('420100');
    expect(body.answer.sources.length).toBeGreaterThan(0);
    for (const s of body.answer.sources) expect(Object.keys(s).sort()).toEqual(['document', 'quote', 'title']);
    const regions = new Set(body.variants.map((v: { region: { code: string } | null }) => v.region?.code));
    expect(regions.has('370700')).toBe(true);
    expect(regions.has('430000')).toBe(true);
  });

  it('takes the region by name as well as by code, and says which rule level answered', async () => {
    const ask = (region: string, q = '临时外出就医备案有效期多久') => request(real.http).get('/api/answer').query({ q, region });
    const weifang = await ask('潍坊');
    expect(weifang.status).toBe(200);
    expect(weifang.body.region).toEqual({ code: '370700', name: '潍坊市' });
    expect(weifang.body.answer).toMatchObject({ level: 'local', coverage: 'specific', label: [] });
    expect(weifang.body.answer.text).toContain('不再设置有效期');
    // the national rule is the console's own column, for the same person category
    expect(weifang.body.national.region).toBeNull();
    expect(weifang.body.national.text).toContain('不少于6个月');
    const shouguang = await ask('寿光市');
    expect(shouguang.body.region).toEqual({ code: '370783', name: '寿光市' });
    expect(shouguang.body.answer.level).toBe('local');
    const chaoyang = await ask('北京市朝阳区');
    expect(chaoyang.body.region).toEqual({ code: '110105', name: '朝阳区' });
    expect(chaoyang.body.answer.level).toBe('national');
    expect(chaoyang.body.answer.label.join('')).toContain('以下是国家文件的规定（医保发〔2022〕22号');
    expect(chaoyang.body.answer.notes.join('')).toContain('12393');
    for (const s of chaoyang.body.answer.sources) expect(s.title).not.toMatch(/潍坊|武汉|湖南|芮城/);
    // an answer quoting the 2022 notice and its annex (the 经办规程): the label the agent reads names both, as its sources do
    const both = await ask('北京市朝阳区', '异地就医备案怎么办理，在哪里办');
    const titles = both.body.answer.sources.map((s: { title: string }) => s.title);
    expect(titles).toEqual(expect.arrayContaining(['基本医疗保险跨省异地就医直接结算经办规程']));
    expect(titles.some((t: string) => t.includes('关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知'))).toBe(true);
    expect(both.body.answer.label.join('')).toContain('医保发〔2022〕22号及其附件');
    const silent = await ask('芮城', '备案有效期多久');
    expect(silent.body.answer).toMatchObject({ level: 'national', coverage: 'national_for_covered' });
    expect(silent.body.answer.label[0]).toContain('芮城县的文件对此没有单独规定');
    const unknown = await ask('火星市');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('bad_region');
  });

  it('gives a question outside the domain from 北京 its reply as it stands, never dressed as a national rule with sources', async () => {
    const res = await request(real.http).get('/api/answer').query({ q: '我家的猫生病了该怎么办', region: '110105' });
    expect(res.status).toBe(200);
    expect(res.body.intent).toBe('out_of_scope');
    expect(res.body.low_confidence).toBe(true);
    expect(res.body.answer).toMatchObject({ level: 'none', label: [], notes: [], sources: [] });
    expect(res.body.answer.text).toContain('不在我能解答的范围内');
    expect(res.body.national).toBeNull();
    expect(res.body.variants).toEqual([]);
    // a domain question from the same caller is still framed by the national rule and who decides locally
    const domain = await request(real.http).get('/api/answer').query({ q: '备案有效期多久', region: '110105' });
    expect(domain.body.answer.level).toBe('national');
    expect(domain.body.answer.notes.join('')).toContain('北京市朝阳区的医保部门');
  });

  it('answers without a region and refuses a bad one', async () => {
    const none = await request(real.http).get('/api/answer').query({ q: '备案有效期多久' });
    expect(none.status).toBe(200);
    expect(none.body.region).toBeNull();
    const bad = await request(real.http).get('/api/answer').query({ q: '备案', region: '999999' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_region');
    const empty = await request(real.http).get('/api/answer').query({ q: ' ' });
    expect(empty.status).toBe(400);
  });
});

describe('/api/answer with the question asked before (`previous`)', () => {
  const materials = '退休人员异地安置备案要什么材料';

  it('answers a caller’s “湖南的呢” as the earlier question for 湖南, and the chain goes on from that question', async () => {
    const hunan = await request(real.http).post('/api/answer').send({ q: '湖南的呢', region: '370700', previous: materials, session: 'console-fu', turn: 2 });
    expect(hunan.status).toBe(200);
    expect(hunan.body).toMatchObject({ q: '湖南的呢', intent: 'materials', follow_up_of: materials, region_from_question: true, low_confidence: false });
    expect(hunan.body.region).toEqual({ code: '430000', name: '湖南省' });
    expect(hunan.body.covered_region.code).toBe('430000');
    expect(hunan.body.answer.region.code).toBe('430000');
    // “换成芮城的呢”, “那潍坊呢” (read as a yes by the classifier on its own), by GET as the console sends it
    const ruicheng = await request(real.http).get('/api/answer').query({ q: '换成芮城的呢', region: '430000', previous: materials });
    expect(ruicheng.body).toMatchObject({ intent: 'materials', follow_up_of: materials, region: { code: '140830' } });
    expect(ruicheng.body.answer.region.code).toBe('140830');
    const weifang = await request(real.http).get('/api/answer').query({ q: '那潍坊呢', region: '140830', previous: materials });
    expect(weifang.body).toMatchObject({ intent: 'materials', follow_up_of: materials, region: { code: '370700' } });
    expect(weifang.body.answer.text).toBe(
      (await request(real.http).get('/api/answer').query({ q: materials, region: '370700' })).body.answer.text);
  });

  it('reads the place alone as before when nothing was asked before, the earlier question was not ours, or the text says more', async () => {
    const alone = await request(real.http).get('/api/answer').query({ q: '湖南的呢', region: '370700' });
    expect(alone.body).toMatchObject({ intent: 'out_of_scope', follow_up_of: null });
    const afterCat = await request(real.http).get('/api/answer').query({ q: '湖南的呢', previous: '我家的猫生病了该怎么办' });
    expect(afterCat.body).toMatchObject({ intent: 'out_of_scope', follow_up_of: null });
    const whole = await request(real.http).get('/api/answer').query({ q: '湖南备案有效期多久', previous: materials });
    expect(whole.body).toMatchObject({ intent: 'filing_validity', follow_up_of: null, region: { code: '430000' } });
  });

  it('refuses a `previous` that is not one question of at most 2,000 characters, never answering without it', async () => {
    const twice = await request(real.http).get('/api/answer?q=%E6%B9%96%E5%8D%97%E7%9A%84%E5%91%A2&previous=a&previous=b');
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toMatch(/^previous:/);
    const number = await request(real.http).post('/api/answer').send({ q: '湖南的呢', previous: 3 });
    expect(number.status).toBe(400);
    const long = await request(real.http).post('/api/answer').send({ q: '湖南的呢', previous: '备'.repeat(2001) });
    expect(long.status).toBe(400);
    const empty = await request(real.http).post('/api/answer').send({ q: '湖南的呢', previous: '' });
    expect(empty.body).toMatchObject({ intent: 'out_of_scope', follow_up_of: null });
  });
});

describe('health, pages and QR codes', () => {
  it('GET /healthz', async () => {
    const res = await request(real.http).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('serves the kiosk with the menu of the intents’ labels and the idle time', async () => {
    const res = await request(real.http).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    for (const id of MENU_INTENTS) expect(res.text).toContain(`data-say="${real.app.kb.intent(id).label}"`);
    expect(res.text).toContain(`data-idle-seconds="${real.app.config.KIOSK_IDLE_SECONDS}"`);
    expect(res.text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('serves the agent console with the four regions and 其他/未指定', async () => {
    const res = await request(real.http).get('/agent');
    expect(res.status).toBe(200);
    for (const code of ['420100', '430000', '140830', '370700']) expect(res.text).toContain(`value="${code}"`);
    expect(res.text).toContain('<option value="">其他/未指定</option>');
  });

  it('serves the static assets from this server', async () => {
    for (const f of ['kiosk.js', 'chat-client.js', 'replies.js', 'agent.js', 'kiosk.css', 'agent.css', 'filing.css', 'filing.js']) {
      const res = await request(real.http).get(`/static/${f}`);
      expect(res.status, f).toBe(200);
      expect(res.text, f).not.toMatch(/(src|href)=["']?https?:|import .* from ['"]https?:/);
    }
  });

  it('draws QR codes of this server’s own URLs only', async () => {
    const own = await request(real.http).get('/qr.svg').query({ u: 'http://127.0.0.1:3999/filing/abc.def' });
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(String(own.body)).toContain('<svg');
    const sameHost = await request(real.http).get('/qr.svg').set('Host', 'kiosk.example:8080').query({ u: 'http://kiosk.example:8080/filing/x' });
    expect(sameHost.status).toBe(200);
    // A hotline as tel: (the kiosk cannot dial; a phone scans it), and nothing else after tel:.
    for (const u of ['tel:12393', 'tel:0536-8102788']) {
      const res = await request(real.http).get('/qr.svg').query({ u });
      expect(res.status, u).toBe(200);
      expect(String(res.body)).toContain('<svg');
    }
    for (const u of ['https://evil.example/x', 'javascript:alert(1)', 'http://127.0.0.1:4000/', '', `http://127.0.0.1:3999/${'x'.repeat(2000)}`,
      'tel:12393?x=https://evil.example', 'tel:', 'tel:abc', `tel:${'1'.repeat(40)}`]) {
      const res = await request(real.http).get('/qr.svg').query({ u });
      expect(res.status, u).toBe(400);
      expect(res.body.error.code).toBe('bad_url');
    }
  });
});
