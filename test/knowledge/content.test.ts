import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { validateKnowledge, utteranceKey, TEXT_BUDGET_BYTES } from '../../src/knowledge/validate.js';
import { INTENT_IDS, isDomainIntent } from '../../src/domain/intents.js';

const k = loadKnowledge();

describe('content of corpus/ and intents/', () => {
  it('passes every cross-file check (citations verbatim, no duplicate utterances, regions known)', () => {
    expect(validateKnowledge(k).map((p) => p.message)).toEqual([]);
  });

  it('has one file per catalogue intent', () => {
    expect(k.intents.map((i) => i.id).sort()).toEqual([...INTENT_IDS].sort());
  });

  it('has enough training utterances per intent', () => {
    for (const intent of k.intents) {
      expect(intent.utterances.length, intent.id).toBeGreaterThanOrEqual(isDomainIntent(intent.id) ? 40 : 15);
    }
  });

  it('never lists one utterance under two intents', () => {
    const owner = new Map<string, string>();
    for (const intent of k.intents) {
      for (const u of intent.utterances) {
        const prev = owner.get(utteranceKey(u));
        expect(prev === undefined || prev === intent.id, `${u}: ${prev} and ${intent.id}`).toBe(true);
        owner.set(utteranceKey(u), intent.id);
      }
    }
  });

  it('quotes every citation verbatim from a corpus document', () => {
    const text = new Map(k.documents.map((d) => [d.id, d.text]));
    let count = 0;
    for (const intent of k.intents) {
      for (const a of intent.answers) {
        for (const c of a.citations) {
          expect(text.get(c.doc)?.includes(c.quote), `${intent.id}: ${c.quote}`).toBe(true);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(50);
  });

  it('gives region variants only for regions the corpus speaks for', () => {
    const regions = new Set(k.documents.flatMap((d) => (d.region ? [d.region.code] : [])));
    expect([...regions].sort()).toEqual(['140830', '370700', '420100', '430000']);
    for (const intent of k.intents) {
      for (const a of intent.answers) if (a.region) expect(regions.has(a.region), `${intent.id} ${a.region}`).toBe(true);
    }
  });

  it('keeps every answer within the WeChat text budget', () => {
    for (const intent of k.intents) {
      for (const a of intent.answers) expect(Buffer.byteLength(a.text)).toBeLessThanOrEqual(TEXT_BUDGET_BYTES);
    }
  });

  it('has the Ruicheng rate table with both schemes, each fact cited', () => {
    const table = k.facts.rates.find((t) => t.region.code === '140830');
    expect(table).toBeDefined();
    expect(table!.schemes.employee.classes.map((c) => c.label)).toContain('三类医疗机构');
    expect(table!.schemes.employee.basic_cap).toBe(80000);
    expect(table!.schemes.resident.basic_cap).toBe(70000);
    for (const c of [...table!.schemes.employee.classes, ...table!.schemes.resident.classes]) {
      expect(c.citation.quote.length).toBeGreaterThan(4);
    }
  });

  it('records the deadlines the notices set', () => {
    const find = (region: string, kind: string) =>
      k.facts.deadlines.filter((d) => d.region.code === region && d.kind === kind);
    expect(find('430000', 'emergency_filing')[0]).toMatchObject({ amount: 3, unit: 'days' });
    expect(find('140830', 'emergency_filing')[0]).toMatchObject({ amount: 30, unit: 'working_days' });
    expect(find('370700', 'late_filing_backdate').map((d) => d.amount).sort()).toEqual([5, null]);
    expect(find('370700', 'change_cancel_limit')[0]).toMatchObject({ amount: 6, unit: 'months' });
  });

  it('lists Weifang windows and hotlines by district and the five chronic diseases', () => {
    const wf = k.facts.contacts.filter((c) => c.region.code === '370700');
    expect(wf.filter((c) => c.kind === 'window').length).toBe(17);
    expect(wf.filter((c) => c.kind === 'hotline').length).toBe(17);
    expect(wf.find((c) => c.district === '寿光市' && c.kind === 'hotline')?.phone).toContain('5260521');
    expect(k.facts.chronicDiseases[0]!.diseases).toHaveLength(5);
  });
});
