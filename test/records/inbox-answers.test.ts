/**
 * An operator's path from a 👎 to the answer people were given, through the real app over HTTP: the inbox group
 * links to the answers for the place those people were insured in (and the national one), not to a topic's every
 * region's answers to pick from.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/knowledge/base.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { useRealHttp } from '../server/fixtures.js';
import { answersFor } from '../../src/channels/admin/content.js';
import { PASSWORD_HASH, signIn } from './admin-support.js';

const kb = new KnowledgeBase(loadKnowledge());
const say = (id: string, vars?: Readonly<Record<string, string | number>>) => kb.say(id, vars);
/** The answers' names as the content list heads them (their h2), in page order. */
const listed = (html: string) => [...html.matchAll(/<h2 id="a-[^"]*">([^<]*)<\/h2>/g)].map((m) => m[1]!);

describe('from a 👎 in the inbox to the answer people were given', () => {
  const real = useRealHttp({ ADMIN_PASSWORD_HASH: PASSWORD_HASH });

  it('links each group to the answers of the place people were insured in, or to the national answer when none was said', async () => {
    const down = async (session: string, text: string, reason: string) => {
      const chat = await request(real.http).post('/api/chat').send({ session, text });
      expect(chat.body.intent).toBe('filing_validity');
      expect((await request(real.http).post('/api/feedback').send({ session, rating: 'down', reason })).status).toBe(204);
    };
    await down('ia-wuhan', '我是武汉参保的，备案有效期多久', '窗口说的和这里不一样');
    await down('ia-none', '备案有效期是多长时间呀', '没说清楚到底多久');
    // 寿光: a county only 潍坊市's notice covers, named as a person knows it (it was shown as 370783).
    const shouguang = await request(real.http).post('/api/chat').send({ session: 'ia-shouguang', text: '我是寿光参保的，备案有效期多久' });
    expect(shouguang.body.slots.insured_region?.code).toBe('370783');
    await request(real.http).post('/api/feedback').send({ session: 'ia-shouguang', rating: 'down', reason: '看不懂' });
    await real.app.records!.recorder.flush();
    const { cookie } = await signIn(real.http);
    const inbox = await request(real.http).get('/admin/inbox').set('Cookie', cookie);
    expect(inbox.status).toBe(200);
    const label = kb.knowledge.intents.find((i) => i.id === 'filing_validity')!.label;
    const links = [...inbox.text.matchAll(/<a href="(\/admin\/content\?[^"]*)">([^<]*)<\/a>/g)].map((m) => ({ href: m[1]!.replace(/&amp;/g, '&'), said: m[2]! }));
    const wuhan = links.find((l) => l.said === say('admin.inbox.edit_answers_for', { label, place: '武汉市' }));
    const national = links.find((l) => l.said === say('admin.inbox.edit_answers_national', { label }));
    expect(wuhan?.href).toBe('/admin/content?intent=filing_validity&region=420100');
    expect(national?.href).toBe('/admin/content?intent=filing_validity&region=national');
    const shouguangLink = links.find((l) => l.said === say('admin.inbox.edit_answers_for', { label, place: '寿光市' }));
    expect(shouguangLink?.href).toBe('/admin/content?intent=filing_validity&region=370783');
    const shouguangNames = listed((await request(real.http).get(shouguangLink!.href).set('Cookie', cookie)).text);
    expect(shouguangNames.some((n) => n.includes('潍坊市'))).toBe(true);
    // 武汉's link: 武汉's answers and the national one, not 湖南's or 潍坊's among a dozen.
    const wuhanPage = await request(real.http).get(wuhan!.href).set('Cookie', cookie);
    expect(wuhanPage.status).toBe(200);
    const names = listed(wuhanPage.text);
    expect(names.length).toBeGreaterThan(1);
    expect(names.every((n) => n.includes('武汉市') || n.includes(say('admin.content.national')))).toBe(true);
    expect(names.some((n) => n.includes('潍坊市') || n.includes('湖南省'))).toBe(false);
    expect(wuhanPage.text).toContain(say('admin.content.only_region', { place: '武汉市' }));
    const nationalPage = await request(real.http).get(national!.href).set('Cookie', cookie);
    expect(listed(nationalPage.text)).toEqual([`${label}（filing_validity） · ${say('admin.content.national')}`]);
    // A made-up region filter is ignored, not a 5xx.
    expect((await request(real.http).get('/admin/content?intent=filing_validity&region=%3Cscript%3E').set('Cookie', cookie)).status).toBe(200);
  });

  it('counts a place’s city and province answers as its own (寿光 is insured under 潍坊市’s notice)', () => {
    expect(answersFor('370783', '370700')).toBe(true);
    expect(answersFor('370783', '370000')).toBe(true);
    expect(answersFor('370783', undefined)).toBe(true);
    expect(answersFor('370783', '420100')).toBe(false);
    expect(answersFor('national', '420100')).toBe(false);
  });
});

describe('a place said in one message and a question in the next', () => {
  const real = useRealHttp({ ADMIN_PASSWORD_HASH: PASSWORD_HASH });

  it('files the 👎 under the place the answer was for (武汉), not under “no place said”', async () => {
    await request(real.http).post('/api/chat').send({ session: 'ia-two', text: '我是武汉参保的' });
    const asked = await request(real.http).post('/api/chat').send({ session: 'ia-two', text: '备案有效期多久' });
    expect(asked.body.intent).toBe('filing_validity');
    expect(asked.body.slots.insured_region?.code).toBe('420100');
    expect((await request(real.http).post('/api/feedback').send({ session: 'ia-two', rating: 'down', reason: '和窗口说的不一样' })).status).toBe(204);
    await real.app.records!.recorder.flush();
    const { cookie } = await signIn(real.http);
    const inbox = await request(real.http).get('/admin/inbox').set('Cookie', cookie);
    const label = kb.knowledge.intents.find((i) => i.id === 'filing_validity')!.label;
    expect(inbox.text).toContain(say('admin.inbox.edit_answers_for', { label, place: '武汉市' }));
    expect(inbox.text).toContain('/admin/content?intent=filing_validity&amp;region=420100');
    // It was answered with 武汉's answer: the inbox must not say the person named no insured place.
    expect(inbox.text).not.toContain('/admin/content?intent=filing_validity&amp;region=national');
    expect(inbox.text).not.toContain(say('admin.inbox.edit_answers_national', { label }));
  });
});
