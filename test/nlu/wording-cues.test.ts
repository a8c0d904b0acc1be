/**
 * The wording cues the dialogue reads on a whole message, in their one home (src/nlu/cues.ts): what
 * is left of a message once its places are taken out, and the words that ask, request or tell a problem.
 */
import { describe, expect, it } from 'vitest';
import {
  COMPARE_JOIN, COMPARE_RATES_TEXT, COMPARE_TEXT, deniedTopicReading, ESTIMATE_TEXT, HOSPITAL_STAY_TEXT, HOW_LONG_TEXT, NESTED_PLACE_STATEMENT, notSettledReading,
  PLACES_STATEMENT, PROBLEM_TEXT, questionClauses, readCues, REGION_STATEMENT, REQUEST_TEXT, type Decided,
} from '../../src/nlu/cues.js';
import type { Understanding } from '../../src/domain/understanding.js';
import type { IntentId } from '../../src/domain/intents.js';
import { decisionOf } from '../../src/domain/understanding.js';
import { parse } from './support.js';

describe('statements of where a person is (the message with its places taken out)', () => {
  it('one place said as the person’s own, in plain words and in dialect', () => {
    for (const rest of ['我在', '我是的', '参保地是', '俺是人', '我是滴', '我妈是的', '俺老伴是的', '的医保', '']) {
      expect(REGION_STATEMENT.test(rest), rest).toBe(true);
    }
    for (const rest of ['备案要什么材料', '明天天气怎么样', '我在住院能报多少']) expect(REGION_STATEMENT.test(rest), rest).toBe(false);
  });

  it('both places and the words round them; nothing asked', () => {
    for (const rest of ['我是的我在', '住院医保的', '我是的现在在', '俺妈是的在住院呢']) expect(PLACES_STATEMENT.test(rest), rest).toBe(true);
    for (const rest of ['我是的去住院怎么报', '要带什么材料']) expect(PLACES_STATEMENT.test(rest), rest).toBe(false);
  });

  it('a place and the place inside it: only who and 的', () => {
    expect(NESTED_PLACE_STATEMENT.test('我是的的')).toBe(true);
    expect(NESTED_PLACE_STATEMENT.test('医保在住院')).toBe(false);
  });
});

describe('the words of a request, a problem, the estimate, a comparison', () => {
  it('reads them as people write them', () => {
    expect(ESTIMATE_TEXT.test('帮我算一下')).toBe(true);
    expect(ESTIMATE_TEXT.test('算一下能报多少')).toBe(true);
    expect(ESTIMATE_TEXT.test('我要估算')).toBe(true);
    expect(ESTIMATE_TEXT.test('怎么算起付线')).toBe(false);
    expect(REQUEST_TEXT.test('我想办备案')).toBe(true);
    expect(REQUEST_TEXT.test('我妈退休了在上海住')).toBe(false);
    expect(PROBLEM_TEXT.test('卡刷不了')).toBe(true);
    expect(COMPARE_TEXT.test('武汉和潍坊的异地备案有什么不同')).toBe(true);
    expect(COMPARE_TEXT.test('潍坊备案要什么材料')).toBe(false);
  });
});

describe('places compared by what is paid back', () => {
  it('“哪个报得多” compares, by the rates; the places are joined by a word, not in two roles', () => {
    expect(COMPARE_TEXT.test('芮城跟潍坊哪个报得多')).toBe(true);
    expect(COMPARE_TEXT.test('潍坊和芮城哪边报销高')).toBe(true);
    expect(COMPARE_RATES_TEXT.test('芮城跟潍坊哪个报得多')).toBe(true);
    expect(COMPARE_RATES_TEXT.test('武汉和长沙哪边备案方便')).toBe(false);
    for (const between of ['跟', '和', '、', '还是', '的和']) expect(COMPARE_JOIN.test(between), between).toBe(true);
    expect(COMPARE_JOIN.test('的去')).toBe(false);
  });
});

/** The classifier's conclusion, as written (best first). */
const decided = (ranking: Array<[IntentId, number]>): Decided => ({
  intent: ranking[0]![0], confidence: ranking[0]![1], decision: { kind: 'answer' },
  ranking: ranking.map(([intent, confidence]) => ({ intent, confidence })),
});

describe('a filing not made (readCues)', () => {
  it('“没办那个备案现在咋办” read as the wish to file is filing late; “没备案 我想现在备案” stays the wish', () => {
    expect(readCues(decided([['start_filing', 0.72], ['filing_late', 0.23]]), '没办那个备案现在咋办').intent).toBe('filing_late');
    expect(readCues(decided([['start_filing', 0.9], ['filing_late', 0.05]]), '没备案 我想现在备案').intent).toBe('start_filing');
  });

  it('an emergency read from “没弄那个备案” alone is filing late; with 急诊 said it stays the emergency', () => {
    expect(readCues(decided([['emergency', 0.39], ['filing_late', 0.3]]), '俺老头子在外地住院了 没弄那个备案 咋整').intent).toBe('filing_late');
    expect(readCues(decided([['emergency', 0.45], ['filing_late', 0.3]]), '在外地急诊住院了 没弄备案 咋整').intent).toBe('emergency');
  });

  it('worry is no emergency: “好着急”, “急死了” with a filing not made unsure is filing late; 就近就急 stays the emergency', () => {
    for (const text of ['家里老人在外地住院 好着急 没备案怎么办', '俺老头子在外地住院了 没弄那个备案 咋整 急死了', '我急着住院 没弄备案 咋整']) {
      expect(readCues(decided([['emergency', 0.45], ['filing_late', 0.3]]), text).intent, text).toBe('filing_late');
    }
    expect(readCues(decided([['emergency', 0.45], ['filing_late', 0.3]]), '就近就急住院了 没弄备案 咋整').intent).toBe('emergency');
  });

  it('the steps asked before going, with no filing yet, stay the steps; a stay begun unfiled and how it is paid is filing late', () => {
    // 看病/就医 said of a visit to come is no stay begun: these were process before the notice-facts change, and are again.
    for (const text of ['还没备案，去外地看病流程是什么', '没备案去外省就医的流程', '还没办备案，异地就医流程怎么走']) {
      expect(readCues(decided([['process', 0.8], ['filing_late', 0.15]]), text).intent, text).toBe('process');
      expect(parse(text).intent, text).toBe('process');
    }
    // The stay has begun (住院了, 住上院, 出院) or the bill is asked about unfiled: what now is filing late.
    for (const text of ['湖南医保没备案在外省住院了怎么报', '没办备案就在外地住上院了 费用咋报', '没备案出院了还能报吗']) {
      expect(readCues(decided([['process', 0.8], ['filing_late', 0.15]]), text).intent, text).toBe('filing_late');
    }
    // Begun, but the steps asked: the steps.
    expect(readCues(decided([['process', 0.8], ['filing_late', 0.15]]), '没备案已经住院了 流程怎么走').intent).toBe('process');
  });

  it('“不备案能报吗” unsure is whether the bill is paid without one, not whether filing is needed; “不备案行不行” is', () => {
    expect(readCues(decided([['filing_late', 0.5], ['eligibility', 0.2]]), '那不备案能报吗').intent).toBe('filing_late');
    expect(readCues(decided([['start_filing', 0.6], ['eligibility', 0.3]]), '不备案行不行 去外地看病').intent).toBe('eligibility');
  });

  it('“要备案吗” read as the migrant workers’ topic asks whether filing is needed; said by one of them it stays theirs', () => {
    expect(readCues(decided([['migrant_workers', 0.35], ['eligibility', 0.31]]), '要备案吗').intent).toBe('eligibility');
    expect(readCues(decided([['migrant_workers', 0.6], ['eligibility', 0.2]]), '在外地打工要备案吗').intent).toBe('migrant_workers');
    expect(readCues(decided([['migrant_workers', 0.6], ['eligibility', 0.2]]), '送外卖的需要备案吗').intent).toBe('migrant_workers');
  });
});

describe('the ninth round’s cues', () => {
  it('“要先备案吗” read as where to file, the flow or migrant workers asks whether filing is needed; how or where to file stays', () => {
    expect(readCues(decided([['filing_how', 0.46], ['process', 0.31]]), '武汉的 在北京做手术 要先备案吗').intent).toBe('eligibility');
    expect(readCues(decided([['migrant_workers', 0.5], ['eligibility', 0.2]]), '要先备案吗').intent).toBe('eligibility');
    expect(readCues(decided([['filing_how', 0.8]]), '要先备案吗 在哪里备案').intent).toBe('filing_how');
    expect(readCues(decided([['migrant_workers', 0.8]]), '在外地打工 要先备案吗').intent).toBe('migrant_workers');
  });

  it('“要办啥手续” with no word of retiring is how it works, not the retirement formalities; “退休要办啥手续” stays', () => {
    expect(readCues(decided([['retirement_procedure', 0.43], ['process', 0.07]]), '那要办啥手续').intent).toBe('process');
    expect(readCues(decided([['retirement_procedure', 0.9]]), '退休要办啥手续').intent).toBe('retirement_procedure');
    expect(readCues(decided([['retirement_procedure', 0.9]]), '医保转移要办什么手续').intent).toBe('retirement_procedure');
  });

  it('childbirth read as a cross-region topic is its own adjacent topic (maternity); denied, the reading stays', () => {
    expect(readCues(decided([['eligibility', 0.79], ['maternity', 0.09]]), '我老婆在杭州生孩子 我们是武汉的 能直接结算吗').intent).toBe('maternity');
    expect(readCues(decided([['eligibility', 0.6]]), '不是生孩子 是生病住院 能直接结算吗').intent).toBe('eligibility');
    expect(readCues(decided([['eligibility', 0.6]]), '在杭州住院 能直接结算吗').intent).toBe('eligibility');
  });

  it('a bill claimed back home or after discharge is the manual claim; treatment back home is not', () => {
    const u = (normalized: string, intent: Understanding['intent']): Understanding => ({
      text: normalized, normalized, intent, confidence: 0.6, ranking: [{ intent, confidence: 0.6 }], entities: {},
    });
    expect(notSettledReading(u('农村合作医疗异地住院回本地什么部门报销', 'enrolment')).intent).toBe('manual_reimbursement');
    expect(notSettledReading(u('那出院了再报呢', 'hospital_deposit')).intent).toBe('manual_reimbursement');
    // The classifier's filing_late and hospital_deposit tie on it: either way the claim is heard; 补 said keeps filing late.
    expect(notSettledReading(u('那出院了再报呢', 'filing_late')).intent).toBe('manual_reimbursement');
    expect(notSettledReading(u('出院了再补办备案能报吗', 'filing_late')).intent).toBe('filing_late');
    expect(notSettledReading(u('回老家看病能报吗', 'return_home_treatment')).intent).toBe('return_home_treatment');
    expect(notSettledReading(u('出院了押金怎么退', 'hospital_deposit')).intent).toBe('hospital_deposit');
  });

  it('a stay told, how long asked, and the question clauses of a message', () => {
    for (const t of ['1月5号住的院', '上周住进医院了', '住院三天了', '入的院']) expect(HOSPITAL_STAY_TEXT.test(t), t).toBe(true);
    for (const t of ['住院能报吗', '要住院']) expect(HOSPITAL_STAY_TEXT.test(t), t).toBe(false);
    expect(HOW_LONG_TEXT.test('需要多长时间')).toBe(true);
    expect(HOW_LONG_TEXT.test('要什么材料')).toBe(false);
    expect(questionClauses('备案要什么材料 能报多少')).toEqual(['备案要什么材料', '能报多少']);
    expect(questionClauses('我是潍坊的，备案要什么材料')).toEqual(['备案要什么材料']);
  });
});

describe('the tenth round’s cues', () => {
  it('an emergency read strongly from “在外地住院 没备案” with no word of one is filing late; rushed in, it stays', () => {
    expect(readCues(decided([['emergency', 0.95], ['filing_late', 0.02]]), '家里老人在外地住院 没备案怎么办').intent).toBe('filing_late');
    for (const text of ['出差突然生病被送进医院了没备案怎么办', '心脏病犯了在外地住院没备案咋办', '车祸在外地住院 没备案怎么办']) {
      expect(readCues(decided([['emergency', 0.95], ['filing_late', 0.02]]), text).intent, text).toBe('emergency');
    }
  });

  it('a stay told with nothing asked is asked back with its likeliest topics, not answered as the process', () => {
    const told = readCues(decided([['process', 0.69], ['emergency', 0.14], ['injury', 0.05]]), '我在外地住院了');
    expect(told.intent).toBe('out_of_scope');
    expect(told.decision).toEqual({ kind: 'clarify', candidates: ['process', 'emergency'] });
    expect(told.ranking[0]).toEqual({ intent: 'out_of_scope', confidence: told.confidence });
    // The places taken out: who is treated where, and whose insurance.
    const places = readCues(decided([['process', 0.44], ['reimbursement_policy', 0.36], ['eligibility', 0.15]]), '我妈在北京看病 医保是湖南的', '我妈在看病 医保是的');
    expect(places.decision).toEqual({ kind: 'clarify', candidates: ['process', 'reimbursement_policy', 'eligibility'] });
    for (const text of ['我在外地住院了 怎么报销', '异地就医住院报销流程', '我在外地住院 卡刷不了', '我要去外地看病']) {
      expect(readCues(decided([['process', 0.69], ['emergency', 0.14]]), text).intent, text).toBe('process');
    }
  });
});

describe('a place said with particles only', () => {
  it('“湖南的呢”, “俺是寿光的” read as a yes is not ours to read (the place is); “是的呢” with no place stays a yes', () => {
    const yes = decided([['affirm', 0.37], ['out_of_scope', 0.35]]);
    for (const [text, unplaced] of [['湖南的呢', '的呢'], ['俺是寿光的', '俺是的'], ['那潍坊呢', '那呢']] as const) {
      const d = readCues(yes, text, unplaced);
      expect(d.intent, text).toBe('out_of_scope');
      expect(d.decision.kind, text).toBe('out_of_scope');
      expect(d.ranking[0], text).toEqual({ intent: 'out_of_scope', confidence: 0.37 });
    }
    expect(readCues(yes, '是的呢').intent).toBe('affirm');
    expect(readCues(decided([['affirm', 0.6]]), '湖南的 好的', '的 好的').intent).toBe('affirm');
  });
});

describe('the fourteenth round’s cues', () => {
  it('whether a drug or a test is paid, read as a chronic disease, childbirth or a stay’s outside services: the list that applies', () => {
    // With nothing of a trip said it is the insured place's own list; away from home, whose list applies (就医地目录).
    expect(readCues(decided([['chronic_disease', 0.45], ['local_benefits', 0.45]]), '那药能报吗').intent).toBe('local_benefits');
    expect(readCues(decided([['maternity', 0.53], ['external_services_during_stay', 0.4]]), '那检查费能报吗').intent).toBe('local_benefits');
    expect(readCues(decided([['chronic_disease', 0.5], ['reimbursement_policy', 0.2]]), '在外地住院 药费能报吗').intent).toBe('reimbursement_policy');
    // A chronic disease named, a drug bought outside during a stay, a check-up in pregnancy: the reading stays.
    expect(readCues(decided([['chronic_disease', 0.7]]), '高血压的药在外地能报吗').intent).toBe('chronic_disease');
    expect(readCues(decided([['external_services_during_stay', 0.7]]), '住院期间去药店买的药能报吗').intent).toBe('external_services_during_stay');
    expect(readCues(decided([['maternity', 0.7]]), '产检的检查费能报吗').intent).toBe('maternity');
  });

  it('a trip told, then how to file, read as the whole flow is where and how to file; a flow or a claim asked stays the process', () => {
    expect(readCues(decided([['process', 0.5], ['filing_how', 0.4]]), '我是岳阳的医保，要去长沙住院，怎么备案').intent).toBe('filing_how');
    expect(readCues(decided([['process', 0.6]]), '去北京住院 备案怎么弄').intent).toBe('filing_how');
    expect(readCues(decided([['process', 0.7]]), '去北京住院 怎么备案 流程是啥').intent).toBe('process');
    expect(readCues(decided([['process', 0.7]]), '备案之后怎么去医院看病结算').intent).toBe('process');
    expect(readCues(decided([['process', 0.7]]), '先备案还是先住院 怎么备案').intent).toBe('process');
  });

  it('the rural scheme and work away read as the whole flow is the migrant workers’ topic; work away alone stays the flow', () => {
    expect(readCues(decided([['process', 0.58], ['migrant_workers', 0.37]]), '河南农村合作医疗 在广州打工住院了 能报吗').intent).toBe('migrant_workers');
    expect(readCues(decided([['process', 0.6], ['migrant_workers', 0.3]]), '俺在广州工地干活 湖南的 住院能报吗').intent).toBe('process');
  });

  it('wages and lost earnings with no injury at work said are not ours (and 工伤 is not offered); 工伤 said keeps the work injury', () => {
    // 高血压 and 伤心 carry 压 and 伤 but say nothing of an injury.
    for (const text of ['住院期间的工资谁发', '误工费能报吗', '高血压住院期间工资谁发', '住院太伤心了 误工费能报吗']) {
      const d = readCues(decided([['work_injury', 0.5], ['external_services_during_stay', 0.45], ['out_of_scope', 0.05]]), text);
      expect(d.intent, text).toBe('out_of_scope');
      expect(d.decision.kind, text).toBe('out_of_scope');
      expect(d.ranking.some((r) => r.intent === 'work_injury'), text).toBe(false);
    }
    const unsure = readCues({ ...decided([['out_of_scope', 0.76], ['work_injury', 0.21], ['external_services_during_stay', 0.02]]), decision: { kind: 'clarify', candidates: ['work_injury'] } }, '住院期间工资怎么发');
    expect(unsure.decision.kind).toBe('out_of_scope');
    expect(readCues(decided([['work_injury', 0.9]]), '工伤住院期间工资怎么算').intent).toBe('work_injury');
    expect(readCues(decided([['work_injury', 0.9]]), '在厂里干活摔伤了 误工费谁出').intent).toBe('work_injury');
    expect(readCues(decided([['work_injury', 0.9]]), '手被机器压伤了 工资怎么算').intent).toBe('work_injury');
    expect(readCues(decided([['external_services_during_stay', 0.8]]), '住院期间外院检查费用能报吗').intent).toBe('external_services_during_stay');
  });
});

describe('the fifteenth round’s cues', () => {
  it('a rate asked with nothing local said is the rates (catalogue: 起付线, 比例, 封顶, the 大病保险 cap); said of care at home, local benefits', () => {
    for (const text of ['统筹基金支付比例', '能报几成', '基本医保一年封顶多少钱', '大病保险最高报到多少', '职工社保住院费用如何报销比例']) {
      expect(readCues(decided([['local_benefits', 0.6], ['reimbursement_rates', 0.3]]), text).intent, text).toBe('reimbursement_rates');
    }
    for (const text of ['咱这儿居民医保住院起付线多少钱', '我们县里住院报销比例是多少', '本地住院医保能报多少']) {
      expect(readCues(decided([['reimbursement_rates', 0.6], ['local_benefits', 0.3]]), text).intent, text).toBe('local_benefits');
    }
    // A benefit that exists only at home keeps local benefits; a trip keeps the rates; “能报多少” alone may be the estimate.
    for (const text of ['门诊统筹报销比例多少', '低保户住院报销比例高吗', '乙类药自付比例多少']) {
      expect(readCues(decided([['local_benefits', 0.6], ['reimbursement_rates', 0.3]]), text).intent, text).toBe('local_benefits');
    }
    expect(readCues(decided([['reimbursement_rates', 0.6]]), '我们这个城镇职工的医保在外省住院报销比例是多少').intent).toBe('reimbursement_rates');
    expect(readCues(decided([['local_benefits', 0.5], ['reimbursement_estimate', 0.3]]), '先问问能报多少').intent).toBe('local_benefits');
    // How 大病保险 is claimed asks no figure: the insured place's own; its cap is a rate.
    expect(readCues(decided([['reimbursement_rates', 0.6], ['local_benefits', 0.3]]), '城乡居民大病保险如何报销').intent).toBe('local_benefits');
    expect(readCues(decided([['reimbursement_rates', 0.6], ['local_benefits', 0.3]]), '大病保险封顶线多少').intent).toBe('reimbursement_rates');
  });

  it('selling the card’s balance and the pension’s own account, read as local benefits, are not ours; lost earnings read as a benefit or the deposit too', () => {
    for (const text of ['有人收医保卡里的钱 这样卖了违法吗', '医保卡余额回收靠谱吗', '养老保险个人账户里的钱能取出来吗', '误工损失能找医保报吗']) {
      expect(readCues(decided([['local_benefits', 0.6], ['out_of_scope', 0.3]]), text).intent, text).toBe('out_of_scope');
    }
    expect(readCues(decided([['hospital_deposit', 0.6], ['out_of_scope', 0.3]]), '住院误工费谁来赔').intent).toBe('out_of_scope');
    // The personal account's own money taken out, and a relative using it, stay local benefits.
    for (const text of ['个人账户里的余额可以提现吗', '老婆挂号可以用老公的医保卡余额吗']) {
      expect(readCues(decided([['local_benefits', 0.6], ['out_of_scope', 0.3]]), text).intent, text).toBe('local_benefits');
    }
  });
});

describe('the fifteenth round’s cues, reviewed: what they must not catch', () => {
  const asLocal = decided([['local_benefits', 0.6], ['reimbursement_rates', 0.3]]);
  const asRates = decided([['reimbursement_rates', 0.6], ['local_benefits', 0.3]]);

  it('a card received, accepted, taken back or a seller of drugs is no sale of the card', () => {
    for (const text of ['收到社保卡后怎么激活', '没收到社保卡怎么办', '换了三代卡 旧卡要回收吗']) {
      expect(readCues(decided([['medical_credential', 0.9], ['out_of_scope', 0.05]]), text).intent, text).toBe('medical_credential');
    }
    for (const text of ['这家药店收医保卡吗', '卖药的地方能刷医保卡吗']) {
      expect(readCues(decided([['local_benefits', 0.5], ['outpatient', 0.3]]), text).intent, text).toBe('local_benefits');
    }
    // Still a sale: the balance bought, sold or sold at a discount.
    for (const text of ['收医保卡余额一般几折', '医保卡的钱卖给药店套现会怎么样', '有人收购社保卡余额吗']) {
      expect(readCues(asLocal, text).intent, text).toBe('out_of_scope');
    }
  });

  it('a trip told by the place gone to keeps the rates, though 我们县里 or 我们这边 is said', () => {
    expect(readCues(asLocal, '我们县里的人去北京住院报销比例多少', '我们县里的人去住院报销比例多少', true).intent).toBe('reimbursement_rates');
    expect(parse('我们县里的人去北京住院报销比例多少').intent).toBe('reimbursement_rates');
    expect(parse('我们这边医保去郑州住院起付线多少').intent).toBe('reimbursement_rates');
    // 当地 on a trip is the place of treatment: whose rules apply is no benefit of home.
    expect(readCues(asLocal, '住院报销比例按当地还是按参保地').intent).toBe('reimbursement_rates');
    // The insured place said and care at home: still local.
    expect(readCues(asRates, '我是芮城的 我们这边住院报销比例多少', '我是的 我们这边住院报销比例多少', false).intent).toBe('local_benefits');
  });

  it('我们这 before 种 or 个 says who, not where; 城市里 is no 市里', () => {
    for (const text of ['我们这种灵活就业的住院报销比例', '我们这个职工医保住院比例', '城市里住院报销比例多少']) {
      expect(readCues(asLocal, text).intent, text).toBe('reimbursement_rates');
    }
    for (const text of ['咱这儿住院报销比例多少', '咱这住院能报几成啊', '我们这边住院起付线多少', '市里住院报销比例多少']) {
      expect(readCues(asRates, text).intent, text).toBe('local_benefits');
    }
  });

  it('补贴 and 扣钱 read as local benefits or the deposit are the insurance’s own, not earnings', () => {
    for (const text of ['低保户住院有补贴吗', '住院伙食补贴能报吗', '医保卡每月扣钱怎么回事']) {
      expect(readCues(decided([['local_benefits', 0.6], ['out_of_scope', 0.3]]), text).intent, text).toBe('local_benefits');
    }
    expect(readCues(decided([['hospital_deposit', 0.6], ['out_of_scope', 0.3]]), '押金扣钱了怎么退').intent).toBe('hospital_deposit');
    expect(readCues(decided([['local_benefits', 0.6], ['out_of_scope', 0.3]]), '住院期间病假工资医保管吗').intent).toBe('out_of_scope');
  });

  it('a medical account after 养老, or a care home, is no pension account', () => {
    for (const text of ['异地养老医保个人账户能用吗', '养老院能刷个人账户吗']) {
      expect(readCues(decided([['local_benefits', 0.6], ['out_of_scope', 0.3]]), text).intent, text).not.toBe('out_of_scope');
    }
    expect(readCues(decided([['local_benefits', 0.6], ['out_of_scope', 0.3]]), '养老金个人账户余额在哪查').intent).toBe('out_of_scope');
  });

  it('大病保险 asked of a trip is not the insured place’s own', () => {
    expect(readCues(asRates, '在外地住院大病保险怎么报').intent).toBe('reimbursement_rates');
    expect(readCues(asRates, '城乡居民大病保险在北京住院怎么报', '城乡居民大病保险在住院怎么报', true).intent).toBe('reimbursement_rates');
  });

  it('end to end, the card’s and the wages’ readings are not declined', () => {
    for (const text of ['收到社保卡后怎么激活', '没收到社保卡怎么办', '换了三代卡 旧卡要回收吗', '低保户住院有补贴吗', '押金扣钱了怎么退']) {
      expect(decisionOf(parse(text)).kind, text).not.toBe('out_of_scope');
    }
  });
});

describe('the sixteenth round’s cues (nlu16)', () => {
  // The catalogue lists the 大病保险 cap under reimbursement_rates; on a trip the insured place's rules pay it, which the rates'
  // answer says (and 芮城's 大病保险封顶线), where local benefits' answer says the question is not about treatment away.
  it('大病保险 asked of a trip, read as local benefits, is the rates', () => {
    const asLocal = decided([['local_benefits', 0.73], ['process', 0.72]]);
    expect(readCues(asLocal, '在外地住院大病保险怎么报').intent).toBe('reimbursement_rates');
    expect(readCues(asLocal, '在北京住院 大病保险怎么算', '在住院 大病保险怎么算', true).intent).toBe('reimbursement_rates');
    // At home, or 大病救助 (medical assistance), stays the insured place's own.
    expect(readCues(asLocal, '城乡居民大病保险如何报销').intent).toBe('local_benefits');
    expect(readCues(asLocal, '外地住院大病救助怎么申请').intent).toBe('local_benefits');
    // With the insured place said, the classifier hears the process's frame (X的…外地住院怎么报), whose answer never names 大病保险.
    const asProcess = decided([['process', 0.91], ['local_benefits', 0.04]]);
    expect(readCues(asProcess, '我是芮城的，在外地住院大病保险怎么报', '我是的，在外地住院大病保险怎么报').intent).toBe('reimbursement_rates');
    expect(readCues(asProcess, '在外地住院大病保险报销走什么流程').intent).toBe('process');
  });

  it('a bare “怎么报” is asked back with the ways a bill is paid, not declined nor answered as one guess', () => {
    for (const text of ['怎么报', '怎么报销？', '咋报', '那怎么报', '如何报销']) {
      const d = decisionOf(parse(text));
      expect(d.kind, text).toBe('clarify');
      expect(d.kind === 'clarify' && [...d.candidates].sort(), text).toEqual(['manual_reimbursement', 'process', 'reimbursement_rates']);
    }
    // Said with what is paid or where, the question has its topic.
    expect(decisionOf(parse('出院以后怎么报')).kind).toBe('answer');
  });

  it('a stage of the stay said alone (“出院以后呢”) is asked back, not answered as the deposit; “押金呢” names its topic', () => {
    for (const text of ['出院以后呢', '出院了呢', '那出院以后呢']) {
      const u = parse(text);
      expect(decisionOf(u).kind, text).toBe('clarify');
      expect(u.intent, text).not.toBe('hospital_deposit');
    }
    expect(parse('押金呢').intent).toBe('hospital_deposit');
  });

  it('a stage said alone offers the stages’ own topics (the process, the claim after discharge, filing late), not the deposit the classifier heard', () => {
    for (const text of ['出院以后呢', '手术以后呢']) {
      const d = decisionOf(parse(text));
      expect(d.kind === 'clarify' ? [...d.candidates].sort() : d.kind, text).toEqual(['filing_late', 'manual_reimbursement', 'process']);
    }
  });

  it('the card itself (how long it is valid, replacing it, lending it, not having it at hand) is the card’s topic', () => {
    const cases: Array<[IntentId, string]> = [
      ['enrolment', '医保卡多久失效'], ['retirement_procedure', '退休时医保卡需要换吗'], ['enrolment', '少儿医保多久可以拿卡'],
      ['local_benefits', '医疗卡没带可以报销吗'], ['local_benefits', '医保卡转借他人被发现后会如何处理?'],
    ];
    for (const [read, text] of cases) expect(readCues(decided([[read, 0.6], ['medical_credential', 0.3]]), text).intent, text).toBe('medical_credential');
    // The money on it is local benefits; cover lost by leaving a job is joining and paying.
    expect(readCues(decided([['local_benefits', 0.6], ['medical_credential', 0.3]]), '旧医保卡换了以后里面的钱怎么取').intent).toBe('local_benefits');
    expect(readCues(decided([['enrolment', 0.6], ['medical_credential', 0.3]]), '离职了医保卡多久失效').intent).toBe('enrolment');
    expect(readCues(decided([['enrolment', 0.6], ['medical_credential', 0.3]]), '断缴了医保卡会被冻结吗').intent).toBe('enrolment');
  });

  it('低保 itself is declined, its medical benefits are local; 救助 is local, not paying; a chronic disease moved is the chronic diseases’', () => {
    const asLocal = decided([['local_benefits', 0.6], ['out_of_scope', 0.3]]);
    expect(readCues(asLocal, '城镇居民如何申请低保').intent).toBe('out_of_scope');
    expect(readCues(asLocal, '低保每个月发多少钱').intent).toBe('out_of_scope');
    for (const text of ['低保户住院报销比例高吗', '低保的二次报销去哪里']) expect(readCues(asLocal, text).intent, text).toBe('local_benefits');
    const asEnrolment = decided([['enrolment', 0.6], ['local_benefits', 0.3]]);
    expect(readCues(asEnrolment, '新农合大病救助范围').intent).toBe('local_benefits');
    expect(readCues(asEnrolment, '医疗救助对象的医保费谁来交').intent).toBe('enrolment');
    const asTransfer = decided([['insurance_transfer', 0.6], ['chronic_disease', 0.3]]);
    expect(readCues(asTransfer, '慢病可以跨地区跨省转移吗').intent).toBe('chronic_disease');
    expect(readCues(asTransfer, '医保关系转移后门特待遇还有吗').intent).toBe('insurance_transfer');
  });

  it('a medical invoice claimed, declined, is the manual claim; an office invoice stays declined', () => {
    const declinedRead = decided([['out_of_scope', 0.6], ['manual_reimbursement', 0.3]]);
    for (const text of ['住院发票报销期限是多久', '医保发票多长时间报销有效']) expect(readCues(declinedRead, text).intent, text).toBe('manual_reimbursement');
    for (const text of ['发票丢了还能报销吗', '出差报销需要什么发票']) expect(readCues(declinedRead, text).intent, text).toBe('out_of_scope');
  });

  it('another thing filed (a car, a domain, a company) is declined; a filing of ours asking for a contract or a 户籍 proof is not', () => {
    for (const text of ['二手小车怎么在交管123上备案?', '备案域名多长时间', '企业备案多久能下来']) {
      expect(readCues(decided([['filing_effective', 0.6], ['out_of_scope', 0.3]]), text).intent, text).toBe('out_of_scope');
    }
    for (const text of ['备案要交劳动合同吗', '户籍迁过去了备案要提供户籍证明吗', '我们湖南这边备案是在哪个网站上弄的']) {
      expect(readCues(decided([['materials', 0.6], ['out_of_scope', 0.3]]), text).intent, text).toBe('materials');
    }
  });

  it('seed-fragile readings the new utterances tipped: a denied topic among those offered, a filing not made read as the process', () => {
    const text = '我妈妈是潍坊的退休职工 不是退休 是职工 去北京住院怎么备案';
    const unsure = {
      ...parse(text), intent: 'out_of_scope' as IntentId, confidence: 0.64,
      ranking: [{ intent: 'out_of_scope' as IntentId, confidence: 0.64 }, { intent: 'retirement_procedure' as IntentId, confidence: 0.36 }, { intent: 'eligibility' as IntentId, confidence: 0.36 }, { intent: 'filing_how' as IntentId, confidence: 0.17 }],
      decision: { kind: 'clarify' as const, candidates: ['retirement_procedure', 'eligibility', 'filing_how'] as IntentId[] },
    };
    const read = deniedTopicReading(unsure);
    expect(read.intent).toBe('eligibility');
    expect(decisionOf(read).kind).toBe('answer');
    expect(readCues(decided([['process', 0.36], ['filing_late', 0.34], ['emergency', 0.19]]), '俺老头子在外地住院了 没弄那个备案 咋整').intent).toBe('filing_late');
  });

  it('end to end: 在外地住院大病保险怎么报 is answered with the rates', () => {
    const u = parse('在外地住院大病保险怎么报');
    expect(u.intent).toBe('reimbursement_rates');
    expect(decisionOf(u).kind).toBe('answer');
  });
});

// The review of the sixteenth round (n16fix): the reviewer's sentences, read by the trained NLU end to end (the block above
// feeds hand-made readings to readCues, which cannot show what the classifier and the cues make of a whole message).
describe('the sixteenth round’s cues, reviewed (n16fix), end to end', () => {
  it('企业, 项目 said of where a person works is no other kind of filing; a company’s or a domain’s filing still is', () => {
    for (const text of ['我在企业上班怎么备案', '项目上的人怎么备案']) {
      const u = parse(text);
      expect(u.intent, text).toBe('filing_how');
      expect(decisionOf(u).kind, text).toBe('answer');
    }
    for (const text of ['企业备案多久能下来', '企业网站怎么备案', '备案域名多长时间']) expect(parse(text).intent, text).toBe('out_of_scope');
  });

  it('a job or employer changed is not the card replaced; the card replaced still is the card’s', () => {
    for (const text of ['换工作了医保卡还能用吗', '换了单位医保卡还能用吗']) expect(parse(text).intent, text).not.toBe('medical_credential');
    expect(readCues(decided([['enrolment', 0.6], ['medical_credential', 0.3]]), '换工作了医保卡还能用吗').intent).toBe('enrolment');
    expect(readCues(decided([['retirement_procedure', 0.6], ['medical_credential', 0.3]]), '退休时医保卡需要换吗').intent).toBe('medical_credential');
  });

  it('a 低保 holder filing or working away is not declined', () => {
    expect(decisionOf(parse('低保户异地备案')).kind).not.toBe('out_of_scope');
    const away = parse('低保户长期在外地打工');
    expect(away.intent).toBe('migrant_workers');
    expect(decisionOf(away).kind).toBe('answer');
    // 低保 itself, asked alone, is still declined.
    expect(parse('城镇居民如何申请低保').intent).toBe('out_of_scope');
  });

  it('大病保险 on a trip: applying, automatic or one’s due is not the rates; how it pays is', () => {
    for (const text of ['异地住院大病保险要自己申请吗', '异地就医大病保险报销是自动的吗', '外地住院能享受大病保险吗']) {
      expect(parse(text).intent, text).toBe('local_benefits');
    }
    expect(parse('在外地住院大病保险怎么报').intent).toBe('reimbursement_rates');
  });

  it('a medical invoice claimed at the employer is declined; one claimed of the insurance is the manual claim', () => {
    expect(parse('医疗费发票能在单位报销吗').intent).toBe('out_of_scope');
    expect(readCues(decided([['out_of_scope', 0.6], ['manual_reimbursement', 0.3]]), '医疗费发票能在单位报销吗').intent).toBe('out_of_scope');
    expect(parse('住院发票报销期限是多久').intent).toBe('manual_reimbursement');
  });
});

// Found by the notice-facts table once round 16's utterances were merged (test/knowledge/notice-facts.yaml): the insured place
// said, the classifier heard another intent's frame.
describe('a filing asked by a posted worker, and the preconditions by their own word, end to end', () => {
  it('a posted worker asking whether the unit files for them is asked how to file, not about moving the insurance', () => {
    expect(parse('湖南医保单位派驻外省的员工能单位统一备案吗').intent).toBe('filing_how');
    // A move said stays the move.
    expect(parse('单位派驻外省 医保关系要转移吗').intent).toBe('insurance_transfer');
  });

  it('where the person is, and nothing asked, is no topic to answer (the dialogue takes the place)', () => {
    for (const text of ['我在海南', '我现在在寿光', '俺在北京呢']) {
      const u = parse(text);
      expect(u.intent, text).toBe('out_of_scope');
      expect(u.entities.insured_region ?? u.entities.destination, text).toBeDefined();
    }
    // A stay said is a question's frame: not declined outright.
    expect(decisionOf(parse('我在北京住院')).kind).not.toBe('out_of_scope');
  });

  it('前提 asked of settling on the spot is the preconditions, with or without the insured place', () => {
    for (const text of ['芮城参保的，外地看病要当场结清，前提是啥', '外地看病要当场结清，前提是啥']) {
      expect(parse(text).intent, text).toBe('preconditions');
    }
  });
});
