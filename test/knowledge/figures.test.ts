/**
 * One home per fact: a figure in an answer that disagrees with its region's fact record fails,
 * naming both places; answers that name a record (`{hotline}`) get its value.
 */
import { describe, expect, it } from 'vitest';
import { figuresIn } from '../../src/knowledge/figures.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { inspectContent } from '../../src/knowledge/validate.js';
import { at, contentCopy, edit } from './support.js';

describe('figures in answer texts', () => {
  it('reads phone numbers, percentages, amounts in 元 and durations, but not dates', () => {
    expect(figuresIn('咨询电话0359-6371567，热线 5260521；报销90%，降低15个百分点；起付线600元，封顶8万元；3天内、30个工作日、6个月；12月5日'))
      .toEqual([
        { kind: 'phone', value: '03596371567', text: '0359-6371567' },
        { kind: 'phone', value: '5260521', text: '5260521' },
        { kind: 'percent', value: 90, text: '90%' },
        { kind: 'percent', value: 15, text: '15个百分点' },
        { kind: 'yuan', value: 600, text: '600元' },
        { kind: 'yuan', value: 80000, text: '8万元' },
        { kind: 'days', value: 3, text: '3天' },
        { kind: 'working_days', value: 30, text: '30个工作日' },
        { kind: 'months', value: 6, text: '6个月' },
      ]);
  });

  it('fail when they disagree with the region’s fact record, naming the answer and the record at line and column', () => {
    const dir = contentCopy();
    edit(dir, 'intents/emergency.yaml', '急诊入院后3天内', '急诊入院后5天内');
    edit(dir, 'intents/reimbursement_rates.yaml', '1500元', '1600元');
    const problems = inspectContent(dir).problems;
    const deadline = at(dir, 'corpus/facts/deadlines.yaml', '3\n', 0);
    expect(problems.map((p) => p.message)).toEqual(expect.arrayContaining([
      `${at(dir, 'intents/emergency.yaml', '5天内')}: “5天”和湖南省的事实记录 ${deadline}（3天）不一致：改正其中一处（位置：answers.1.text）`,
    ]));
    expect(problems.find((p) => p.file === 'intents/reimbursement_rates.yaml')?.message)
      .toMatch(new RegExp(`^${at(dir, 'intents/reimbursement_rates.yaml', '1600元')}: “1600元”和芮城县的事实记录 corpus/facts/rates\\.yaml:\\d+:\\d+（1500元）不一致`));
  });

  it('fail when a region has no record for them at all', () => {
    const dir = contentCopy();
    edit(dir, 'intents/contact.yaml', '武汉市的文件没有列出咨询电话。', '武汉市咨询电话027-12345678。');
    const [p] = inspectContent(dir).problems;
    expect(p?.message).toBe(`${at(dir, 'intents/contact.yaml', '027-12345678')}: “027-12345678”是电话号码，但武汉市没有对应的事实记录：在 corpus/facts/contacts.yaml 里加一条（每个事实只记一处）（位置：answers.3.text）`);
  });

  it('follow their record: every answer that names {hotline} shows the record’s number', () => {
    const dir = contentCopy();
    edit(dir, 'corpus/facts/contacts.yaml', 'phone: "0359-6371567"', 'phone: "0359-6371568"');
    const { knowledge, problems } = inspectContent(dir);
    // The record no longer matches the passage it cites, which is reported at the record…
    expect(problems.map((p) => `${p.where} ${p.path}`)).toEqual([`${at(dir, 'corpus/facts/contacts.yaml', '"0359-6371568"')} contacts.34.phone`]);
    expect(knowledge).toBeUndefined();
    // …and every answer already says the record's number: there is no second copy to forget.
    const k = loadKnowledge(dir);
    for (const id of ['contact', 'filing_how', 'filing_late']) {
      const a = k.intents.find((i) => i.id === id)!.answers.find((x) => x.region === '140830')!;
      expect(`${a.text}${a.detail ?? ''}`).toContain('0359-6371568');
      expect(`${a.text}${a.detail ?? ''}`).not.toContain('0359-6371567');
    }
  });
});

describe('fact placeholders in answers', () => {
  const k = loadKnowledge();
  const variant = (id: string, region: string) => k.intents.find((i) => i.id === id)!.answers.find((a) => a.region === region)!;

  it('fill the hotline, the hotline list and the window list from contacts.yaml', () => {
    for (const [id, field] of [['contact', 'text'], ['filing_how', 'detail'], ['filing_late', 'detail']] as const) {
      expect(variant(id, '140830')[field]).toContain('芮城县医保咨询电话（城镇职工）：0359-6371567。');
    }
    const weifang = variant('contact', '370700').detail!;
    expect(weifang).toContain('寿光市：0536-5260521');
    expect(weifang).toContain('市直：高新区东方路 3396 号市政务服务中心一楼北侧医保服务区');
    expect(weifang.match(/：0536-/g)).toHaveLength(17);
    expect(weifang).not.toMatch(/[{}]/);
  });

  it('refuse a placeholder that names no single record, or sits in the national answer', () => {
    const dir = contentCopy();
    edit(dir, 'intents/contact.yaml', '例如市本级热线0536-8102788', '例如热线{hotline}');
    edit(dir, 'intents/contact.yaml', '可以拨打12393咨询服务电话', '可以拨打{hotline}');
    edit(dir, 'intents/filing_how.yaml', '{hotline}', '{hotline:运城}');
    const problems = inspectContent(dir).problems.map((p) => `${p.where} ${p.problem}`);
    expect(problems).toEqual([
      `${at(dir, 'intents/contact.yaml', '可以拨打', 4)} 事实占位符要用在地区答案里：全国答案没有地区`,
      `${at(dir, 'intents/contact.yaml', '例如热线', 4)} {hotline}：这个地区有17个电话，请写明县市区，例如 {hotline:奎文区}`,
      `${at(dir, 'intents/filing_how.yaml', '{hotline:运城}')} {hotline:运城}：corpus/facts/contacts.yaml 里没有这个地区的这个电话`,
    ]);
  });

  it('fill {materials} from the record of the answer’s region and person category, and miss no item', () => {
    const wuhan = (c: string) => k.intents.find((i) => i.id === 'materials')!.answers.find((a) => a.region === '420100' && a.person_category === c)!;
    expect(wuhan('retiree_resettled').text).toBe('武汉市异地安置退休人员备案需要：户口簿复印件或照片件；另外备案前需有有效的二代（含）以上社保卡。');
    const dir = contentCopy();
    edit(dir, 'corpus/facts/materials.yaml', 'items: ["参保单位派出证明"]', 'items: ["参保单位派出证明", "身份证"]');
    edit(dir, 'intents/materials.yaml', '芮城县异地长期居住人员备案需要：社保卡，以及居住证或异地长期居住的相关材料。', '芮城县异地长期居住人员备案需要：社保卡。');
    const problems = inspectContent(dir).problems.map((p) => `${p.where} ${p.problem}`);
    // Wuhan's posted-worker answer says {materials}: it follows the record and stays complete.
    expect(problems).toEqual([
      `${at(dir, 'intents/materials.yaml', '芮城县异地长期居住人员备案需要')} 没有提到 ${at(dir, 'corpus/facts/materials.yaml', '"居住证或异地长期居住的相关材料"')} 里的“居住证或异地长期居住的相关材料”：用记录里的原话，或者写 {materials}`,
    ]);
    expect(loadKnowledge(dir).intents.find((i) => i.id === 'materials')!.answers.find((a) => a.region === '420100' && a.person_category === 'posted_worker')!.text)
      .toContain('参保单位派出证明；身份证');
  });
});
