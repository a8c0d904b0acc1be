/**
 * “那出院了还能补不” after the late-filing answer: the insured place's own sentence (dialogue.after_discharge.<code>)
 * exactly where its notice has a passage on filing late or after discharge (补办, 出院后, a number of days to file
 * after an emergency admission, what follows not filing), quoting that passage; `.silent` (“…的文件没有单独说明”) is
 * reached only for a notice with none. The data must agree with the notices.
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';

/** A passage on filing late or after discharge: 潍坊's 补办, 芮城's 30个工作日内…出院后, 湖南's 入院后3天内 and 未按要求办理. */
const LATE_FILING = /补办|出院后|入院后\d+天内提出备案|个工作日内到参保地医保经办机构办理备案|未(按要求)?办理(异地就医)?备案/;

describe('what a notice says of filing after discharge', () => {
  const k = loadKnowledge();
  const local = k.documents.filter((d) => d.level === 'local');

  it('has the place\'s own sentence exactly where its notice speaks of filing late, quoting that passage', () => {
    expect(local.length).toBeGreaterThan(0);
    for (const doc of local) {
      const speaks = doc.text.split('\n').some((line) => LATE_FILING.test(line));
      const prompt = k.prompts.get(`dialogue.after_discharge.${doc.region!.code}`);
      if (!speaks) {
        expect(prompt, `${doc.id} has no passage on filing late: .silent is said`).toBeUndefined();
        continue;
      }
      expect(prompt, `${doc.id} speaks of filing late`).toBeDefined();
      const own = prompt!.citations.filter((c) => c.doc === doc.id);
      expect(own.some((c) => LATE_FILING.test(c.quote)), `${doc.id}'s sentence quotes its passage on filing late`).toBe(true);
    }
  });

  it('is reached silent for some notice, and says that notice is silent', () => {
    const silent = local.filter((d) => !d.text.split('\n').some((line) => LATE_FILING.test(line)));
    expect(silent.map((d) => d.id)).toEqual(['wuhan']);
    expect(k.prompts.get('dialogue.after_discharge.silent')?.text).toContain('没有单独说明');
  });

  it('has a 省内 sentence only for a notice that speaks of 省内 trips, quoting it', () => {
    for (const doc of local) {
      const prompt = k.prompts.get(`dialogue.after_discharge.${doc.region!.code}.in_province`);
      if (!prompt) continue;
      expect(doc.trips, `${doc.id} speaks of 跨省 trips only`).not.toBe('cross_province');
      expect(prompt.citations.every((c) => c.doc === doc.id), `${doc.id}'s 省内 sentence quotes ${doc.id} alone`).toBe(true);
    }
  });
});
