/** The estimate on a tiny two-class rate table: figures and case labels from the table. */
import { describe, expect, it } from 'vitest';
import { deps, knowledge, msg, RUICHENG, Talk, WUHAN } from '../fixture.js';

/** The class question's first line (the classes in plain words follow it). */
const classQuestion = (talk: Talk) =>
  talk.d.kb.say('estimate.ask.hospital_class', { region: '芮城县', note: '' });

describe('estimate flow', () => {
  it('computes from the table and shows the cases the table names, with their reductions', () => {
    const talk = new Talk();
    talk.say(msg('芮城职工医保三类医院10000元能报多少', 'reimbursement_estimate', {
      insured_region: RUICHENG, scheme: 'employee', hospital_class: 'class3', amount: 10000,
    }));
    expect(talk.session.flow).toBeUndefined();
    // (10000 − 200) × 90% = 8820; × 75% = 7350; × 70% = 6860.
    expect(talk.seen).toContain('8,820元');
    expect(talk.seen).toContain('【未转诊，县外市内（支付比例降低15%）】');
    expect(talk.seen).toContain('7,350元');
    expect(talk.seen).toContain('【未转诊，市外（支付比例降低20%）】');
    expect(talk.seen).toContain('6,860元');
    expect(talk.seen).toContain('计算：(10,000元 − 起付线200元) × 90% = 8,820元');
    expect(talk.seen).toContain('计算：(10,000元 − 起付线200元) × (90% − 15%) = 7,350元');
    expect(talk.choices).toEqual(['重新估算', '报销政策', '转诊']);
  });

  it('writes out the arithmetic: a discounted amount, a relative reduction, the deductible and the cap', () => {
    const k = knowledge();
    const table = k.facts.rates[0]!;
    table.schemes.employee.classes[1]!.expense_discount = 0.1;
    table.reduction_interpretation.mode = 'relative';
    const talk = new Talk(deps(k));
    const ask = (classId: string, amount: number, said = '') =>
      talk.say(msg(`芮城职工${amount}元${said}`, 'reimbursement_estimate', { insured_region: RUICHENG, scheme: 'employee', hospital_class: classId, amount }));
    ask('class1', 10000);
    expect(talk.seen).toContain('计算：10,000元 × (1 − 10%) = 9,000元；(9,000元 − 起付线600元) × 80% = 6,720元');
    expect(talk.seen).toContain('(9,000元 − 起付线600元) × 80% × (1 − 15%) = 5,712元');
    ask('class3', 150, '，已经办了转诊');
    expect(talk.seen).toContain('计算：150元 未超过起付线200元，统筹基金不支付');
    ask('class3', 100000, '，已经办了转诊');
    expect(talk.seen).toContain('= 89,820元，超过基本医保封顶线，按80,000元计');
  });

  it('says and computes the reduction the record holds, so one correction changes both', () => {
    const k = knowledge();
    k.facts.rates[0]!.reductions[0]!.reduction = 0.1;
    const talk = new Talk(deps(k));
    talk.say(msg('估算', 'reimbursement_estimate', { insured_region: RUICHENG, scheme: 'employee', hospital_class: 'class3', amount: 10000 }));
    expect(talk.seen).toContain('（支付比例降低10%）');
    expect(talk.seen).not.toContain('降低15%');
    expect(talk.seen).toContain('7,840元'); // (10000 − 200) × 80%
  });

  it('shows only the case the person names (已经办了转诊)', () => {
    const talk = new Talk();
    talk.say(msg('芮城职工三类10000元，已经办了转诊', 'reimbursement_estimate', { insured_region: RUICHENG, scheme: 'employee', hospital_class: 'class3', amount: 10000 }));
    expect(talk.seen).toContain('8,820元');
    expect(talk.seen).not.toContain('降低');
  });

  it('asks the class again when a scheme correction leaves it outside the new table', () => {
    const talk = new Talk();
    talk.say(msg('芮城职工医保一类医院', 'reimbursement_estimate', { insured_region: RUICHENG, scheme: 'employee', hospital_class: 'class1' }));
    expect(talk.seen).toContain(talk.d.kb.say('estimate.ask.amount'));
    talk.say(msg('不对，我是居民医保', 'out_of_scope', { scheme: 'resident' }));
    expect(talk.session.slots.hospital_class).toBeUndefined();
    expect(talk.seen).toContain(classQuestion(talk));
    expect(talk.choices).toEqual(['三类医疗机构', '市级公立医院', '不清楚']);
    talk.say(msg('三类医疗机构'));
    talk.say(msg('10000', 'out_of_scope', { amount: 10000 }));
    expect(talk.seen).toContain('8,415元'); // resident 三类: (10000 − 100) × 85%
  });

  it('gives no figure for a region without rates, and says why', () => {
    const talk = new Talk();
    talk.say(msg('武汉的能报多少', 'reimbursement_estimate', { insured_region: WUHAN }));
    expect(talk.session.flow).toBeUndefined();
    expect(talk.seen).toContain(talk.d.kb.say('estimate.no_rates', { region: '武汉市' }));
    expect(talk.seen).not.toMatch(/\d元/);
    expect(talk.choices).toEqual(['报销政策', '联系电话']);
  });

  it('“重新估算” starts again with the region and scheme kept, the class and amount forgotten', () => {
    const talk = new Talk();
    talk.say(msg('估算', 'reimbursement_estimate', { insured_region: RUICHENG, scheme: 'employee', hospital_class: 'class3', amount: 10000 }));
    talk.say(msg('重新估算'));
    expect(talk.last.intent).toBe('reimbursement_estimate');
    expect(talk.session.flow?.name).toBe('estimate');
    expect(talk.session.slots).toMatchObject({ insured_region: RUICHENG, scheme: 'employee' });
    expect(talk.session.slots.amount).toBeUndefined();
    expect(talk.seen).toContain(classQuestion(talk));
  });

  it('explains each class in plain words from its row of the table, and offers 不清楚', () => {
    const talk = new Talk();
    talk.say(msg('芮城职工医保住院10000元能报多少', 'reimbursement_estimate', { insured_region: RUICHENG, scheme: 'employee', amount: 10000 }));
    expect(talk.seen).toContain('三类医疗机构：政策范围内费用先自付起付线200元，超过的部分医保付90%');
    expect(talk.seen).toContain('一类医疗机构：政策范围内费用先自付起付线600元，超过的部分医保付80%');
    expect(talk.seen).toContain('文件没有说明哪家医院属于哪一类。');
    expect(talk.choices).toEqual(['三类医疗机构', '一类医疗机构', '不清楚']);
  });

  it.each(['不清楚', '不知道是几类', '三甲医院', '县医院', '市里的大医院'])('“%s” gets every class side by side, never a guessed class', (said) => {
    const talk = new Talk();
    talk.say(msg('芮城职工医保住院10000元能报多少', 'reimbursement_estimate', { insured_region: RUICHENG, scheme: 'employee', amount: 10000 }));
    talk.say(msg(said));
    expect(talk.session.flow).toBeUndefined();
    // 三类: (10000 − 200) × 90% = 8820, self 1180; 一类: (10000 − 600) × 80% = 7520, self 2480.
    expect(talk.seen).toContain('三类医疗机构：政策范围内费用先自付起付线200元，超过的部分医保付90%。医保统筹基金约支付 8,820元，个人自付约 1,180元');
    expect(talk.seen).toContain('一类医疗机构：政策范围内费用先自付起付线600元，超过的部分医保付80%。医保统筹基金约支付 7,520元，个人自付约 2,480元');
    expect(talk.seen).toContain('三类医疗机构：(10,000元 − 起付线200元) × 90% = 8,820元');
    // Not one class's single result presented as theirs, and the reductions are said to lower it.
    expect(talk.seen).not.toContain('（起付线200元，支付比例90%）');
    expect(talk.seen).toContain('支付比例还要降低');
  });

  it('an answer that is neither a class nor a hospital is asked again', () => {
    const talk = new Talk();
    talk.say(msg('芮城职工医保住院10000元能报多少', 'reimbursement_estimate', { insured_region: RUICHENG, scheme: 'employee', amount: 10000 }));
    talk.say(msg('蓝色的'));
    expect(talk.session.flow?.name).toBe('estimate');
    expect(talk.session.slots.hospital_class).toBeUndefined();
  });
});
