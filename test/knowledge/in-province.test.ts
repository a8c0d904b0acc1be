/**
 * A trip inside the insured place's province (岳阳 → 长沙, 潍坊 → 济南, 芮城 → 太原) told an answer
 * whose source speaks of 跨省 trips only says so first, and whose rules decide; a local passage about
 * 省内 is chosen where a notice has one; a cross-province trip is told what it was told before.
 */
import { describe, expect, it } from 'vitest';
import { inProvinceTrip, KnowledgeBase } from '../../src/knowledge/base.js';
import { loadKnowledge, type Knowledge } from '../../src/knowledge/load.js';
import { validateKnowledge } from '../../src/knowledge/validate.js';

const knowledge = loadKnowledge();
const kb = new KnowledgeBase(knowledge);
const place = (code: string, name: string) => ({ code, name });
const 岳阳 = place('430600', '岳阳市');
const 长沙 = place('430100', '长沙市');
const 潍坊 = place('370700', '潍坊市');
const 济南 = place('370100', '济南市');
const 芮城 = place('140830', '芮城县');
const 太原 = place('140100', '太原市');
const 北京 = place('110000', '北京市');
const 武汉 = place('420100', '武汉市');
const 宜昌 = place('420500', '宜昌市');
const 成都 = place('510100', '成都市');
const 绵阳 = place('510700', '绵阳市');
const said = (sel: ReturnType<KnowledgeBase['selectAnswer']>) => [...sel!.before, sel!.answer.text, ...sel!.after].join('\n');

describe('a trip inside the insured place’s province', () => {
  it('is one only with both places known, different, and in one province', () => {
    expect(inProvinceTrip({ insured_region: 岳阳, destination: 长沙 })).toBe(true);
    expect(inProvinceTrip({ insured_region: 芮城, destination: 北京 })).toBe(false);
    expect(inProvinceTrip({ insured_region: 芮城 })).toBe(false);
    expect(inProvinceTrip({ insured_region: 长沙, destination: 长沙 })).toBe(false);
  });

  it('told 湖南’s notice, which speaks of 跨省 only, hears that it is 省内 and that 岳阳 decides', () => {
    const text = said(kb.selectAnswer('materials', { insured_region: 岳阳, destination: 长沙 }));
    expect(text).toContain('您从岳阳市到长沙市就医，两地在同一个省，属于省内异地就医');
    expect(text).toContain('湖南省文件中跨省异地就医的规定');
    expect(text).toContain('以岳阳市医保部门的答复为准');
    expect(text).toContain('12393');
  });

  it('told a national rule (芮城 → 太原) hears that the national rule is about 跨省 trips', () => {
    const sel = kb.selectAnswer('filing_validity', { insured_region: 芮城, destination: 太原 });
    expect(sel?.level).toBe('national');
    expect(said(sel)).toContain('我们收录的国家文件讲的是跨省异地就医');
    // introduced once: the label that follows says it is the national rule
    expect(said(sel).match(/以下是全国统一规定|下面的全国统一规定|以下是国家文件的规定/g)).toHaveLength(1);
    expect(said(sel)).toContain('以芮城县医保部门的答复为准');
    // the 12393 sentence names its source
    expect(sel!.citations.some((c) => c.quote.includes('12393'))).toBe(true);
  });

  it('who answers for the 省内 trip comes last, after the national rule a local one differs from (岳阳 → 长沙, 急诊)', () => {
    const lines = said(kb.selectAnswer('emergency', { insured_region: 岳阳, destination: 长沙 })).trim().split('\n');
    expect(lines.join('\n')).toContain('请以湖南省医保部门的答复为准');
    expect(lines.at(-1)).toContain('省内异地就医怎么办理，请以岳阳市医保部门的答复为准');
  });

  it('an uncovered place’s in-province trip (成都 → 绵阳) is told once who decides', () => {
    const text = said(kb.selectAnswer('filing_validity', { insured_region: 成都, destination: 绵阳 }));
    expect(text).toContain('属于省内异地就医');
    expect(text).not.toContain('以成都市医保部门的答复为准');
    expect(text).toContain('具体细节由成都市的医保部门按当地规定确定');
  });

  it('gets the local passage about 省内 where the notice has one (潍坊, 武汉), with its quote', () => {
    const weifang = kb.selectAnswer('filing_how', { insured_region: 潍坊, destination: 济南 });
    expect(weifang?.answer.text).toContain('省内临时外出就医无需备案');
    expect(said(weifang)).not.toContain('跨省异地就医的规定');
    expect(weifang?.citations.some((c) => c.quote.includes('省内临时外出就医无需备案'))).toBe(true);
    const wuhan = kb.selectAnswer('filing_how', { insured_region: 武汉, destination: 宜昌 });
    expect(wuhan?.answer.text).toContain('鄂汇办');
    expect(wuhan?.answer.text).not.toContain('国家医保服务平台');
  });

  it('a local answer that speaks of both trips carries no note (芮城’s channels)', () => {
    const text = said(kb.selectAnswer('filing_how', { insured_region: 芮城, destination: 太原 }));
    expect(text).not.toContain('属于省内异地就医');
  });

  it('a cross-province trip or an unknown destination is told what it was told before', () => {
    for (const slots of [{ insured_region: 芮城, destination: 北京 }, { insured_region: 芮城 }]) {
      const text = said(kb.selectAnswer('filing_validity', slots));
      expect(text).not.toContain('省内异地就医');
    }
    for (const slots of [{ insured_region: 潍坊, destination: 北京 }, { insured_region: 潍坊 }]) {
      expect(kb.selectAnswer('filing_how', slots)?.answer.text).toContain('潍坊市：可通过国家医保服务平台APP');
    }
    expect(kb.selectAnswer('filing_how', { insured_region: 武汉 })?.answer.text).toContain('跨省异地就医备案用手机登录');
  });
});

describe('answer scopes in the content', () => {
  const fresh = (): Knowledge => ({ ...structuredClone({ ...knowledge, prompts: undefined }), prompts: knowledge.prompts });
  const messages = (k: Knowledge) => validateKnowledge(k).map((e) => e.message);

  it('every answer has a scope: national 跨省, 湖南 跨省, the others as marked or any', () => {
    const how = kb.intent('filing_how').answers;
    expect(how.filter((a) => a.region === undefined).map((a) => kb.answerScope(a))).toEqual(['cross_province']);
    expect(how.filter((a) => a.region === '430000').map((a) => kb.answerScope(a))).toEqual(['cross_province']);
    expect(how.filter((a) => a.region === '140830').map((a) => kb.answerScope(a))).toEqual(['any']);
  });

  it('fails an in_province answer without a passage about 省内, or on a notice about 跨省 only', () => {
    const k = fresh();
    const how = k.intents.find((i) => i.id === 'filing_how')!;
    const ruicheng = how.answers.find((a) => a.region === '140830')!;
    how.answers.push({ ...ruicheng, scope: 'in_province' });
    const hunan = how.answers.find((a) => a.region === '430000')!;
    hunan.scope = 'any';
    const found = messages(k);
    expect(found.some((m) => m.includes('省内（in_province）答案要引用讲省内的原文')), found.join('\n')).toBe(true);
    expect(found.some((m) => m.includes('但它引用的文件只讲跨省'))).toBe(true);
    expect(messages(knowledge)).toEqual([]);
  });
});
