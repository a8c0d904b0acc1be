/**
 * decide() on a tiny knowledge base: answers, the long version, the region question, contacts and
 * the hand-off, as a person would notice them.
 */
import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/knowledge/base.js';
import { checkFlows } from '../../src/knowledge/flows.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { placeName } from '../../src/nlu/gazetteer.js';
import { CHANGSHA, deps, knowledge, msg, RUICHENG, Talk, WUHAN } from './fixture.js';

describe('decide', () => {
  it('runs on a fixture whose flows pass the content checks', () => {
    const k = knowledge();
    expect(checkFlows(k.flows, k.intents, k.prompts, k.facts.diagnosis)).toEqual([]);
  });

  it('gives the turn the long version of this answer, for “1 / 详情”, and none for an answer without one', () => {
    // The turn (src/core) keeps it for the next message; the policy says which one it is.
    const talk = new Talk();
    talk.say(msg('芮城备案要什么材料', 'materials', { insured_region: RUICHENG }));
    expect(talk.seen).toContain('芮城县备案材料：社保卡。');
    expect(talk.session.detail).toBe('芮城县备案材料的完整清单：社保卡、备案表。');
    talk.session = { ...talk.session, detail: undefined };
    talk.say(msg('长沙备案要什么材料', 'materials', { insured_region: CHANGSHA }));
    expect(talk.session.detail).toBeUndefined();
  });

  it('asks for the region when the answer varies by region, and “其他地区” asks to type it', () => {
    const talk = new Talk();
    talk.say(msg('备案要什么材料', 'materials'));
    expect(talk.seen).toContain(talk.d.kb.say('dialogue.ask_region'));
    expect(talk.choices).toEqual(['芮城县', '武汉市', '其他地区']);

    talk.say(msg('其他地区'));
    expect(talk.last.replies).toEqual([{ type: 'text', text: talk.d.kb.say('dialogue.other_region') }]);
    expect(talk.session.pendingIntent).toBe('materials');

    // The region typed next answers the question that waited.
    talk.say(msg('芮城', 'out_of_scope', { insured_region: RUICHENG }));
    expect(talk.last.intent).toBe('materials');
    expect(talk.seen).toContain('芮城县备案材料：社保卡。');
  });

  it('gives a region without a notice the common rule, and says its own agency decides the details', () => {
    const talk = new Talk();
    talk.say(msg('长沙备案要什么材料', 'materials', { insured_region: CHANGSHA }));
    expect(talk.seen).toContain('备案材料：各地共同的规则。');
    expect(talk.seen).toContain(talk.d.kb.say('national.insured_place_decides', { place: '长沙市' }));
    expect(talk.seen).not.toContain('芮城县备案材料');
  });

  it('asks which city for a shared district name said as their own with a question, even where the deployment has a place', () => {
    const shared = (text: string) => ({ ...msg(text, 'materials'), unresolvedPlace: '鼓楼区' });
    const kiosk = new Talk({ ...deps(), defaultRegion: RUICHENG });
    kiosk.say(shared('我是鼓楼区的 备案要什么材料'));
    // The four cities' 鼓楼区 listed with their provinces (places4), to pick by number or name.
    expect(kiosk.seen).toContain('有几个地方都叫鼓楼区：1. 江苏省南京市鼓楼区；2. 江苏省徐州市鼓楼区；3. 福建省福州市鼓楼区；4. 河南省开封市鼓楼区');
    expect(kiosk.seen).not.toContain('芮城县备案材料');
    expect(kiosk.session.pendingIntent).toBe('materials');
    // “去鼓楼区”: where the person goes, not where they are insured — the usual question.
    const going = new Talk();
    going.say(shared('去鼓楼区住院 备案要什么材料'));
    expect(going.seen).toContain(going.d.kb.say('dialogue.ask_region'));
    expect(going.seen).not.toContain('有几个地方都叫');
  });

  it('names a district whose name several places share under its city (南京市鼓楼区, not 鼓楼区)', () => {
    const talk = new Talk();
    talk.say(msg('南京鼓楼区备案要什么材料', 'materials', { insured_region: { code: '320106', name: '鼓楼区' } }));
    expect(talk.seen).toContain(talk.d.kb.say('national.insured_place_decides', { place: '南京市鼓楼区' }));
    expect(talk.seen).not.toContain('由鼓楼区');
    expect(talk.seen).not.toContain('联系鼓楼区');
  });

  it('gives a hotline the answer already states once in the words, with its source', () => {
    const talk = new Talk();
    talk.say(msg('芮城县医保咨询电话是多少', 'contact', { insured_region: RUICHENG }));
    const texts = talk.last.replies.flatMap((r) => (r.type === 'text' ? [r.text] : []));
    const cards = talk.last.replies.flatMap((r) => (r.type === 'card' ? [r] : []));
    expect(texts.join('').split('0359-0000000')).toHaveLength(2);
    // One card: the answer's source; no second list of the same number.
    expect(cards).toHaveLength(1);
    expect(cards[0]!.text).not.toContain(talk.d.kb.say('dialogue.contacts.hotline', { name: '芮城县医保', phone: '0359-0000000' }));
    expect(cards[0]!.source?.map((s) => s.quote)).toEqual(['城镇职工 0359-0000000']);
  });

  it('lists the contacts of the facts in one card when the answer does not give them', () => {
    const k = knowledge();
    k.facts.contacts.push({ region: WUHAN, kind: 'hotline', name: '武汉市医保', phone: '027-1111111', citation: { doc: 'w', quote: '热线 027-1111111' } });
    const talk = new Talk(deps(k));
    talk.say(msg('武汉医保电话', 'contact', { insured_region: WUHAN }));
    const cards = talk.last.replies.flatMap((r) => (r.type === 'card' ? [r] : []));
    expect(cards).toHaveLength(1);
    expect(cards[0]!.text).toBe(talk.d.kb.say('dialogue.contacts.hotline', { name: '武汉市医保', phone: '027-1111111' }));
    // The answer's own source stays, after the contact's.
    expect(cards[0]!.source?.map((x) => x.quote)).toEqual(['热线 027-1111111', '共同的规则']);
    expect(talk.seen.split('027-1111111')).toHaveLength(3); // the list and its quoted source
  });

  it('hands off with the region’s hotline, and names its source once', () => {
    const talk = new Talk();
    talk.say(msg('我是芮城的，转人工', 'human_agent', { insured_region: RUICHENG }));
    const handoff = talk.last.replies.find((r) => r.type === 'handoff');
    expect(handoff).toMatchObject({ phone: '0359-0000000' });
    expect(talk.seen.split('0359-0000000')).toHaveLength(3); // the hand-off and the quoted source
  });

  it('takes “人工”, “人工服务” and “找工作人员” as asking for a person', () => {
    for (const words of ['人工', '人工服务', '找工作人员']) {
      const talk = new Talk();
      talk.say(msg(words));
      expect(talk.last.intent, words).toBe('human_agent');
      expect(talk.last.replies.some((r) => r.type === 'handoff'), words).toBe(true);
    }
  });

  it('reads a written 如何 in a yes-or-no follow-up as its spoken 怎么: both ask for the next step, a bare one asks again', () => {
    const after = (text: string) => {
      const talk = new Talk();
      talk.say(msg('芮城备案要什么材料', 'materials', { insured_region: RUICHENG }));
      talk.say(msg(text, 'materials'));
      return talk.last.intent;
    };
    expect(after('那还用带吗')).toBe('materials');
    expect(after('那怎么还用带吗')).toBe('filing_how');
    expect(after('那如何还用带吗')).toBe('filing_how');
  });

  it('offers the likeliest topics for an unsure question, then the menu and a person after two misses', () => {
    const talk = new Talk();
    const unsure = { ...msg('那个钱和卡的事情怎么弄啊'), ranking: [{ intent: 'out_of_scope' as const, confidence: 0.3 }, { intent: 'manual_reimbursement' as const, confidence: 0.2 }] };
    talk.say(unsure);
    // One topic offered: asked about that one, not about “下面这些” — and never as a one-button question: 联系电话
    // beside it and the person to ask (dial22: “婆婆在广州去世了” had only 谁可以办).
    expect(talk.seen).toContain(talk.d.kb.say('dialogue.unsure.one'));
    expect(talk.seen).not.toContain('下面这些');
    expect(talk.choices).toEqual(['手工报销', '联系电话']);
    expect(talk.last.replies.some((r) => r.type === 'handoff')).toBe(true);
    talk.say(msg('天气怎么样'));
    expect(talk.seen).toContain(talk.d.kb.say('dialogue.not_understood'));
    expect(talk.last.replies.some((r) => r.type === 'handoff')).toBe(true);
  });
});

describe('a question that waits for the place keeps none of its words (people17 review)', () => {
  it('“我叫张三 去北京看病要备案不”: the session holds that it asked whether to file, never the name', () => {
    const talk = new Talk({ ...deps(), kb: new KnowledgeBase(loadKnowledge(), placeName) });
    const said = talk.say(msg('我叫张三 去北京看病要备案不', 'eligibility', { destination: { code: '110000', name: '北京市' } }));
    expect(said.session.pendingIntent).toBe('eligibility');
    expect(JSON.stringify(said.session)).not.toContain('张三');
    expect(said.session.pendingAsked).toMatchObject({ intent: 'eligibility', whetherFiling: true });
  });
});
