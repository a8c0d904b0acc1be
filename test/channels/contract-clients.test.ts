/**
 * interfaces.md §2–§3 as clients we never see drive them: a hotline tool that posts the region as a
 * JSON number or as the {code, name} object our own answers carry, a script that posts a form or
 * plain text, a chat whose first turn is an answer given inside a flow. Each case here once went
 * wrong without an error: the region silently dropped (the national answer instead of the local
 * one), a form answered as a missing field, an answer without its `level`.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createHttpApp } from '../../src/server/http.js';
import { freePort, realApp, testDeps, useRealHttp } from '../server/fixtures.js';

const real = useRealHttp({ PORT: '3999', RATE_LIMIT_PER_MINUTE: '1000' });

const post = (path: string, body: unknown) => request(real.http).post(path).send(body as object);

describe('/api/answer: the region as a client sends it', () => {
  it('takes the code as a JSON number and as the {code, name} object, and answers for that region', async () => {
    const q = '备案有效期多久';
    const asString = await post('/api/answer', { q, region: '370700' });
    expect(asString.body.answer).toMatchObject({ level: 'local', region: { code: '370700' } });
    for (const region of [370700, { code: '370700', name: '潍坊市' }, { code: '370700' }]) {
      const res = await post('/api/answer', { q, region });
      expect(res.status, JSON.stringify(region)).toBe(200);
      expect(res.body.region, JSON.stringify(region)).toEqual({ code: '370700', name: '潍坊市' });
      expect(res.body.answer.text).toBe(asString.body.answer.text);
    }
  });

  it('refuses a region it cannot read with 400 bad_region, never answering as if none was given', async () => {
    const cases: Array<[string, unknown]> = [
      ['POST a list', ['370700', '420100']],
      ['POST a boolean', true],
      ['POST an object without a code', { name: '潍坊市' }],
      ['POST a number that is no code', 37.07],
    ];
    for (const [name, region] of cases) {
      const res = await post('/api/answer', { q: '备案有效期多久', region });
      expect(res.status, name).toBe(400);
      expect(res.body.error.code, name).toBe('bad_region');
    }
    const twice = await request(real.http).get('/api/answer').query('q=备案有效期多久&region=370700&region=420100');
    expect(twice.status).toBe(400);
    expect(twice.body).toEqual({ error: { code: 'bad_region', message: expect.stringContaining('one region') } });
  });
});

describe('/api/answer: a region name several places share', () => {
  it('does not call 朝阳区 or 鼓楼区 unknown: the error says to add the city or province, and with it the place is served', async () => {
    for (const name of ['朝阳区', '鼓楼区']) {
      const res = await request(real.http).get('/api/answer').query({ q: '备案有效期多久', region: name });
      expect(res.status, name).toBe(400);
      expect(res.body.error.code, name).toBe('bad_region');
      expect(res.body.error.message, name).not.toMatch(/nor a place name we know/);
      expect(res.body.error.message, name).toMatch(/city or province/);
    }
    const named = await request(real.http).get('/api/answer').query({ q: '备案有效期多久', region: '北京市朝阳区' });
    expect(named.body.region).toEqual({ code: '110105', name: '朝阳区' });
  });
});

describe('/api/answer: a weak guess for a hotline agent', () => {
  it('offers only topics of the domain to pick from, never 确认 or 再见 as what the caller may have meant', async () => {
    for (const q of ['abc', '办好了吗']) {
      const res = await request(real.http).get('/api/answer').query({ q });
      expect(res.body.low_confidence, q).toBe(true);
      const picked = (res.body.choices as Array<{ intent: string }>).map((c) => c.intent);
      for (const intent of ['affirm', 'deny', 'goodbye', 'greeting', 'thanks', 'help', 'out_of_scope']) expect(picked, q).not.toContain(intent);
      // the ranking itself stays as the classifier gave it
      expect(res.body.ranking.length, q).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('a body that is not JSON', () => {
  it('is 415 unsupported_media_type naming the content type to send, on every JSON endpoint', async () => {
    const bodies = {
      '/api/chat': { session: 'ct', text: '你好' },
      '/api/reset': { session: 'ct' },
      '/api/answer': { q: '备案要什么材料' },
      '/api/feedback': { session: 'ct', rating: 'up' },
    };
    for (const [path, body] of Object.entries(bodies)) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
        const res = await request(real.http).post(path).set('Content-Type', type)
          .send(type === 'text/plain' ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>).toString());
        expect(res.status, `${path} ${type}`).toBe(415);
        expect(res.headers['content-type']).toMatch(/application\/json/);
        expect(res.body, `${path} ${type}`).toEqual({ error: { code: 'unsupported_media_type', message: expect.stringContaining('application/json') } });
      }
    }
    // The same requests as JSON are answered.
    expect((await post('/api/chat', bodies['/api/chat'])).status).toBe(200);
    expect((await post('/api/answer', bodies['/api/answer'])).status).toBe(200);
  });
});

describe('/api/feedback from a client that writes a field it leaves out as null', () => {
  it('keeps the rating when turn or reason is null (read as not given), and still refuses a wrong type', async () => {
    const chat = await post('/api/chat', { session: 'fb-null', text: '备案要什么材料' });
    expect(chat.body.turn).toBe(1);
    // Before, each was 400 bad_request (“reason: … received null”) and the rating was lost.
    expect((await post('/api/feedback', { session: 'fb-null', turn: 1, rating: 'up', reason: null })).status).toBe(204);
    expect((await post('/api/feedback', { session: 'fb-null', turn: null, rating: 'down', reason: null })).status).toBe(204);
    const wrong = await post('/api/feedback', { session: 'fb-null', turn: 1, rating: 'up', reason: 5 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('bad_request');
    expect((await post('/api/feedback', { session: 'fb-null', turn: 9, rating: 'up', reason: null })).body.error.code).toBe('unknown_turn');
  });
});

describe('/api/chat: `level` wherever an answer is given', () => {
  it('says national on the turn that answers “结算失败怎么办” and then starts the check, local for a covered place', async () => {
    const national = await post('/api/chat', { session: 'level-diagnosis', text: '结算失败怎么办' });
    expect(national.body.flow).toBe('diagnosis');
    expect(national.body.replies[0].text).toContain('全国统一规定');
    expect(national.body.level).toBe('national');

    const local = await post('/api/chat', { session: 'level-diagnosis-wuhan', text: '武汉参保的，结算失败怎么办' });
    expect(local.body.flow).toBe('diagnosis');
    expect(local.body.replies[0].text).not.toContain('全国统一规定');
    expect(local.body.level).toBe('local');
  });

  it('says it on the turn a flow ends with its result: the estimate, the filing form, the check', async () => {
    const say = async (session: string, texts: string[]) => {
      let last: request.Response | undefined;
      for (const text of texts) last = await post('/api/chat', { session, text });
      return last!.body as { flow: string | null; level?: string; replies: Array<{ type: string; title?: string; text?: string }> };
    };
    // 芮城's own rate table computes the estimate: the local rule answered.
    const estimate = await say('level-estimate', ['芮城的，去西安住院花了5万，能报多少', '城镇职工医保']);
    expect(estimate.flow).toBeNull();
    expect(estimate.replies.some((r) => r.type === 'card' && r.title?.includes('芮城县'))).toBe(true);
    expect(estimate.level).toBe('local');
    // 北京 has no notice here: the form comes with the national materials, labelled as such.
    const filing = await say('level-filing', ['我要备案', '北京', '其他临时外出就医人员', '上海', '明天', '城乡居民医保', '确认']);
    expect(filing.replies.some((r) => r.type === 'link')).toBe(true);
    expect(filing.replies[0]!.text).toContain('全国统一规定');
    expect(filing.level).toBe('national');
    // The check for 芮城 ends on the national rule and 芮城's own list for a 手工报销.
    const check = await say('level-check', ['结算失败怎么办', '芮城县', '是', '是', '是']);
    expect(check.flow).toBeNull();
    expect(check.replies.some((r) => r.type === 'card')).toBe(true);
    expect(check.level).toBe('local');
  });

  it('says none where an answer is given that neither rule states (a neighbouring topic), and nothing on a greeting', async () => {
    const maternity = await post('/api/chat', { session: 'level-adjacent', text: '在外地生孩子能报销吗' });
    expect(maternity.body.intent).toBe('maternity');
    expect(maternity.body.replies.some((r: { type: string }) => r.type === 'card')).toBe(true);
    expect(maternity.body.level).toBe('none');
    const greeting = await post('/api/chat', { session: 'level-greeting', text: '你好' });
    expect(greeting.body.intent).toBe('greeting');
    expect(greeting.body).not.toHaveProperty('level');
  });
});

describe('REDIS_URL pointing where nothing listens (the shared Redis is never stopped for this)', () => {
  let app: App;
  let http: ReturnType<typeof createHttpApp>;
  beforeAll(async () => {
    app = await realApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_CONNECT_TIMEOUT_MS: '200', REDIS_COMMAND_TIMEOUT_MS: '200' });
    http = createHttpApp(app, testDeps(app));
  });
  afterAll(async () => {
    await app.close();
  });

  it('is not ready, naming the store, while it stays live and a person still gets an answer', async () => {
    // The first turns find Redis down; the circuit opens and readiness says which part is degraded.
    const chat = await request(http).post('/api/chat').send({ session: 'no-redis', text: '备案要什么材料' });
    expect(chat.status).toBe(200);
    expect(chat.body).toMatchObject({ session: 'no-redis', intent: 'materials' });
    await expect.poll(async () => (await request(http).get('/readyz')).status, { timeout: 10_000 }).toBe(503);
    const ready = await request(http).get('/readyz');
    expect(ready.body).toMatchObject({ ok: false, degraded: ['store'], store: { kind: 'redis', state: 'open' } });
    expect((await request(http).get('/healthz')).body).toEqual({ ok: true });
  });
});

