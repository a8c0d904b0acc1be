/**
 * The project's own content passes every check, and the facts read from the notices say what the
 * notices say. What validateKnowledge checks (utterance counts and duplicates, verbatim quotes,
 * known regions, the text budget, figures against their records) is tested once, on broken
 * copies, in loader.test.ts and figures.test.ts — not asserted a second time here.
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { validateKnowledge } from '../../src/knowledge/validate.js';

const k = loadKnowledge();

describe('content of corpus/ and intents/', () => {
  it('passes every cross-file check', () => {
    expect(validateKnowledge(k).map((p) => p.message)).toEqual([]);
  });

  it('has the Ruicheng rate table with both schemes', () => {
    const table = k.facts.rates.find((t) => t.region.code === '140830');
    expect(table).toBeDefined();
    expect(table!.schemes.employee.classes.map((c) => c.label)).toContain('三类医疗机构');
    expect(table!.schemes.employee.basic_cap).toBe(80000);
    expect(table!.schemes.resident.basic_cap).toBe(70000);
  });

  it('records the deadlines the notices set', () => {
    const find = (region: string, kind: string) =>
      k.facts.deadlines.filter((d) => d.region.code === region && d.kind === kind);
    expect(find('430000', 'emergency_filing')[0]).toMatchObject({ amount: 3, unit: 'days' });
    expect(find('140830', 'emergency_filing')[0]).toMatchObject({ amount: 30, unit: 'working_days' });
    expect(find('370700', 'late_filing_backdate').map((d) => d.amount).sort()).toEqual([5, null]);
    expect(find('370700', 'change_cancel_limit')[0]).toMatchObject({ amount: 6, unit: 'months' });
  });

  it('gives a number to call in every contact answer, 12393 where the notice lists none', () => {
    const contact = k.intents.find((i) => i.id === 'contact')!;
    for (const a of contact.answers) {
      const said = [a.text, a.detail ?? ''].join('\n');
      expect(said, a.region ?? 'national').toMatch(/\d{4,}|\{hotlines?\}/);
    }
  });

  it('lists Weifang windows and hotlines by district and the five chronic diseases', () => {
    const wf = k.facts.contacts.filter((c) => c.region.code === '370700');
    expect(wf.filter((c) => c.kind === 'window').length).toBe(17);
    expect(wf.filter((c) => c.kind === 'hotline').length).toBe(17);
    expect(wf.find((c) => c.district === '寿光市' && c.kind === 'hotline')?.phone).toContain('5260521');
    expect(k.facts.chronicDiseases[0]!.diseases).toHaveLength(5);
  });
});
