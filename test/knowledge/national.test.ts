/**
 * The national layer: the four national documents in the corpus, answers chosen by level (a covered
 * region's own rule, else the national rule labelled as national), declared conflicts, and the
 * checks that keep local figures away from people insured elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { isAdjacentIntent, isDomainIntent, type IntentId } from '../../src/domain/intents.js';
import { KnowledgeBase } from '../../src/knowledge/base.js';
import { loadKnowledge, type Knowledge } from '../../src/knowledge/load.js';
import { checkNational, formatNationalCoverage, nationalCoverage } from '../../src/knowledge/national.js';
import { DocumentMetaSchema } from '../../src/knowledge/schema.js';
import { validateKnowledge } from '../../src/knowledge/validate.js';

const knowledge = loadKnowledge();
const kb = new KnowledgeBase(knowledge);
const fresh = (): Knowledge => ({ ...structuredClone({ ...knowledge, prompts: undefined }), prompts: knowledge.prompts });
const messages = (k: Knowledge) => checkNational(k).map((e) => e.message);

/** Insured places across provinces that no local notice speaks for. */
const UNCOVERED: Array<[string, string]> = [
  ['110105', '北京市朝阳区'], ['310000', '上海市'], ['440100', '广州市'], ['510100', '成都市'],
  ['230100', '哈尔滨市'], ['610100', '西安市'], ['530100', '昆明市'], ['450100', '南宁市'],
  ['650100', '乌鲁木齐市'], ['520100', '贵阳市'], ['320100', '南京市'], ['330100', '杭州市'],
  ['410100', '郑州市'], ['130100', '石家庄市'], ['340100', '合肥市'], ['350100', '福州市'],
  ['460100', '海口市'], ['540100', '拉萨市'], ['140800', '运城市'], ['420500', '宜昌市'],
];
const COVERED_NAMES = ['武汉', '湖南', '芮城', '潍坊'];
const domainIntents = knowledge.intents.filter((i) => isDomainIntent(i.id)).map((i) => i.id);
const nationalIntents = domainIntents.filter((id) => kb.intent(id).answers.some((a) => !a.region && a.basis === 'sourced'));

describe('the national documents in the corpus', () => {
  it('holds the four national documents with issuer, number, date and source, and no region', () => {
    const national = knowledge.documents.filter((d) => d.level === 'national');
    expect(national.map((d) => d.number).sort()).toEqual(
      ['医保办发〔2024〕19号', '医保发〔2022〕22号', '医保发〔2022〕22号附件', '医保发〔2024〕21号'].sort());
    for (const d of national) {
      expect(d.region).toBeUndefined();
      expect(d.date).toMatch(/^20(22|24)-/);
      expect(d.source).toContain('http');
      expect(d.text.length).toBeGreaterThan(2000);
    }
    expect(kb.regions.map((r) => r.name).sort()).toEqual(['武汉市', '湖南省', '潍坊市', '芮城县'].sort());
  });

  it('keeps the texts as published: article numbers and spaced issuers are not run together', () => {
    const guicheng = kb.document('nhsa_2022_22_guicheng')!.text;
    expect(guicheng).toContain('第十二条 参保人员办理异地就医备案后');
    expect(guicheng).not.toContain('标题：');
    expect(kb.document('nhsa_2022_22')!.text).toContain('国家医保局 财政部\n2022年6月30日');
  });

  it('refuses a national document without its number, and a local notice without its region', () => {
    const base = { id: 'x', file: 'x.txt', title: 't', issuer: 'i', scope: 's' };
    expect(DocumentMetaSchema.safeParse({ ...base, level: 'national', date: '2024-01-01', source: 'http://x' }).success).toBe(false);
    expect(DocumentMetaSchema.safeParse({ ...base }).success).toBe(false);
    expect(DocumentMetaSchema.safeParse({ ...base, level: 'national', number: 'n', date: '2024-01-01', source: 'http://x' }).success).toBe(true);
  });
});

describe('answers for people insured anywhere', () => {
  it('has a national answer for every domain intent except the two flows that compute or file, and the payout time no national text gives', () => {
    // The adjacent topics (isAdjacentIntent) route elsewhere and quote no national rule.
    expect(domainIntents.filter((id) => !isAdjacentIntent(id) && !nationalIntents.includes(id)).sort())
      .toEqual(['reimbursement_estimate', 'reimbursement_payout', 'start_filing']);
  });

  it.each(UNCOVERED)('insured in %s (%s): the national rule, labelled, quoting national texts only, and who decides the details', (code, name) => {
    for (const id of nationalIntents) {
      const sel = kb.selectAnswer(id, { insured_region: { code, name } })!;
      expect(sel.level, id).toBe('national');
      expect(sel.coverage, id).toBe('uncovered');
      // 全国统一 only where the answer says no “原则上”/“鼓励”: a rule the source leaves to each place is labelled so
      if (/原则上|鼓励|探索/.test(sel.answer.text)) {
        expect(sel.before.join(''), id).toMatch(/以下是国家文件的规定（(医保发|医保办发)〔20(22|24)〕\d+号.*其中“(原则上|鼓励|探索)/);
        expect(sel.before.join(''), id).not.toContain('全国统一');
      } else {
        expect(sel.before.join(''), id).toMatch(/全国统一规定（国家规定，(医保发|医保办发)〔20(22|24)〕\d+号/);
      }
      // who decides the details; for the contacts, where that place's lines are found (phone numbers are no detail decided 按当地规定)
      expect(sel.after.join(''), id).toContain(id === 'contact' ? `${name}医保经办机构的电话和窗口地址` : `${name}的医保部门`);
      // 12393 is named once: in the answer, or in the sentence after it
      expect(sel.after.join('').includes('12393'), id).toBe(!sel.answer.text.includes('12393'));
      // each passage once on the card
      expect(new Set(sel.citations.map((c) => c.quote)).size, id).toBe(sel.citations.length);
      const shown = [...sel.before, sel.answer.text, ...sel.after].join('');
      for (const local of COVERED_NAMES) expect(shown, `${id} shows ${local}`).not.toContain(local);
      for (const c of sel.citations) expect(kb.document(c.doc)?.level, `${id} cites ${c.doc}`).toBe('national');
    }
  });

  it('gives a covered region its own rule, labelled local, and the national rule where its notice is silent', () => {
    const wuhan = { code: '420100', name: '武汉市' };
    const own = kb.selectAnswer('filing_validity', { insured_region: wuhan })!;
    expect(own.level).toBe('local');
    expect(own.before).toEqual([]);
    const silent = kb.selectAnswer('filing_late', { insured_region: wuhan })!;
    expect(silent.level).toBe('national');
    expect(silent.coverage).toBe('national_for_covered');
    expect(silent.before[0]).toBe('武汉市的文件对此没有单独规定，以下是全国统一规定（国家规定，医保发〔2022〕22号、医保发〔2024〕21号）：');
    // where the national text says “原则上”, the label says so, and that 武汉's rules decide
    const principle = kb.selectAnswer('filing_effective', { insured_region: wuhan })!;
    expect(principle.coverage).toBe('national_for_covered');
    expect(principle.before[0]).toBe('武汉市的文件对此没有单独规定，以下是国家文件的规定（医保发〔2022〕22号及其附件），其中“原则上”“鼓励”的部分，具体以武汉市的规定为准：');
    // a covered region's people are not told that “their insured place decides” on top of their own notice
    expect(silent.after).toEqual([]);
  });

  it('answers the same question for the same place the same way every time, whatever a caller added to an earlier answer', () => {
    const chengdu = { code: '510100', name: '成都市' };
    const first = kb.selectAnswer('filing_how', { insured_region: chengdu })!;
    const shown = structuredClone(first);
    first.before.push('（一位调用方加上的话）');
    first.after.length = 0;
    first.citations.length = 0;
    const again = kb.selectAnswer('filing_how', { insured_region: { ...chengdu } })!;
    expect(again).toEqual(shown);
    expect(again.after.join('')).toContain('成都市的医保部门');
    // Another place, category or scheme is another answer, not the one chosen before.
    expect(kb.selectAnswer('filing_how', { insured_region: { code: '320100', name: '南京市' } })!.after.join('')).toContain('南京市的医保部门');
    expect(kb.selectAnswer('materials', { insured_region: chengdu, person_category: 'posted_worker' })!.answer)
      .not.toBe(kb.selectAnswer('materials', { insured_region: chengdu })!.answer);
  });

  it('names the 2022 notice and its annex (the 经办规程) when both are quoted, the annex alone when only it is', () => {
    const sel = kb.selectAnswer('filing_how', { insured_region: { code: '510100', name: '成都市' } })!;
    expect(sel.citations.map((c) => c.doc)).toEqual(expect.arrayContaining(['nhsa_2022_22', 'nhsa_2022_22_guicheng']));
    expect(sel.before[0]).toContain('（医保发〔2022〕22号及其附件）');
    const cite = (doc: string) => ({ doc, quote: '' });
    expect(kb.documentNumbers([cite('nhsa_2022_22_guicheng')])).toBe('医保发〔2022〕22号附件');
    expect(kb.documentNumbers([cite('nhsa_2022_22'), cite('nhsa_2024_21')])).toBe('医保发〔2022〕22号、医保发〔2024〕21号');
    expect(kb.documentNumbers([cite('nhsa_2022_22_guicheng'), cite('nhsa_2022_22'), cite('nhsa_2024_21')])).toBe('医保发〔2022〕22号及其附件、医保发〔2024〕21号');
  });

  it('picks the national variant for the person category', () => {
    const sel = kb.selectAnswer('materials', { insured_region: { code: '110000', name: '北京市' }, person_category: 'posted_worker' })!;
    expect(sel.answer.person_category).toBe('posted_worker');
    expect(sel.answer.text).toContain('工作合同');
  });
});

describe('declared conflicts between a local notice and the national rules', () => {
  it('gives 武汉 referral filings as stated (一次有效), then the national rule with number and year, then who confirms', () => {
    const sel = kb.selectAnswer('filing_validity', { insured_region: { code: '420100', name: '武汉市' }, person_category: 'referral' })!;
    expect(sel.level).toBe('local');
    expect(sel.answer.text).toContain('一次有效');
    expect(sel.after[0]).toMatch(/^国家规定（医保发〔2022〕22号，2022年）：.*不少于6个月/);
    expect(sel.after[1]).toContain('以武汉市医保部门的答复为准');
    expect(sel.citations.map((c) => c.doc)).toEqual(expect.arrayContaining(['wuhan', 'nhsa_2022_22']));
  });

  it('does not add the referral conflict to a 武汉 retiree, whose filing is 长期有效 in both', () => {
    const sel = kb.selectAnswer('filing_validity', { insured_region: { code: '420100', name: '武汉市' }, person_category: 'retiree_resettled' })!;
    expect(sel.after).toEqual([]);
  });

  it('does not follow a 武汉 answer that never states the differing rule with the conflict (how it works, no category)', () => {
    // the general steps say nothing of 一次有效: “武汉市的文件与上面的国家规定不一致” would point at nothing shown
    const sel = kb.selectAnswer('process', { insured_region: { code: '420100', name: '武汉市' } })!;
    expect(sel.level).toBe('local');
    expect(sel.answer.text).not.toContain('一次有效');
    expect(sel.after).toEqual([]);
    expect(sel.conflict).toBeUndefined();
  });

  it('still follows a 武汉 answer for no category that states 一次有效 (the validity rules) with the conflict', () => {
    const sel = kb.selectAnswer('filing_validity', { insured_region: { code: '420102', name: '江岸区' } })!;
    expect(sel.answer.text).toContain('一次有效');
    expect(sel.after.join('')).toContain('以武汉市医保部门的答复为准');
  });

  it('follows an answer that words 一次有效 only in its longer version, quoting nothing, with the conflict — every time it is asked', () => {
    // the patterns are compiled once when the knowledge loads: a second and third look-up must agree with the first
    const base = kb.selectAnswer('filing_validity', { insured_region: { code: '420100', name: '武汉市' }, person_category: 'referral' })!.answer;
    const worded = { ...base, text: '备案后按规定就医。', detail: '转诊转院人员备案一次有效。', citations: [] };
    const silent = { ...worded, detail: '备案后可在就医地就诊。' };
    for (let i = 0; i < 3; i++) {
      expect(kb.conflictFor('filing_validity', '420100', 'referral', worded)?.id).toBe('wuhan_referral_emergency_once');
      expect(kb.conflictFor('filing_validity', '420100', 'referral', silent)).toBeUndefined();
    }
  });

  it('gives 潍坊 people the more generous local rule, then the national minimum, never said to contradict it', () => {
    const sel = kb.selectAnswer('filing_validity', { insured_region: { code: '370783', name: '寿光市' }, person_category: 'temporary' })!;
    expect(sel.level).toBe('local');
    expect(sel.answer.text).toContain('不再设置有效期');
    expect(sel.conflict?.id).toBe('weifang_temporary_no_expiry');
    expect(sel.after[0]).toBe('国家规定（医保发〔2022〕22号附件，2022年）的最低要求：跨省临时外出就医人员备案有效期原则上不少于6个月。');
    expect(sel.after.join('')).toContain('潍坊市的文件比这一最低要求更宽');
    expect(sel.after.join('')).not.toContain('不一致');
    expect(sel.citations.map((c) => c.doc)).toEqual(expect.arrayContaining(['weifang', 'nhsa_2022_22_guicheng']));
  });

  it('follows 潍坊’s five chronic diseases with the 2024 national five more', () => {
    const sel = kb.selectAnswer('chronic_disease', { insured_region: { code: '370700', name: '潍坊市' } })!;
    expect(sel.after.join('')).toContain('医保办发〔2024〕19号，2024年');
    expect(sel.after.join('')).toContain('强直性脊柱炎');
  });
});

describe('the national checks', () => {
  it('pass on the committed content', () => {
    expect(validateKnowledge(knowledge)).toEqual([]);
  });

  it('fail on a national answer that quotes a local notice', () => {
    const k = fresh();
    const intent = k.intents.find((i) => i.id === 'definition')!;
    intent.answers.find((a) => !a.region)!.citations.push({ doc: 'weifang', quote: '潍坊' });
    expect(messages(k).join('\n')).toMatch(/全国答案（没有 region）引用了本地通知“weifang”/);
  });

  it('fail on a region’s answer that quotes another region’s notice', () => {
    const k = fresh();
    k.intents.find((i) => i.id === 'materials')!.answers.find((a) => a.region === '420100')!.citations.push({ doc: 'hunan', quote: '湖南' });
    expect(messages(k).join('\n')).toContain('420100 的答案引用了别的地区的通知“hunan”');
  });

  it('fail on a national materials row (no region) that quotes a local notice', () => {
    const k = fresh();
    k.facts.materials.find((m) => !m.region)!.citation = { doc: 'weifang', quote: '潍坊' };
    expect(messages(k).join('\n')).toContain('不写地区的一行是全国规定，要引用国家文件，不能引用“weifang”');
  });

  it('fail on a local figure contradicting a national one without a declared conflict', () => {
    const k = fresh();
    k.facts.conflicts = k.facts.conflicts.filter((c) => c.id !== 'wuhan_referral_emergency_once');
    const problems = checkNational(k);
    expect(problems.some((p) => p.file === 'intents/filing_validity.yaml' && p.message.includes('本地的“一次有效”和国家规定 temporary_filing_validity'))).toBe(true);
  });

  it('fail on a local chronic-disease list shorter than the national one without a declared conflict', () => {
    const k = fresh();
    k.facts.conflicts = k.facts.conflicts.filter((c) => c.id !== 'weifang_five_chronic_diseases');
    expect(messages(k).join('\n')).toMatch(/潍坊市列了5种病，国家清单.*慢性阻塞性肺疾病/);
  });

  it('fail on quoting the 2022 reduction cap alone, or beside the 2024 reductions without dating each', () => {
    const alone = fresh();
    alone.intents.find((i) => i.id === 'filing_validity')!.answers.find((a) => !a.region)!.citations
      .push({ doc: 'nhsa_2022_22', quote: '非急诊且未转诊的其他跨省临时外出就医人员支付比例的降幅不超过20个百分点' });
    expect(messages(alone).join('\n')).toContain('引用了 temporary_trip_reductions 的2022年说法，旁边却没有 nhsa_2024_21 的现行说法');
    // both cited, but told as one undated rule
    const merged = fresh();
    const referral = merged.intents.find((i) => i.id === 'referral')!.answers.find((a) => !a.region)!;
    referral.text = referral.text.replace(/20(22|24)年/g, '');
    expect(messages(merged).join('\n')).toContain('两处都引用，并各自写明年份（2022年 / 2024年）');
    // as the content stands: beside each other, each dated
    expect(messages(fresh()).join('\n')).not.toContain('temporary_trip_reductions');
  });
});

describe('the coverage report of npm run validate', () => {
  const rows = nationalCoverage(knowledge);
  const row = (id: IntentId) => rows.find((r) => r.intent === id)!;

  it('says per intent whether a national answer exists and which regions override it', () => {
    expect(rows).toHaveLength(domainIntents.length);
    expect(row('filing_validity')).toMatchObject({ national: true, overriddenBy: expect.arrayContaining(['武汉市', '湖南省', '潍坊市']) });
    expect(row('filing_validity').overriddenBy).not.toContain('芮城县');
    expect(row('reimbursement_estimate').national).toBe(false);
    const text = formatNationalCoverage(kb, rows).join('\n');
    expect(text).toContain(`国家层面：${domainIntents.length}个领域意图中有${nationalIntents.length}个有国家文件的答案`);
    expect(text).toMatch(/filing_validity +有国家答案 · 本地版本：.*武汉市.* · 冲突：.*武汉市（本地更严格）/);
  });
});

describe('the adjacent topics', () => {
  const adjacent = knowledge.intents.filter((i) => isAdjacentIntent(i.id));

  it('every answer says where the matter is handled, and offers cross-region topics as buttons', () => {
    expect(adjacent.length).toBe(7);
    for (const intent of adjacent) {
      expect(intent.followups.length, intent.id).toBeGreaterThan(0);
      for (const a of intent.answers) {
        expect(a.text, `${intent.id} ${a.region ?? ''}`).toMatch(/医保经办机构|医保部门|12393|人社部门|单位|医院/);
      }
    }
  });

  it('where a notice speaks, someone insured there reads it quoted: discharge payment for 潍坊, 湖南, 芮城', () => {
    for (const [code, name] of [['370700', '潍坊市'], ['430000', '湖南省'], ['140830', '芮城县']] as const) {
      const sel = kb.selectAnswer('hospital_deposit', { insured_region: { code, name } })!;
      expect(sel.level, name).toBe('local');
      expect(sel.answer.text, name).toMatch(/由就诊的医院规定/);
      expect(sel.answer.text, name).toMatch(/只需支付/);
      expect(sel.answer.citations.length, name).toBeGreaterThan(0);
    }
    const elsewhere = kb.selectAnswer('hospital_deposit', { insured_region: { code: '310000', name: '上海市' } })!;
    expect(elsewhere.level).toBe('none');
    expect(elsewhere.answer.text).toMatch(/住院处或收费处/);
  });
});

describe('the source card', () => {
  it('lists each passage once: a repeat, or a passage another listed contains, is dropped', () => {
    const long = { doc: 'nhsa_2022_22', quote: '跨省异地就医直接结算的住院、普通门诊和门诊慢特病医疗费用，原则上执行就医地规定的支付范围及有关规定（基本医疗保险药品、医疗服务项目和医用耗材等支付范围），执行参保地规定的基本医疗保险基金起付标准、支付比例、最高支付限额、门诊慢特病病种范围等有关政策。' };
    const part = { doc: 'nhsa_2022_22', quote: '执行参保地规定的基本医疗保险基金起付标准、支付比例、最高支付限额、门诊慢特病病种范围等有关政策。' };
    const other = { doc: 'nhsa_2022_22_guicheng', quote: '按照“就医地目录、参保地政策、就医地管理”的要求' };
    expect(kb.sources([part, other, long, other]).map((s) => s.quote)).toEqual([other.quote, long.quote]);
  });
});
