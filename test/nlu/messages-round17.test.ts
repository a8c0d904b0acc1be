/**
 * Found by the other engineers on dev data and in conversations (issue #12, round 17): the manual claim after discharge
 * read as the whole flow, a request to file after thanks read as thanks, going back home to file read as the manual claim,
 * a person said to be retired, a place and the materials declined, three questions of ours declined as a whole, a denied
 * topic that spread the reading thin, the card's state read as paying in. Each failed before this round (a guard says so).
 */
import { describe, expect, it } from 'vitest';
import type { IntentId } from '../../src/domain/intents.js';
import { decisionOf } from '../../src/domain/understanding.js';
import { readCues, type Decided } from '../../src/nlu/cues.js';
import { parse } from './support.js';

/** A classifier's reading as cross-validation gave it for a dev question held back (a model that never saw its site). */
const decided = (ranking: Array<[IntentId, number]>): Decided => ({
  intent: ranking[0]![0], confidence: ranking[0]![1], decision: { kind: 'answer' },
  ranking: ranking.map(([intent, confidence]) => ({ intent, confidence })),
});

describe('after discharge, how the bill is claimed', () => {
  it('is the manual claim, not the whole flow (process 0.91 before)', () => {
    for (const q of ['出院了怎么报销', '出院了 这个钱怎么报销']) {
      const u = parse(q);
      expect(u.intent, q).toBe('manual_reimbursement');
      expect(decisionOf(u).kind, q).toBe('answer');
    }
  });

  it('leaves the discharge step of the flow as the process', () => {
    expect(parse('出院的时候怎么直接结算').intent).toBe('process');
  });

  it('review of round 17: a discharge ahead, or the hospital asked of, is the normal flow (manual claim at 0.9 before)', () => {
    for (const q of ['异地住院 出院后怎么报销', '出院以后怎么报销', '在北京住院 出院后怎么报', '住院出院了怎么报销 是在医院报吗']) {
      expect(parse(q).intent, q).toBe('process');
    }
  });

  it('review of round 17: a discharge past with the bill left unsettled is the manual claim', () => {
    for (const q of ['已经出院了 自己垫付的钱怎么报销', '出了院 没结算 怎么报', '出院了 全款付的 怎么报销']) {
      expect(parse(q).intent, q).toBe('manual_reimbursement');
    }
  });
});

describe('thanks, then the request', () => {
  it('reads “好的谢谢 那我们办吧” as filing now (thanks 0.78 before)', () => {
    for (const q of ['好的谢谢 那我们办吧', '好的 谢谢 那就办吧']) expect(parse(q).intent, q).toBe('start_filing');
  });

  it('keeps thanks alone, and thanks with giving up, as they were', () => {
    expect(parse('好的谢谢').intent).toBe('thanks');
    expect(parse('好的谢谢 那就不办了吧').intent).not.toBe('start_filing');
  });

  it('starts filing after thanks only for 备案 or a bare 办, not for another thing to apply for (低保, 港澳通行证)', () => {
    for (const q of ['好的谢谢 我想申请低保', '谢谢 我想申请低保', '谢谢 我想办港澳通行证']) expect(parse(q).intent, q).not.toBe('start_filing');
    for (const q of ['谢谢 我想备案', '好的谢谢 我想办', '谢谢 我要申请备案']) expect(parse(q).intent, q).toBe('start_filing');
  });
});

describe('going back home to file', () => {
  it('asks where and how to file (manual_reimbursement 0.80 before)', () => {
    expect(parse('要回来办吗').intent).toBe('filing_how');
  });

  it('leaves a claim taken back home as the manual claim', () => {
    expect(parse('发票要拿回来报销吗').intent).toBe('manual_reimbursement');
  });
});

describe('a person said to be retired', () => {
  it('names the category (the filing answers’ 异地安置退休人员), as the bare answer to the category question does', () => {
    for (const q of ['他是退休的', '我妈已经退休了']) expect(parse(q).entities.person_category, q).toBe('retiree_resettled');
  });

  it('is no category when more is said: 退休 is then the topic, or its negation', () => {
    expect(parse('他退休了怎么办手续').entities.person_category).toBeUndefined();
    expect(parse('他还没退休').entities.person_category).toBeUndefined();
  });
});

describe('a place, then the materials', () => {
  it('answers the materials for “我是芮城的 要什么材料” (out_of_scope and materials tied at 0.74 before)', () => {
    const u = parse('我是芮城的 要什么材料');
    expect(u.intent).toBe('materials');
    expect(decisionOf(u).kind).toBe('answer');
    expect(u.entities.insured_region?.name).toBe('芮城县');
  });
});

describe('a message of several questions of ours', () => {
  it('is never declined as not ours: answered as the first, the others still asked (out_of_scope 0.74 before)', () => {
    const u = parse('异地安置备案怎么办 要什么材料 多久能办好');
    expect(decisionOf(u).kind).toBe('answer');
    expect(u.intent).toBe('filing_how');
    expect(u.alsoAsked).toEqual(['materials', 'filing_effective']);
    // The ranking stays in descending order with the answer first (interfaces.md §1).
    const confidences = u.ranking.map((r) => r.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    expect(u.ranking[0]).toEqual({ intent: u.intent, confidence: u.confidence });
  });

  it('is still declined when a clause is plainly about something else', () => {
    expect(parse('公积金怎么取 要什么材料 多久到账').decision).toEqual({ kind: 'out_of_scope' });
  });

  it('drops out_of_scope from the ranking once answered as ours (second at 0.74 before)', () => {
    const u = parse('异地安置备案怎么办 要什么材料 多久能办好');
    expect(u.ranking.map((r) => r.intent)).not.toContain('out_of_scope');
    expect(u.ranking.length).toBeGreaterThanOrEqual(3);
  });
});

describe('review of round 17: a deliberate decline is not overturned by the questions after it', () => {
  it('keeps a travel permit declined, nothing of ours offered (answered as the 备案 materials at 0.755 before)', () => {
    const u = parse('想办港澳通行证 要什么材料 多久能办好');
    expect(decisionOf(u).kind).toBe('out_of_scope');
    expect(u.alsoAsked ?? []).toEqual([]);
  });

  it('keeps a pet’s treatment declined, however the questions are put (process or outpatient before)', () => {
    for (const q of ['给狗看病怎么报销 要什么材料', '宠物看病怎么报销 要带什么', '我家狗生病了 异地能报销吗 要什么材料']) {
      const u = parse(q);
      expect(decisionOf(u).kind, q).toBe('out_of_scope');
      expect(u.alsoAsked ?? [], q).toEqual([]);
    }
  });

  it('still answers a person an animal hurt, and questions of ours alone', () => {
    expect(parse('被狗咬了在外地住院能报吗 要什么材料').intent).toBe('injury');
    expect(decisionOf(parse('异地安置备案怎么办 要什么材料 多久能办好')).kind).toBe('answer');
  });
});

describe('a topic denied', () => {
  it('reads the question without the denied words: the process, clearly ahead (maternity and process tied at 0.21 before)', () => {
    for (const q of ['不是生孩子 是生病住院 武汉的在杭州 能直接结算吗', '不是生孩子 是生病住院 湖南的在广州 能直接结算吗']) {
      const u = parse(q);
      expect(u.intent, q).toBe('process');
      // A lead that no seed or new utterance nearby overturns: the second reading at most half the first.
      expect(u.ranking[1]!.confidence, q).toBeLessThan(u.confidence / 2);
    }
  });
});

describe('the card’s state', () => {
  it('reads a frozen 医保 as the card (enrolment and medical_credential tied at 0.68, transfer 0.47 before)', () => {
    for (const q of ['医保被冻结了怎么回事', '医保怎么被冻结了']) expect(parse(q).intent, q).toBe('medical_credential');
  });

  it('reads the card’s state read as paying in, and a replaced card’s money, as the card (readCues)', () => {
    expect(readCues(decided([['enrolment', 0.6], ['medical_credential', 0.3]]), '为什么医保被冻结了').intent).toBe('medical_credential');
    expect(readCues(decided([['local_benefits', 0.6], ['medical_credential', 0.3]]), '医保卡换银行里面的钱怎么办').intent).toBe('medical_credential');
  });

  it('leaves a lapse in paying as enrolment, and the money on a card as local benefits', () => {
    expect(readCues(decided([['enrolment', 0.6], ['medical_credential', 0.3]]), '断缴了医保被冻结了怎么办').intent).toBe('enrolment');
    expect(readCues(decided([['local_benefits', 0.6], ['medical_credential', 0.3]]), '医保卡的钱怎么取出来').intent).toBe('local_benefits');
  });
});

describe('an injury asked as whether insurance pays (readCues)', () => {
  it('is the injury topic, one’s own or with someone liable, not local benefits', () => {
    for (const q of ['自己摔骨折可以用医疗保险报销吗', '有第三责任人医保可以报销吗']) {
      expect(readCues(decided([['local_benefits', 0.7], ['injury', 0.2]]), q).intent, q).toBe('injury');
    }
  });

  it('leaves the insured place’s own rates and an injury at work alone', () => {
    expect(readCues(decided([['local_benefits', 0.7], ['injury', 0.2]]), '我们这摔伤住院报销比例多少').intent).toBe('local_benefits');
    expect(readCues(decided([['local_benefits', 0.7], ['injury', 0.2]]), '上班摔伤了医保能报吗').intent).toBe('local_benefits');
  });
});

describe('the money of childbirth (readCues)', () => {
  it('is maternity, not declined as nothing of ours: the person hears where it is handled', () => {
    expect(readCues(decided([['out_of_scope', 0.7], ['maternity', 0.2]]), '生育金一般多久到账啊怎么查').intent).toBe('maternity');
  });
});

describe('spaces an input method puts round a place name', () => {
  it('reads 去 before a spaced name as the destination, in characters and in pinyin (the insured place before)', () => {
    for (const q of ['去 长沙 住院要备案吗', '去 changsha 住院要备案吗']) {
      const u = parse(q);
      expect(u.entities.destination?.name, q).toBe('长沙市');
      expect(u.entities.insured_region, q).toBeUndefined();
    }
  });

  it('still reads 在 X 参保 as the insured place', () => {
    expect(parse('在 wuhan 参保').entities.insured_region?.name).toBe('武汉市');
  });
});
