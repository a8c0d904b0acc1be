/** Truth first, checked: a figure an answer states is in the passage it cites; a local answer rests on its own notice. */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { IntentFile } from '../../src/knowledge/schema.js';
import { checkLocalSources, checkQuotedFigures } from '../../src/knowledge/truth.js';

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
    expect(national.map((p) => p.problem)).toEqual(["420100's answer cites none of its own notice: a local answer rests on the local source"]);
  });
});
