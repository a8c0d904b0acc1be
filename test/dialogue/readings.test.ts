/**
 * How decide() reads what the classifier said against what the message itself says — on the tiny
 * fixture, with each understanding written by hand, so these hold whatever the model learns.
 */
import { describe, expect, it } from 'vitest';
import type { IntentId } from '../../src/domain/intents.js';
import type { Understanding } from '../../src/domain/understanding.js';
import { deps, knowledge, msg, RUICHENG, Talk, WUHAN } from './fixture.js';
const WEIFANG = { code: '370700', name: '潍坊市' };
import type { Region } from '../../src/domain/types.js';

const BEIJING: Region = { code: '110000', name: '北京市' };
const YUNCHENG: Region = { code: '140800', name: '运城市' };

/** A message the classifier ranked as given (best first as written). */
function ranked(text: string, ranking: Array<[IntentId, number]>, entities: Understanding['entities'] = {}): Understanding {
  return { ...msg(text, ranking[0]![0], entities, ranking[0]![1]), ranking: ranking.map(([intent, confidence]) => ({ intent, confidence })) };
}

describe('reading the classifier against the message', () => {
  it('treatment in another place is never the local-benefits answer: the likeliest cross-region topic answers', () => {
    const talk = new Talk();
    talk.say(ranked('芮城的职工医保在北京三甲医院住院能报多少', [['local_benefits', 0.64], ['reimbursement_rates', 0.28]],
      { insured_region: RUICHENG, destination: BEIJING, scheme: 'employee' }));
    expect(talk.last.intent).toBe('reimbursement_rates');
    expect(talk.seen).toContain('报销比例');
  });

  it('a local-benefits reading stays when the destination lies inside the insured place, or none is said', () => {
    const inside = new Talk();
    inside.say(ranked('芮城的职工医保在芮城住院能报多少', [['local_benefits', 0.64], ['reimbursement_rates', 0.28]],
      { insured_region: RUICHENG, destination: RUICHENG }));
    expect(inside.last.intent).toBe('local_benefits');
    // 运城 contains 芮城: the same place for this purpose.
    const city = new Talk();
    city.say(ranked('芮城的医保在运城市里住院报多少', [['local_benefits', 0.64], ['reimbursement_rates', 0.28]],
      { insured_region: RUICHENG, destination: YUNCHENG }));
    expect(city.last.intent).toBe('local_benefits');
  });

  it('declined because of local benefits, with a cross-region topic strong behind: that topic answers', () => {
    const talk = new Talk();
    talk.say(ranked('我是芮城人 在北京住院 报销多少', [['out_of_scope', 0.7], ['reimbursement_estimate', 0.58], ['local_benefits', 0.29]],
      { insured_region: RUICHENG, destination: BEIJING }));
    expect(talk.last.intent).toBe('reimbursement_estimate');
  });

  it('an adjacent topic whose word the message denies (不是退休) gives way to the likeliest cross-region topic', () => {
    const talk = new Talk();
    talk.say(ranked('我是芮城的退休职工 不是退休 是职工 去北京住院怎么备案', [['retirement_procedure', 0.64], ['filing_how', 0.23]],
      { insured_region: RUICHENG, destination: BEIJING, scheme: 'employee' }));
    expect(talk.last.intent).toBe('filing_how');
    // Not denied: the retirement answer stands — also where a thing of retirement is missing (没有退休证).
    const plain = new Talk();
    plain.say(ranked('退休手续在哪办', [['retirement_procedure', 0.9], ['filing_how', 0.05]]));
    expect(plain.last.intent).toBe('retirement_procedure');
    const paper = new Talk();
    paper.say(ranked('没有退休证怎么认证', [['retirement_procedure', 0.8], ['filing_how', 0.15]]));
    expect(paper.last.intent).toBe('retirement_procedure');
  });

  it('a denied adjacent topic said as a statement, with nothing else likely, is acknowledged with the menu', () => {
    const talk = new Talk();
    talk.say(ranked('不是工伤 是生病', [['work_injury', 0.6], ['out_of_scope', 0.2]]));
    expect(talk.seen).toContain(talk.d.kb.say('dialogue.topic_denied', { topic: talk.d.kb.intent('work_injury').label }));
    expect(talk.choices).toContain('备案材料');
  });

  it('both places and nothing else are noted, and the question that waited is answered for them', () => {
    const talk = new Talk();
    talk.say(msg('我是芮城的 我在北京', 'start_filing', { insured_region: RUICHENG, destination: BEIJING }));
    expect(talk.session.flow).toBeUndefined();
    expect(talk.seen).toContain(talk.d.kb.say('dialogue.places_noted', { region: '芮城县', destination: '北京市' }));
    const waiting = new Talk();
    waiting.say(msg('备案要什么材料', 'materials'));
    waiting.say(msg('北京住院 医保芮城的', 'process', { insured_region: RUICHENG, destination: BEIJING }));
    expect(waiting.last.intent).toBe('materials');
    expect(waiting.seen).toContain('芮城县备案材料：社保卡。');
  });

  it('“听不懂” after an answer says how to ask, gives the person’s own line, and offers the answer again', () => {
    const talk = new Talk();
    talk.say(msg('芮城备案要什么材料', 'materials', { insured_region: RUICHENG }));
    talk.say(msg('听不懂', 'human_agent', {}, 0.74));
    expect(talk.seen).toContain(talk.d.kb.say('dialogue.confused', { apology: talk.d.kb.say('dialogue.confused.apology') }));
    expect(talk.seen).toContain('0359-0000000');
    expect(talk.choices).toContain('备案材料');
  });

  it('a yes with a question word in it (“手续咋办啊”) is read as the likeliest topic', () => {
    const talk = new Talk();
    talk.say(ranked('手续咋办啊', [['affirm', 0.48], ['process', 0.13]], { insured_region: WUHAN }));
    expect(talk.last.intent).toBe('process');
  });

  it('several questions: a runner-up of the whole message that no clause asks is not offered', () => {
    // “潍坊的 备案怎么办 能报多少” ranked 变更取消备案 third; its clauses ask 怎么备案 and 能报多少.
    const talk = new Talk();
    talk.say({ ...ranked('潍坊的 备案怎么办 能报多少', [['out_of_scope', 0.41], ['filing_how', 0.41], ['filing_change', 0.11]],
      { insured_region: WEIFANG }), alsoAsked: ['filing_how', 'reimbursement_estimate'], alsoAskedAs: ['备案怎么办', '能报多少'] });
    expect(talk.last.intent).toBe('filing_how');
    expect(talk.choices).not.toContain('变更取消备案');
    // 潍坊 publishes no rates: “能报多少” is offered as the rates, not the estimate its guard would refuse.
    expect(talk.choices).toContain('报销比例');
    expect(talk.choices).not.toContain('估算报销金额');
    expect(talk.seen).toContain('您还问到了“能报多少”');
  });

  it('several questions in one message: the likeliest answered, the others offered; one question stays unsure', () => {
    const talk = new Talk();
    // Each question clause read on its own (Understanding.alsoAsked): the others offered are those, named as asked.
    talk.say({ ...ranked('异地安置备案怎么办 要什么材料 多久能办好', [['out_of_scope', 0.15], ['materials', 0.45], ['eligibility', 0.17]],
      { insured_region: RUICHENG }), alsoAsked: ['eligibility', 'materials', 'filing_effective'],
      alsoAskedAs: ['异地安置备案怎么办', '要什么材料', '多久能办好'] });
    expect(talk.last.intent).toBe('materials');
    expect(talk.seen).toContain('您还问到了“异地安置备案怎么办”、“多久能办好”');
    expect(talk.choices).toHaveLength(2);
    expect(talk.choices[0]).toBe('谁可以办');
    const one = new Talk();
    one.say(ranked('异地安置备案要什么材料', [['out_of_scope', 0.15], ['materials', 0.45], ['eligibility', 0.17]], { insured_region: RUICHENG }));
    expect(one.last.intent).toBe('out_of_scope');
  });

  it('a situation told without a question is said back, neither the adjacent topic nor a flow started unasked', () => {
    const SHANGHAI: Region = { code: '310000', name: '上海市' };
    const retired = new Talk();
    retired.say(ranked('我妈妈退休了 在上海我这住', [['retirement_procedure', 0.6], ['filing_how', 0.2]],
      { destination: SHANGHAI, person_category: 'retiree_resettled' }));
    expect(retired.last.intent).toBe('help');
    expect(retired.session.slots).toMatchObject({ destination: SHANGHAI, person_category: 'retiree_resettled' });
    expect(retired.seen).toContain(retired.d.kb.say('dialogue.situation_noted.ask_region', { category: '异地安置退休人员', destination: '上海市' }));
    const told = new Talk();
    told.say(msg('我爸是芮城的 现在跟我在北京住', 'start_filing', { insured_region: RUICHENG, destination: BEIJING, person_category: 'long_term_resident' }));
    expect(told.session.flow).toBeUndefined();
    expect(told.seen).toContain(told.d.kb.say('dialogue.situation_noted', { category: '异地长期居住人员', destination: '北京市' }));
    // Asked for (想办), the flow starts; asked about (怎么), the topic is answered.
    const asked = new Talk();
    asked.say(msg('我爸是芮城的 现在跟我在北京住 想办备案', 'start_filing', { insured_region: RUICHENG, destination: BEIJING, person_category: 'long_term_resident' }));
    expect(asked.session.flow?.name).toBe('filing');
    // A problem told is the check, not a situation to note.
    const problem = new Talk();
    problem.say(msg('我爸急诊在北京住院 卡刷不了', 'settlement_failed', { destination: BEIJING, person_category: 'emergency' }));
    expect(problem.session.flow?.name).toBe('diagnosis');
    const question = new Talk();
    question.say(ranked('我妈退休了在上海住 怎么备案', [['filing_how', 0.7]], { destination: SHANGHAI, person_category: 'retiree_resettled' }));
    expect(question.last.intent).toBe('filing_how');
  });

  it('“帮我算一下” is the estimate whatever the classifier read, and inside it carries on', () => {
    const talk = new Talk();
    talk.say(ranked('帮我算一下', [['out_of_scope', 0.3], ['reimbursement_estimate', 0.2]]));
    expect(talk.session.flow?.name).toBe('estimate');
    talk.say(ranked('帮我算算', [['out_of_scope', 0.3], ['reimbursement_estimate', 0.2]]));
    expect(talk.session.flow?.name).toBe('estimate');
    expect(talk.seen).toContain(talk.d.kb.say('dialogue.flow.resume', { title: talk.d.kb.say('estimate.title') }));
    expect(talk.seen).not.toContain(talk.d.kb.say('dialogue.flow.reask', { example: '' }).slice(0, 8));
  });

  it('a category denied in a question (不是急诊…能报多少) is neither answered nor offered; the likeliest other topic is', () => {
    const talk = new Talk();
    talk.say(ranked('不是急诊…在北京看病能报多少', [['out_of_scope', 0.87], ['emergency', 0.35], ['reimbursement_estimate', 0.29], ['local_benefits', 0.13]],
      { destination: BEIJING }));
    expect(talk.last.intent).toBe('reimbursement_estimate');
    expect(talk.choices).not.toContain('急诊怎么办');
    // Said of the category itself, the question about it stands (“急诊能报多少”).
    const asked = new Talk();
    asked.say(ranked('急诊能报多少', [['emergency', 0.7], ['reimbursement_estimate', 0.2]]));
    expect(asked.last.intent).toBe('emergency');
  });

  it('“回参保地就医” with no word of going back nor of a filing made gives way (俺在闺女家住院咋报)', () => {
    const talk = new Talk();
    talk.say(ranked('俺在闺女家住院咋报', [['return_home_treatment', 0.6], ['process', 0.13], ['local_benefits', 0.12]]));
    expect(talk.last.intent).toBe('process');
    const back = new Talk();
    back.say(ranked('备案后回老家住院咋报', [['return_home_treatment', 0.6], ['process', 0.13]]));
    expect(back.last.intent).toBe('return_home_treatment');
  });

  it('asked back between the process and “回参保地就医”, with no word of going back, the process is answered', () => {
    const unsure = (text: string): Understanding => ({
      ...ranked(text, [['out_of_scope', 0.58], ['process', 0.423], ['return_home_treatment', 0.422], ['local_benefits', 0.07]]),
      decision: { kind: 'clarify', candidates: ['process', 'return_home_treatment'] },
    });
    const talk = new Talk();
    talk.say(unsure('俺在闺女家住院咋报'));
    expect(talk.last.intent).toBe('process');
    expect(talk.seen).toContain('办理流程：各地共同的规则。');
    const back = new Talk();
    back.say(unsure('备案后回老家住院咋报'));
    expect(back.seen).not.toContain('办理流程：各地共同的规则。');
    expect(back.choices).toContain('回参保地就医');
  });

  it('the same message a third time in a row gets the kind word, a person and the menu; the session keeps one fingerprint', () => {
    const talk = new Talk();
    const again = () => talk.say(ranked('备案', [['filing_how', 0.56], ['start_filing', 0.2]]));
    again();
    again();
    expect(talk.seen).not.toContain(talk.d.kb.say('dialogue.repeated'));
    for (let i = 0; i < 50; i++) again();
    expect(talk.seen).toContain(talk.d.kb.say('dialogue.repeated'));
    expect(talk.last.replies.some((r) => r.type === 'handoff')).toBe(true);
    // However often it comes, the session holds a count and a fingerprint, never the text.
    expect(JSON.stringify(talk.session).length).toBeLessThan(400);
    expect(JSON.stringify(talk.session.repeat)).not.toContain('备案');
    talk.say(ranked('要带什么材料', [['materials', 0.9]]));
    expect(talk.last.intent).toBe('materials');
    expect(talk.seen).not.toContain(talk.d.kb.say('dialogue.repeated'));
  });
  it('treated in a place said with 看病/住院 and no insured place (在北京看病能报多少): not local benefits — the estimate asks for the place', () => {
    const talk = new Talk();
    talk.say({ ...ranked('在北京看病能报多少', [['local_benefits', 0.23], ['reimbursement_estimate', 0.69]], { destination: BEIJING }),
      cued: { insured_region: false, destination: true } });
    expect(talk.last.intent).toBe('reimbursement_estimate');
    expect(talk.session.flow?.name).toBe('estimate');
    // Insured in 芮城 already, treated in 芮城: the local reading stays.
    const home = new Talk();
    home.session.slots = { insured_region: RUICHENG };
    home.say({ ...ranked('在芮城看病能报多少', [['local_benefits', 0.64], ['reimbursement_estimate', 0.3]], { destination: RUICHENG }),
      cued: { insured_region: false, destination: true } });
    expect(home.last.intent).toBe('local_benefits');
  });

  it('inside a flow, a question the classifier reads as local benefits (先问问能报多少) is about treatment away from home', () => {
    const talk = new Talk();
    talk.say(ranked('我要备案', [['start_filing', 1]]));
    talk.say(ranked('其实我还没想好 先问问能报多少', [['local_benefits', 0.27], ['reimbursement_estimate', 0.6], ['maternity', 0.09]]));
    expect(talk.last.intent).toBe('reimbursement_estimate');
    expect(talk.session.flow?.name).toBe('estimate');
  });

  it('“算了一下” inside a flow is a sum done, not giving up, however sure the classifier is of cancel; “算了” still leaves', () => {
    const talk = new Talk();
    talk.say(ranked('我要备案', [['start_filing', 1]]));
    talk.say(ranked('算了一下', [['cancel', 0.99], ['reimbursement_estimate', 0.001]]));
    expect(talk.session.flow?.name).toBe('filing');
    talk.say(ranked('算了', [['cancel', 0.99]]));
    expect(talk.session.flow).toBeUndefined();
  });

  it('two places compared, the classifier declining (芮城跟潍坊哪个报得多): each place’s rates side by side', () => {
    const talk = new Talk();
    talk.say(ranked('芮城跟武汉哪个报得多', [['out_of_scope', 0.85], ['filing_how', 0.04]], { insured_region: WUHAN }));
    expect(talk.last.intent).toBe('reimbursement_rates');
    expect(talk.seen).toContain('芮城县');
    expect(talk.seen).toContain('武汉市');
    // Neither place is taken as the person's.
    expect(talk.session.slots.insured_region).toBeUndefined();
  });

  it('not settled at the hospital, discharged, what now (出院时没法直接结算怎么办): the manual claim, not how it works', () => {
    const talk = new Talk();
    talk.say(ranked('芮城医保去北京住院，出院时没法直接结算怎么办', [['process', 0.91], ['settlement_failed', 0.06]],
      { insured_region: RUICHENG, destination: BEIJING }));
    expect(talk.last.intent).toBe('manual_reimbursement');
    // Still at the desk and asking why: the check.
    const why = new Talk();
    why.say(ranked('在医院结算不了 咋回事', [['settlement_failed', 0.9], ['process', 0.05]]));
    expect(why.last.intent).toBe('settlement_failed');
    // How it works, nothing failed: as read.
    const how = new Talk();
    how.say(ranked('出院时怎么直接结算', [['process', 0.9]]));
    expect(how.last.intent).toBe('process');
  });

  it('an amount after the rates answer (“3万”) starts the estimate with it, whatever the classifier made of it', () => {
    // The rates offer the estimate after them, as the real content does.
    const k = knowledge();
    k.intents = k.intents.map((i) => (i.id === 'reimbursement_rates' ? { ...i, followups: ['reimbursement_estimate'] } : i));
    const talk = new Talk(deps(k));
    talk.say(ranked('芮城的报销比例是多少', [['reimbursement_rates', 0.95]], { insured_region: RUICHENG }));
    talk.say(ranked('3万', [['out_of_scope', 0.31], ['reimbursement_estimate', 0.61]], { amount: 30000 }));
    expect(talk.last.intent).toBe('reimbursement_estimate');
    expect(talk.session.flow?.name).toBe('estimate');
    expect(talk.session.slots.amount).toBe(30000);
  });

  it('two places compared neither of which has a notice here (北京和上海哪个报销多): the one national rule, neither taken as the person’s', () => {
    const talk = new Talk();
    talk.say(ranked('北京和上海哪个报销多', [['out_of_scope', 0.79], ['reimbursement_policy', 0.08]],
      { insured_region: BEIJING, destination: { code: '310000', name: '上海市' } }));
    expect(talk.last.intent).toBe('reimbursement_rates');
    expect(talk.last.level).toBe('national');
    expect(talk.seen).toContain('北京市、上海市');
    expect(talk.session.slots.insured_region).toBeUndefined();
  });

  it('a flow left for a person is offered while the hand-off is finished, and forgotten once another topic is asked', () => {
    const talk = new Talk();
    talk.say(ranked('我要备案', [['start_filing', 1]]));
    talk.say(ranked('转人工', [['human_agent', 1]]));
    expect(talk.session.paused?.state.name).toBe('filing');
    talk.say(ranked('谢谢', [['thanks', 0.99]]));
    expect(talk.choices.some((c) => c.includes('继续'))).toBe(true);
    talk.say(ranked('备案多久生效', [['filing_effective', 0.95]], { insured_region: WUHAN }));
    expect(talk.session.paused).toBeUndefined();
    expect(talk.choices.some((c) => c.includes('继续'))).toBe(false);
  });

  it('a follow-up that adds nothing and reads as the answer just given (那要办啥手续) gets that answer’s next step', () => {
    const talk = new Talk();
    talk.say(ranked('芮城备案要什么材料', [['materials', 0.95]], { insured_region: RUICHENG }));
    talk.say(ranked('那要办啥手续', [['materials', 0.6]]));
    expect(talk.last.intent).toBe('filing_how');
    // Asked again in other words, not as a follow-up: the same topic, as asked.
    talk.say(ranked('备案要带啥', [['filing_how', 0.9]]));
    expect(talk.last.intent).toBe('filing_how');
  });

  it('a stay told alone (1月5号住的院) offers what it leads to; after a question asked before filing it is filing late', () => {
    const alone = new Talk();
    alone.say(ranked('1月5号住的院', [['out_of_scope', 0.89], ['filing_late', 0.04]], { date: '2026-01-05' }));
    expect(alone.seen).toContain('您已经住院了');
    expect(alone.choices).toContain('补办备案');
    expect(alone.seen).not.toContain('其他问题：');
    const after = new Talk();
    after.say(ranked('芮城备案要什么材料', [['materials', 0.95]], { insured_region: RUICHENG }));
    after.say(ranked('1月5号住的院', [['out_of_scope', 0.89], ['filing_late', 0.04]], { date: '2026-01-05' }));
    expect(after.last.intent).toBe('filing_late');
    // Asking about the stay is a question, not a stay told.
    const asked = new Talk();
    asked.say(ranked('1月5号住的院 能报吗', [['out_of_scope', 0.89]], { date: '2026-01-05' }));
    expect(asked.seen).not.toContain('您已经住院了');
  });

  it('“那武汉呢” as the first message notes the place; after an answer it is that answer for the place', () => {
    const first = new Talk();
    first.say(ranked('那武汉呢', [['affirm', 0.39], ['out_of_scope', 0.28]], { insured_region: WUHAN }));
    expect(first.session.slots.insured_region).toEqual(WUHAN);
    expect(first.seen).toContain('武汉市参保');
    const next = new Talk();
    next.say(ranked('备案要什么材料', [['materials', 0.95]], { insured_region: RUICHENG }));
    next.say(ranked('那武汉呢', [['affirm', 0.39], ['out_of_scope', 0.28]], { insured_region: WUHAN }));
    expect(next.last.intent).toBe('materials');
  });

  it('a category said alone (退休人员) is noted with who may file, not the retirement formalities; asked about, it is answered', () => {
    const talk = new Talk();
    talk.say(ranked('退休人员', [['retirement_procedure', 0.92], ['eligibility', 0.05]], { person_category: 'retiree_resettled' }));
    expect(talk.last.intent).toBe('help');
    expect(talk.seen).toContain('异地安置退休人员');
    expect(talk.choices).toContain('谁可以办');
    const asked = new Talk();
    asked.say(ranked('退休人员要什么手续', [['retirement_procedure', 0.92]], { person_category: 'retiree_resettled' }));
    expect(asked.last.intent).toBe('retirement_procedure');
  });

  it('the other question named as asked whatever the answered clause was read as (the clause carried, not counted)', () => {
    // “芮城备案要什么材料 能报多少”: the first clause is the answer itself, so one topic is offered for two
    // clauses — it was named by its topic (“估算报销金额”), the count of clauses and topics not matching.
    const talk = new Talk();
    talk.say({ ...ranked('芮城备案要什么材料 能报多少', [['materials', 0.83]], { insured_region: RUICHENG }),
      alsoAsked: ['reimbursement_estimate'], alsoAskedAs: ['能报多少'] });
    expect(talk.seen).toContain('您还问到了“能报多少”');
    // Three clauses, one read as nothing (“咋整”): the two read still named as said.
    const three = new Talk();
    three.say({ ...ranked('芮城的 咋整 要什么材料 多久能好', [['out_of_scope', 0.9], ['filing_how', 0.4]], { insured_region: RUICHENG }),
      alsoAsked: ['materials', 'filing_effective'], alsoAskedAs: ['要什么材料', '多久能好'] });
    expect(three.seen).toContain('“多久能好”');
  });

  it('two questions in one message: the first answered and the others offered, or named while the place is asked', () => {
    const known = new Talk();
    known.say({ ...ranked('芮城备案要什么材料 能报多少', [['materials', 0.83]], { insured_region: RUICHENG }), alsoAsked: ['reimbursement_estimate'] });
    expect(known.last.intent).toBe('materials');
    expect(known.choices).toEqual(['估算报销金额']);
    const unknown = new Talk();
    unknown.say({ ...ranked('备案要什么材料 能报多少', [['materials', 0.83]]), alsoAsked: ['reimbursement_estimate'] });
    expect(unknown.seen).toContain('“估算报销金额”');
    expect(unknown.session.pendingIntent).toBe('materials');
    // Declined as a whole, its clauses asking two topics or more: the first answered, the rest offered; one alone is not enough.
    const declined = new Talk();
    declined.say({ ...ranked('芮城的 怎么备案 需要什么材料', [['out_of_scope', 0.95]], { insured_region: RUICHENG }), alsoAsked: ['filing_how', 'materials'] });
    expect(declined.last.intent).toBe('filing_how');
    expect(declined.choices).toEqual(['备案材料']);
    const one = new Talk();
    one.say({ ...ranked('公积金怎么取 异地怎么办', [['out_of_scope', 0.95]]), alsoAsked: ['process'] });
    expect(one.last.intent).toBe('out_of_scope');
  });

  it('a bare amount after any answer starts the estimate; “需要多长时间” after a filing question is how long the filing takes', () => {
    const talk = new Talk();
    talk.say(ranked('芮城备案要什么材料', [['materials', 0.95]], { insured_region: RUICHENG }));
    talk.say(ranked('5000', [['out_of_scope', 0.84], ['reimbursement_estimate', 0.09]], { amount: 5000 }));
    expect(talk.session.flow?.name).toBe('estimate');
    expect(talk.session.slots.amount).toBe(5000);
    const long = new Talk();
    long.say(ranked('芮城备案要什么材料', [['materials', 0.95]], { insured_region: RUICHENG }));
    long.say(ranked('需要多长时间', [['out_of_scope', 0.91], ['filing_effective', 0.03]]));
    expect(long.last.intent).toBe('filing_effective');
  });
});
