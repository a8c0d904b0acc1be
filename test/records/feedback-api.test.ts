/** POST /api/feedback over HTTP: 204 on a turn the chat API just answered, 4xx JSON on bad input. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/server/http.js';
import { realApp, testDeps, useRealHttp } from '../server/fixtures.js';

describe('POST /api/feedback', () => {
  const real = useRealHttp();

  it('lands a 👎 with its reason on the turn the chat API numbered', async () => {
    const chat = await request(real.http).post('/api/chat').send({ session: 'fb-http', text: '异地就医备案要带什么材料' });
    expect(chat.body.turn).toBe(1);
    const res = await request(real.http).post('/api/feedback').send({ session: 'fb-http', turn: chat.body.turn, rating: 'down', reason: '太长了' });
    expect(res.status).toBe(204);
    const rows = await real.app.records!.store.turns({ from: '2000-01-01', to: '2999-12-31' });
    const mine = rows.find((r) => r.conversation === real.app.records!.recorder.conversationId('web:fb-http'))!;
    expect([mine.feedback, mine.feedback_reason]).toEqual(['down', '太长了']);
  });

  it('drops keys the contract does not name, as POST /api/chat does, and keeps the rating', async () => {
    const chat = await request(real.http).post('/api/chat').send({ session: 'fb-extra', text: '异地就医备案要带什么材料', client: 'kiosk-2' });
    expect(chat.status).toBe(200);
    const res = await request(real.http).post('/api/feedback').send({ session: 'fb-extra', turn: chat.body.turn, rating: 'up', client: 'kiosk-2', reasons: '写错的键' });
    expect(res.status).toBe(204);
    const rows = await real.app.records!.store.turns({ from: '2000-01-01', to: '2999-12-31' });
    const mine = rows.find((r) => r.conversation === real.app.records!.recorder.conversationId('web:fb-extra'))!;
    expect([mine.feedback, mine.feedback_reason]).toEqual(['up', null]);
  });

  it('counts a reason’s length in characters, as the chat text: 500 emoji are kept, 501 refused', async () => {
    await request(real.http).post('/api/chat').send({ session: 'fb-emoji', text: '异地就医备案要带什么材料' });
    const longest = '😀'.repeat(500);
    const res = await request(real.http).post('/api/feedback').send({ session: 'fb-emoji', rating: 'down', reason: longest });
    expect(res.status).toBe(204);
    const rows = await real.app.records!.store.turns({ from: '2000-01-01', to: '2999-12-31' });
    const mine = rows.find((r) => r.conversation === real.app.records!.recorder.conversationId('web:fb-emoji'))!;
    expect(mine.feedback_reason).toBe(longest);
    const over = await request(real.http).post('/api/feedback').send({ session: 'fb-emoji', rating: 'down', reason: `${longest}😀` });
    expect([over.status, over.body.error.code]).toEqual([400, 'bad_request']);
  });

  it('lands the agent console’s 👍 on the look-up it rated (the console names its page and question)', async () => {
    const lookup = await request(real.http).get('/api/answer').query({ q: '异地就医备案要带什么材料', region: '潍坊', session: 'console-page-1', turn: 2 });
    expect(lookup.status).toBe(200);
    const res = await request(real.http).post('/api/feedback').send({ session: 'console-page-1', turn: 2, rating: 'up' });
    expect(res.status).toBe(204);
    const rows = await real.app.records!.store.turns({ from: '2000-01-01', to: '2999-12-31' });
    const mine = rows.filter((r) => r.conversation === real.app.records!.recorder.conversationId('web:console-page-1'));
    expect(mine.map((r) => [r.channel, r.turn, r.feedback])).toEqual([['agent', 2, 'up']]);
  });

  it('does not count a HEAD of the look-up (a monitor) as a question an agent asked', async () => {
    const head = await request(real.http).head('/api/answer').query({ q: '备案多久生效', session: 'monitor-page', turn: 1 });
    expect(head.status).toBe(200);
    const get = await request(real.http).get('/api/answer').query({ q: '备案多久生效', session: 'console-page-2', turn: 1 });
    expect(get.status).toBe(200);
    await real.app.records!.recorder.flush();
    const rows = await real.app.records!.store.turns({ from: '2000-01-01', to: '2999-12-31' });
    const ids = (page: string) => rows.filter((r) => r.conversation === real.app.records!.recorder.conversationId(`web:${page}`));
    expect(ids('monitor-page')).toEqual([]);
    expect(ids('console-page-2').map((r) => r.channel)).toEqual(['agent']);
    // and under no other conversation either: the one look-up of that question is the GET's
    expect(rows.filter((r) => r.channel === 'agent' && r.text === '备案多久生效')).toHaveLength(1);
  });

  it.each([
    [{ session: 'fb-http', rating: 'meh' }, 400, 'bad_request'],
    [{ session: '', rating: 'up' }, 400, 'bad_request'],
    [{ session: 'fb-http', turn: 'one', rating: 'up' }, 400, 'bad_request'],
    [{ session: 'fb-http', turn: 99, rating: 'up' }, 404, 'unknown_turn'],
    [{ session: 'never-spoke', rating: 'up' }, 404, 'unknown_turn'],
  ])('refuses %j with %i', async (body, status, code) => {
    const res = await request(real.http).post('/api/feedback').send(body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it('answers 404 JSON where records are off', async () => {
    const app = await realApp({ RECORDS: 'off' });
    const res = await request(createHttpApp(app, testDeps(app))).post('/api/feedback').send({ session: 's', rating: 'up' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('records_off');
    await app.close();
  });
});
