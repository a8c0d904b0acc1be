/** The diagnosis of a failed settlement on the tiny knowledge base: steps, causes, next steps. */
import { describe, expect, it } from 'vitest';
import type { Region } from '../../../src/domain/types.js';
import { msg, RUICHENG, Talk, WUHAN } from '../fixture.js';

const BEIJING: Region = { code: '110000', name: '北京市' };
const TAIYUAN: Region = { code: '140100', name: '太原市' };

function diagnose(region = RUICHENG): Talk {
  const talk = new Talk();
  talk.say(msg('结算失败了', 'settlement_failed', { insured_region: region }));
  return talk;
}

describe('diagnosis flow', () => {
  it('says the intent’s answer first, then asks the first step with 是/否/不清楚', () => {
    const talk = diagnose();
    expect(talk.seen).toContain('结算不成功时先确认两点。');
    expect(talk.seen).toContain(talk.d.kb.say('diagnosis.ask.filed'));
    expect(talk.choices).toEqual(['是', '否', '不清楚']);
  });

  it('“不清楚” about the card is no cause: the next check is asked', () => {
    const talk = diagnose();
    talk.say(msg('是'));
    talk.say(msg('是'));
    expect(talk.seen).toContain(talk.d.kb.say('diagnosis.ask.card_ok'));
    talk.say(msg('不清楚'));
    expect(talk.session.flow?.name).toBe('diagnosis');
    expect(talk.seen).toContain(talk.d.kb.say('diagnosis.ask.card_used_locally'));
  });

  it('a trip inside the insured place’s province is asked the card’s use at home, never the 出省检测', () => {
    const talk = new Talk();
    talk.say(msg('结算失败了', 'settlement_failed', { insured_region: RUICHENG, destination: TAIYUAN }));
    for (let i = 0; i < 3; i++) talk.say(msg('是'));
    expect(talk.seen).toContain(talk.d.kb.say('diagnosis.ask.card_used_in_province'));
    expect(talk.seen).not.toContain(talk.d.kb.say('diagnosis.ask.card_used_locally'));
    talk.say(msg('否'));
    expect(talk.seen).toContain('原因：社保卡未在参保地用过');
  });

  it('a trip out of the province is asked the 出省检测 as the notice says', () => {
    const talk = new Talk();
    talk.say(msg('结算失败了', 'settlement_failed', { insured_region: RUICHENG, destination: BEIJING }));
    for (let i = 0; i < 3; i++) talk.say(msg('是'));
    expect(talk.seen).toContain(talk.d.kb.say('diagnosis.ask.card_used_locally'));
    talk.say(msg('否'));
    expect(talk.seen).toContain('原因：未做出省检测');
  });

  it('“不清楚” about filing points to filing, marked as unsure', () => {
    const talk = diagnose();
    talk.say(msg('不清楚'));
    expect(talk.session.flow).toBeUndefined();
    expect(talk.seen).toContain(`原因：没有备案${talk.d.kb.say('diagnosis.unsure')}`);
  });

  it('a 手工报销 next step in 芮城 lists the materials the notice names, with their source', () => {
    const talk = diagnose();
    talk.say(msg('是'));
    talk.say(msg('否'));
    expect(talk.session.flow).toBeUndefined();
    expect(talk.seen).toContain('原因：医院未联网');
    expect(talk.seen).toContain(talk.d.kb.say('diagnosis.next_step', { next_step: '已结算的费用申请手工报销。' }));
    expect(talk.seen).toContain('手工报销需要：诊断证明、住院收费票据。');
    const card = talk.last.replies.find((r) => r.type === 'card');
    expect(card?.type === 'card' && card.source?.map((s) => s.quote)).toContain('诊断证明');
    expect(talk.choices).toEqual(['手工报销', '我要备案', '转人工']);
  });

  it('elsewhere the same cause gives no 芮城 materials', () => {
    const talk = diagnose(WUHAN);
    talk.say(msg('是'));
    talk.say(msg('否'));
    expect(talk.seen).toContain('原因：医院未联网');
    expect(talk.seen).not.toContain('手工报销需要');
  });

  it('skips the steps of other regions and ends with the final cause', () => {
    const talk = diagnose(WUHAN);
    for (let i = 0; i < 3; i++) talk.say(msg('是'));
    expect(talk.seen).toContain(talk.d.kb.say('diagnosis.ask.used_after_admission'));
    talk.say(msg('没有'));
    expect(talk.session.flow).toBeUndefined();
    expect(talk.seen).toContain('原因：系统故障');
  });
});
