/** Which intents and facts a place gets: a district through its city's notice, an uncovered place nothing. */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { coverageSummary, regionReport } from '../../src/knowledge/region-report.js';

const k = loadKnowledge();

describe('region coverage report', () => {
  it('covers a county-level city through its city’s notice, with its own district’s contacts', () => {
    const r = regionReport(k, { code: '370783', name: '寿光市' });
    expect(r.covered).toMatchObject({ code: '370700', name: '潍坊市', document: 'weifang' });
    const contact = r.intents.find((i) => i.intent === 'contact')!;
    expect(contact.answer).toBe('region');
    const contacts = r.facts.find((f) => f.kind === 'contacts')!;
    expect(contacts.details).toEqual(['寿光市 窗口', '寿光市 电话 0536-5260521']);
    expect(r.facts.find((f) => f.kind === 'rates')!.count).toBe(0);
  });

  it('says which intents fall back to the common answer, as the assistant does', () => {
    const r = regionReport(k, { code: '420100', name: '武汉市' });
    for (const i of r.intents) {
      const own = k.intents.find((x) => x.id === i.intent)!.answers.some((a) => a.region === '420100');
      expect(i.answer === 'region', i.intent).toBe(own);
    }
    expect(r.intents.filter((i) => i.answer === 'common').length).toBeGreaterThan(0);
  });

  it('gives an uncovered place no variant and no fact', () => {
    const r = regionReport(k, { code: '110000', name: '北京市' });
    expect(r.covered).toBeUndefined();
    expect(r.intents.every((i) => i.answer !== 'region')).toBe(true);
    expect(r.facts).toEqual([]);
  });

  it('summarises every region of documents.yaml', () => {
    const s = coverageSummary(k);
    expect(s.map((r) => r.region.code)).toEqual([...new Set(k.documents.flatMap((d) => (d.region ? [d.region.code] : [])))]);
    const ruicheng = s.find((r) => r.region.code === '140830')!;
    expect(ruicheng.facts.rates).toBe(1);
    expect(ruicheng.withVariant).toBe(regionReport(k, ruicheng.region).intents.filter((i) => i.answer === 'region').length);
  });
});
