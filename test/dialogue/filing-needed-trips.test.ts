/**
 * “要备案吗” for a trip inside the insured place's province says the notice's own words only where its quotes speak
 * of such trips (dialogue.filing_needed.<code>.in_province); a notice about 跨省 trips only (documents.yaml
 * `trips: cross_province`, 湖南's) has none, and its silence is said instead. The data must agree with itself.
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';

describe('whether filing is needed for a trip inside the province', () => {
  const k = loadKnowledge();
  const local = k.documents.filter((d) => d.level === 'local');

  it('has the 省内 sentence exactly for the notices that speak of 省内 trips, each quoting its own notice', () => {
    expect(local.length).toBeGreaterThan(0);
    for (const doc of local) {
      const prompt = k.prompts.get(`dialogue.filing_needed.${doc.region!.code}.in_province`);
      if (doc.trips === 'cross_province') {
        expect(prompt, `${doc.id} speaks of 跨省 trips only`).toBeUndefined();
        continue;
      }
      expect(prompt, `${doc.id} speaks of 省内 trips too`).toBeDefined();
      expect(prompt!.citations.length).toBeGreaterThan(0);
      expect(prompt!.citations.every((c) => c.doc === doc.id), `${doc.id}'s 省内 sentence quotes ${doc.id}`).toBe(true);
    }
  });

  it('says the silence of a notice about 跨省 trips only', () => {
    expect(k.documents.some((d) => d.level === 'local' && d.trips === 'cross_province')).toBe(true);
    expect(k.prompts.get('dialogue.filing_needed.in_province_silent')?.text).toContain('没有说明');
  });
});
