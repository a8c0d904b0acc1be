/** Truth first, checked: a figure an answer states is in the passage it cites; a local answer rests on its own notice. */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { IntentFile } from '../../src/knowledge/schema.js';
import { checkDiscretion, checkLocalOnlyFigures, checkLocalSources, checkQuotedFigures } from '../../src/knowledge/truth.js';

const k = loadKnowledge();
const intent = (id: IntentFile['id'], answers: Array<Partial<IntentFile['answers'][number]>>): IntentFile =>
  ({ ...k.intents.find((i) => i.id === id)!, answers: answers.map((a) => ({ basis: 'sourced', text: '', citations: [], ...a })) as IntentFile['answers'] });
const GUICHENG = { doc: 'nhsa_2022_22_guicheng', quote: '通过全国统一的线上备案渠道申请办理登记备案的，原则上参保地经办机构应在两个工作日内办结。' };
const CHRONIC = { doc: 'nhsa_2024_19', quote: '决定新增5种门诊慢特病相关治疗费用纳入跨省直接结算范围。' };
const WEIFANG_FIVE = { doc: 'weifang', quote: '如本次就医定点医疗机构没有开通这五种门诊慢特病相关治疗费用跨省直接结算服务' };

describe('figures are those of the cited passages', () => {
  it('the content as it stands states no figure its passages do not', () => {
    expect(checkQuotedFigures(k.intents, k.prompts, k.facts.conflicts)).toEqual([]);
  });

  it('reports a figure no cited passage states, and a sum of two quoted figures, at the answer', () => {
    const problems = checkQuotedFigures([
      intent('filing_effective', [{ text: '原则上3个工作日内办结。', citations: [GUICHENG] }]),
      intent('chronic_disease', [{ text: '跨省直接结算的门诊慢特病有10种。', citations: [CHRONIC] }]),
    ], new Map());
    expect(problems.map((p) => `${p.file} ${p.path} ${/“([^”]+)”/.exec(p.problem)?.[1]}`)).toEqual([
      'intents/filing_effective.yaml answers.0.text 3个工作日',
      'intents/chronic_disease.yaml answers.0.text 10种',
    ]);
  });

  it('a count the notice writes in words is the same count (这五种 → 5种); a prompt and a conflict are checked too', () => {
    expect(checkQuotedFigures([intent('chronic_disease', [{ region: '370700', text: '没开通5种门诊慢特病的', citations: [WEIFANG_FIVE] }])], new Map())).toEqual([]);
    const prompts = new Map([['t.x', { text: '新增了6种门诊慢特病。', citations: [CHRONIC], file: 'prompts/t.yaml' }]]);
    expect(checkQuotedFigures([], prompts).map((p) => p.path)).toEqual(['prompts.t.x.text']);
    const conflict = { ...k.facts.conflicts[0]!, national: { doc: 'nhsa_2024_19', text: '新增7种。', citations: [CHRONIC] } };
    expect(checkQuotedFigures([], new Map(), [conflict]).map((p) => p.path)).toEqual(['conflicts.0.national.text']);
  });
});

describe('a local answer cites its own notice', () => {
  it('the content as it stands does', () => {
    expect(checkLocalSources(k.documents, k.intents)).toEqual([]);
  });

  it("reports a region's answer resting on another region's notice or the national rules alone", () => {
    const problems = checkLocalSources(k.documents, [intent('contact', [
      { region: '370700', text: '电话 0359-6371567', citations: [{ doc: 'ruicheng', quote: '城镇职工  0359-6371567' }] },
    ])]);
    expect(problems.map((p) => p.path)).toEqual(['answers.0.citations']);
    const national = checkLocalSources(k.documents, [intent('injury', [
      { region: '420100', text: '外伤可以直接结算', citations: [{ doc: 'nhsa_2022_22', quote: '符合就医地管理规定的无第三方责任外伤费用可纳入跨省异地就医直接结算范围' }] },
    ])]);
    expect(national.map((p) => p.problem)).toEqual(['420100 的答案没有引用它自己的通知：本地答案要以本地文件为依据']);
  });
});

describe('a national rule says what its source leaves to each place', () => {
  const OUTPATIENT = { doc: 'nhsa_2022_22', quote: '跨省异地就医直接结算的住院、普通门诊和门诊慢特病医疗费用，原则上执行就医地规定的支付范围及有关规定（基本医疗保险药品、医疗服务项目和医用耗材等支付范围），执行参保地规定的基本医疗保险基金起付标准、支付比例、最高支付限额、门诊慢特病病种范围等有关政策。' };

  it('the content as it stands keeps every “原则上” and labels no such answer 全国统一', () => {
    expect(checkDiscretion(k.documents, k.intents, k.prompts, k.facts.conflicts)).toEqual([]);
  });

  it('reports a national answer that drops its passage’s “原则上”, and a conflict’s national side that does', () => {
    const problems = checkDiscretion(k.documents, [
      intent('outpatient', [{ text: '普通门诊也可以跨省直接结算，执行就医地支付范围、参保地待遇政策。', citations: [OUTPATIENT] }]),
    ], new Map());
    expect(problems.map((p) => `${p.file} ${p.path}`)).toEqual(['intents/outpatient.yaml answers.0.text']);
    // a local answer is the notice's own wording, not held to the national passage it may quote beside it
    expect(checkDiscretion(k.documents, [intent('outpatient', [{ region: '430000', text: '湖南省：门诊执行就医地支付范围。', citations: [OUTPATIENT] }])], new Map())).toEqual([]);
    const conflict = { ...k.facts.conflicts[0]!, national: { doc: 'nhsa_2022_22', text: '门诊执行就医地支付范围。', citations: [OUTPATIENT] } };
    expect(checkDiscretion(k.documents, [], new Map(), [conflict]).map((p) => p.path)).toEqual(['conflicts.0.national.text']);
  });

  it('reports a label or card title calling an answer that says “原则上” 全国统一', () => {
    const prompts = new Map(k.prompts);
    prompts.set('national.card_title', { ...prompts.get('national.card_title')!, text: '{title}（全国统一规定）' });
    prompts.set('national.label.general.principle', { ...prompts.get('national.label.general.principle')!, text: '以下是全国统一规定（{documents}）：' });
    const problems = checkDiscretion(k.documents, [intent('filing_validity', [{ text: '备案有效期原则上不少于6个月。', citations: [] }])], prompts);
    expect(problems.map((p) => p.path).sort()).toEqual(['prompts.national.card_title.text', 'prompts.national.label.general.principle.text']);
    // an answer without such words may be called 全国统一
    expect(checkDiscretion(k.documents, [intent('eligibility', [{ text: '办理异地就医备案后可以享受跨省直接结算。', citations: [] }])], prompts)).toEqual([]);
  });
});

describe('a national figure’s rule and a sentence citing nothing', () => {
  it('a national figure’s rule states only what its passage does (the 19号 notice adds 5, it never says 10种)', () => {
    const chronic = k.facts.nationalFigures.find((f) => f.id === 'chronic_diseases')!;
    expect(checkQuotedFigures([], new Map(), [], k.facts.nationalFigures)).toEqual([]);
    const problems = checkQuotedFigures([], new Map(), [], [{ ...chronic, rule: '跨省直接结算的门诊慢特病为10种（2024年新增5种）' }]);
    expect(problems.map((p) => `${p.path} ${/“([^”]+)”/.exec(p.problem)?.[1]}`)).toEqual(['national_figures.0.rule 10种']);
  });

  it('a prompt without citations states no figure only a local notice gives (芮城’s 30个工作日), while a national one or a plain example passes', () => {
    expect(checkLocalOnlyFigures(k.documents, k.prompts)).toEqual([]);
    const prompts = new Map([
      ['t.local', { text: '急诊的要在30个工作日内办理备案。', citations: [], file: 'prompts/t.yaml' }],
      ['t.national', { text: '一般两个工作日办结，有效期不少于6个月。', citations: [], file: 'prompts/t.yaml' }],
    ]);
    expect(checkLocalOnlyFigures(k.documents, prompts).map((p) => p.path)).toEqual(['prompts.t.local.text']);
  });
});
