/**
 * What an editor sees when the content is wrong: every problem at once, each at its file, line
 * and column, in words. Each test breaks a copy of the real content.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { inspectContent, validateKnowledge } from '../../src/knowledge/validate.js';
import { ContentError, ContentErrors } from '../../src/errors.js';
import { at, contentCopy, edit } from './support.js';

const where = (p: ContentError) => `${p.file}:${p.line}:${p.column}`;

describe('content problems', () => {
  it('are all reported at once, each at its file, line and column', () => {
    const dir = contentCopy();
    edit(dir, 'corpus/facts/rates.yaml', /ratio: 0\.9\b/, 'ratio: 9');
    edit(dir, 'corpus/facts/diagnosis.yaml', "no: ['(没|没有|未|还没", "no: ['((没|没有|未|还没");
    edit(dir, 'intents/thanks.yaml', 'title: 感谢', 'title: 感谢: 多谢');
    edit(dir, 'intents/emergency.yaml', 'region: "430000"', 'region: 长沙');
    edit(dir, 'intents/definition.yaml', /quote: .+/, 'quote: 这句话不在任何文件里出现过');
    edit(dir, 'intents/filing_late.yaml', '30个工作日内到参保地', '20个工作日内到参保地');

    const { knowledge, problems } = inspectContent(dir);
    expect(knowledge).toBeUndefined();
    const found = problems.map((p) => `${where(p)} ${p.path}`);
    expect(found).toEqual(expect.arrayContaining([
      `${at(dir, 'corpus/facts/rates.yaml', 'ratio: 9', 7)} tables.0.schemes.employee.classes.0.ratio`,
      `${at(dir, 'corpus/facts/diagnosis.yaml', "'((没|没有")} steps.0.said.no.0`,
      `${at(dir, 'intents/emergency.yaml', 'region: 长沙', 8)} answers.1.region`,
      `${at(dir, 'intents/definition.yaml', '这句话不在任何文件里出现过')} answers.0.citations.0.quote`,
      `${at(dir, 'intents/filing_late.yaml', '20个工作日')} answers.9.text`,
    ]));
    expect(problems.filter((p) => p.file === 'intents/thanks.yaml').map((p) => `${where(p)} ${p.problem}`)).toEqual([
      `${at(dir, 'intents/thanks.yaml', '感谢: 多谢')} YAML 格式有误（一行里有两个“: ”，或缩进不对：文字里的冒号请用中文“：”，或把整段文字用引号括起来）：Nested mappings are not allowed in compact mappings`,
    ]);
    // Broken files do not also show up as “missing”.
    expect(problems.some((p) => p.file === 'intents/thanks.yaml' && /缺少文件/.test(p.problem))).toBe(false);
    // The message reads file:line:column: problem（位置：path）, in Chinese for the editors.
    const region = problems.find((p) => p.file === 'intents/emergency.yaml')!;
    const regions = loadKnowledge().documents.flatMap((d) => (d.region ? [`${d.region.name} ${d.region.code}`] : [])).join('、');
    expect(region.message).toBe(`${at(dir, 'intents/emergency.yaml', 'region: 长沙', 8)}: “长沙”不是 corpus/documents.yaml 收录的地区（可用：${regions}）（位置：answers.1.region）`);
  });

  it('does not call an intent file that failed to load missing where a flow’s button names it', () => {
    const dir = contentCopy();
    edit(dir, 'intents/contact.yaml', 'label:', 'lable:');
    const problems = inspectContent(dir).problems.map((p) => `${p.file} ${p.problem}`);
    expect(problems.filter((p) => p.startsWith('intents/contact.yaml')).length).toBeGreaterThan(0);
    // flows/estimate.yaml and flows/filing.yaml offer 联系电话: its file is there, only broken
    expect(problems.filter((p) => p.includes('没有意图文件'))).toEqual([]);
  });

  it('reports every schema problem of one file, not only the first', () => {
    const dir = contentCopy();
    edit(dir, 'corpus/facts/deadlines.yaml', 'amount: 3\n', 'amount: -3\n');
    edit(dir, 'corpus/facts/deadlines.yaml', 'unit: working_days', 'unit: weeks');
    edit(dir, 'corpus/facts/deadlines.yaml', 'kind: emergency_filing\n', 'kind: emergency_filing\n    colour: red\n');
    const problems = inspectContent(dir).problems.filter((p) => p.file === 'corpus/facts/deadlines.yaml');
    expect(problems.map((p) => `${where(p)} ${p.path}`)).toEqual([
      `${at(dir, 'corpus/facts/deadlines.yaml', 'colour')} deadlines.0.colour`,
      `${at(dir, 'corpus/facts/deadlines.yaml', '-3')} deadlines.0.amount`,
      `${at(dir, 'corpus/facts/deadlines.yaml', 'weeks')} deadlines.1.unit`,
    ]);
    // zod's words in Chinese, for the editors (its zh-CN locale)
    expect(problems.map((p) => p.problem)).toEqual(['出现未知的键(key): "colour"', '数值过小：期望 number >0', expect.stringMatching(/^无效选项：期望以下之一 /)]);
  });

  it('stop loadKnowledge with one error that lists them all', () => {
    const dir = contentCopy();
    edit(dir, 'intents/thanks.yaml', 'utterances:', 'utterances: [oops\n');
    edit(dir, 'corpus/facts/rates.yaml', /ratio: 0\.9\b/, 'ratio: 9');
    let error: unknown;
    try {
      loadKnowledge(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContentErrors);
    const all = error as ContentErrors;
    expect(all.problems.map((p) => p.file).sort()).toEqual(['corpus/facts/rates.yaml', 'intents/thanks.yaml']);
    expect(all.message.split('\n')).toHaveLength(3);
    expect(all.message).toMatch(/^内容有2处问题：/);
  });

  it('reports an utterance listed under two intents, at the utterance', () => {
    const dir = contentCopy();
    edit(dir, 'intents/thanks.yaml', 'utterances:\n', 'utterances:\n  - 异地就医备案需要什么材料？？\n');
    const k = loadKnowledge(dir);
    k.intents.find((i) => i.id === 'materials')!.utterances.push('异地就医备案需要什么材料');
    const dup = validateKnowledge(k).filter((p) => /也是 materials 的说法/.test(p.problem));
    expect(dup.map(where)).toEqual([at(dir, 'intents/thanks.yaml', '异地就医备案需要什么材料？？')]);
  });
});

describe('the cross-file rules', () => {
  it('each report a broken copy at the place to fix', () => {
    const dir = contentCopy();
    rmSync(join(dir, 'intents/goodbye.yaml'));
    // A domain intent without a national answer, a region variant marked not_covered.
    edit(dir, 'intents/injury.yaml', '  - text: 没有第三方责任的外伤', '  - region: 武汉市\n    basis: not_covered\n    text: 没有第三方责任的外伤');
    // A sourced answer without a citation, and a text over WeChat's 2,048-byte budget.
    edit(dir, 'intents/outpatient.yaml', /  - region: "430000"\n    text: ([^\n]+)\n    citations:\n(      - doc: hunan\n        quote: [^\n]+\n){2}/,
      `  - region: "430000"\n    text: ${'很长的回答。'.repeat(120)}\n`);
    // An unknown document; an utterance listed twice in one intent.
    edit(dir, 'intents/outpatient.yaml', 'doc: wuhan', 'doc: beijing');
    edit(dir, 'intents/greeting.yaml', 'utterances:\n', 'utterances:\n  - 你好啊！\n');
    const problems = inspectContent(dir).problems.map((p) => `${p.where} ${p.path}: ${p.problem}`);
    expect(problems).toEqual([
      'intents/goodbye.yaml : 缺少文件：意图目录里的每个意图都要有自己的文件',
      // the second time the utterance appears (once punctuation is ignored)
      `${at(dir, 'intents/greeting.yaml', '- 你好啊\n', 2)} utterances.2: “你好啊”写了两遍`,
      `${at(dir, 'intents/injury.yaml', '- region: 武汉市')} answers: 业务意图要有一条全国答案（不写 region 的那条）`,
      `${at(dir, 'intents/injury.yaml', 'not_covered')} answers.0.basis: 地区版本的答案必须有出处（basis: sourced）`,
      `${at(dir, 'intents/outpatient.yaml', 'beijing')} answers.1.citations.0.doc: 没有这份文件：“beijing”（文件 id 见 corpus/documents.yaml）`,
      `${at(dir, 'intents/outpatient.yaml', 'region: "430000"')} answers.2.citations: 有出处的答案（basis: sourced）至少要引用一段原文（citations）`,
      `${at(dir, 'intents/outpatient.yaml', '很长的回答')} answers.2.text: 超过2048字节（微信一条消息的上限），请缩短，长的内容放进 detail`,
      // a 武汉 answer resting on national passages alone (src/knowledge/truth.ts)
      `${at(dir, 'intents/injury.yaml', '- doc: nhsa_2022_22')} answers.0.citations: 420100 的答案没有引用它自己的通知：本地答案要以本地文件为依据`,
      // the national layer's check says it too, in its words
      `${at(dir, 'intents/outpatient.yaml', 'beijing')} answers.1.citations.0.doc: 420100 的答案引用了别的地区的通知“beijing”`,
    ]);
  });
});

describe('region names in content', () => {
  it('accepts the name, the short name or the code wherever content names a region', () => {
    const dir = contentCopy();
    edit(dir, 'intents/emergency.yaml', 'region: "430000"', 'region: 湖南省');
    edit(dir, 'intents/filing_change.yaml', 'region: "370700"', 'region: 潍坊');
    edit(dir, 'corpus/facts/contacts.yaml', 'region: { code: "140830", name: 芮城县 }', 'region: 芮城县');
    const { knowledge, problems } = inspectContent(dir);
    expect(problems.map((p) => p.message)).toEqual([]);
    const answers = (id: string) => knowledge!.intents.find((i) => i.id === id)!.answers.map((a) => a.region);
    expect(answers('emergency')).toContain('430000');
    expect(answers('filing_change')).toContain('370700');
    expect(knowledge!.facts.contacts.find((c) => c.phone === '0359-6371567')!.region).toEqual({ code: '140830', name: '芮城县' });
  });

  it('refuses a code and a name that disagree', () => {
    const dir = contentCopy();
    edit(dir, 'corpus/facts/deadlines.yaml', 'region: { code: "430000", name: 湖南省 }', 'region: { code: "430000", name: 武汉市 }');
    const [p] = inspectContent(dir).problems;
    expect(p && `${where(p)} ${p.problem}`).toBe(`${at(dir, 'corpus/facts/deadlines.yaml', '武汉市 }')} 代码 430000 是湖南省，不是武汉市：代码和名称要一致`);
  });
});

describe('quotes as lists of fragments', () => {
  it('checks each fragment verbatim and in order, naming the fragment', () => {
    const dir = contentCopy();
    edit(dir, 'corpus/facts/contacts.yaml', '"寿光市", "5260521"]', '"寿光市", "5260520"]');
    edit(dir, 'corpus/facts/contacts.yaml', '"奎文区", "6028728"]', '"6028728", "奎文区东风东街 8081 号"]');
    const problems = inspectContent(dir).problems;
    expect(problems.map((p) => `${where(p)} ${p.path}`)).toEqual([
      `${at(dir, 'corpus/facts/contacts.yaml', '"6028728", "奎文区东风东街', 11)} contacts.17.citation.quote.2`,
      `${at(dir, 'corpus/facts/contacts.yaml', '"5260520"')} contacts.25.citation.quote.2`,
      // and the record's own number is no longer in the passage it cites
      `${at(dir, 'corpus/facts/contacts.yaml', '"0536-5260521"')} contacts.25.phone`,
    ]);
    expect(problems[0]!.problem).toMatch(/位置在它前一个片段之前/);
    expect(problems[1]!.problem).toMatch(/找不到一字不差的原文/);
  });

  it('shows people the fragments joined by an ellipsis', () => {
    const k = loadKnowledge();
    const shouguang = k.facts.contacts.find((c) => c.district === '寿光市' && c.kind === 'hotline')!;
    // the table's heading gives the area code 0536 every number is shown with
    const heading = '2. 电话办理、咨询热线（区号 0536）：';
    expect(shouguang.citation).toEqual({ doc: 'weifang', quote: `${heading}……寿光市……5260521`, fragments: [heading, '寿光市', '5260521'] });
  });
});
