/**
 * Truth first, fourth round: how a place is named and what an uncovered place's contacts say, read where
 * a hotline agent reads them (the KnowledgeBase's selection, which /api/answer shows as label and notes).
 */
import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/knowledge/base.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { placeName } from '../../src/nlu/gazetteer.js';

const kb = new KnowledgeBase(loadKnowledge(), placeName);
const haidian = { code: '110108', name: '海淀区' };

describe('a place as a person reads it', () => {
  it('names a district or county under its city, a covered region by its own name', () => {
    expect(kb.placeName(haidian)).toBe('北京市海淀区');
    expect(kb.placeName({ code: '440106', name: '天河区' })).toBe('广州市天河区');
    expect(kb.placeName({ code: '320583', name: '昆山市' })).toBe('苏州市昆山市');
    expect(kb.placeName({ code: '370783', name: '寿光市' })).toBe('潍坊市寿光市');
    expect(kb.placeName({ code: '140830', name: '芮城县' })).toBe('芮城县');
    expect(kb.placeName({ code: '510100', name: '成都市' })).toBe('成都市');
  });
});

describe('the contacts of a place no notice covers, as the agent aid reads them', () => {
  it('say first that none of its lines is held, then the national channel', () => {
    const sel = kb.selectAnswer('contact', { insured_region: haidian })!;
    expect(sel.coverage).toBe('uncovered');
    expect(sel.before[0]).toContain('没有北京市海淀区医保部门的咨询电话和经办窗口');
    expect(sel.answer.text).toContain('12393');
  });

  it('are not said for a covered region, whose own lines answer', () => {
    const sel = kb.selectAnswer('contact', { insured_region: { code: '370700', name: '潍坊市' } })!;
    expect(sel.before.join('')).not.toContain('我们收录的政策文件里没有');
  });
});
