/**
 * The channels' answer (filing_how) for a person of one of 潍坊's districts: asked of the offline channels (窗口, 去哪,
 * 电话), their own district's window and line follow in the same reply, and the answer no longer points to the
 * contacts' button for them (“各县市区的窗口地址和电话可以点‘联系电话’查看” beside the very card was a contradiction);
 * asked how to file on the phone, the answer as written, with no contacts card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Reply } from '../../src/domain/reply.js';
import { realApp } from '../server/fixtures.js';

let app: App;
let n = 0;
async function say(text: string): Promise<{ intent: string | undefined; replies: Reply[]; words: string }> {
  const out = await app.assistant.handle({ channel: 'test', sessionId: `channels-district-${n++}`, text, now: new Date(2026, 11, 7, 12) });
  const words = out.replies.map((r) => (r.type === 'text' ? r.text : r.type === 'card' ? `${r.title}\n${r.text}` : '')).join('\n');
  return { intent: out.intent, replies: out.replies, words };
}
const POINTER = '可以点“联系电话”查看';
const contactsCard = (replies: Reply[]) => replies.find((r) => r.type === 'card' && r.title.startsWith('联系方式'));

beforeAll(async () => {
  app = await realApp();
});
afterAll(async () => {
  await app?.close();
});

describe('潍坊 district: where to file offline, and on the phone', () => {
  it('“线下去哪里办备案”: 寿光’s window and line, cited, and no pointer to the contacts’ button', async () => {
    for (const text of ['我是潍坊寿光的，线下去哪里办备案', '寿光医保备案窗口在哪']) {
      const a = await say(text);
      expect(a.intent, text).toBe('filing_how');
      expect(a.words, text).toContain('寿光市农圣街豪源路');
      expect(a.words, text).toContain('5260521');
      expect(a.words, text).not.toContain(POINTER);
      expect(a.words, text).toContain('您所在县市区的窗口地址和电话如下');
      const card = contactsCard(a.replies);
      expect(card?.type === 'card' && card.source?.some((s) => s.document === 'weifang'), text).toBe(true);
    }
  });

  it('“手机上怎么备案”: the online channels as the answer writes them, no district card', async () => {
    const a = await say('我是潍坊寿光的，手机上怎么备案');
    expect(a.intent).toBe('filing_how');
    expect(a.words).toContain('国家医保服务平台APP');
    expect(a.words).toContain(POINTER);
    expect(contactsCard(a.replies)).toBeUndefined();
  });

  it('“我是寿光的 去济南住院 线下去哪里办备案”: the in-province answer stays — no filing told for a trip that needs none', async () => {
    const a = await say('我是寿光的 去济南住院 线下去哪里办备案');
    expect(a.intent).toBe('filing_how');
    expect(a.words).toContain('省内临时外出就医无需备案');
    expect(a.words).not.toContain('即时提交、即时生效。您所在县市区的窗口地址和电话如下');
    expect(a.words).toContain('寿光市农圣街豪源路');
  });

  it("every answer's district pointer is a sentence its text holds, so the swap can happen", () => {
    const pointed = app.kb.knowledge.intents.flatMap((i) => i.answers).filter((x) => x.district_pointer);
    expect(pointed.length).toBeGreaterThan(0);
    for (const x of pointed) expect(x.text, x.region).toContain(x.district_pointer!.to_button);
  });
});
