/**
 * Places and people, round 22 (issue #12 item 4): a relative's whereabouts said with 那边 / 这边, 都 or 住, and the person
 * there with them (我和我妈都在广州) — read alike by the entity and by the whereabouts cues. Phrasings of our own, written for
 * these checks, never from the test splits.
 */
import { describe, expect, it } from 'vitest';
import { REGION_STATEMENT } from '../../src/nlu/cues.js';
import { parse } from './support.js';

const places = (q: string) => {
  const e = parse(q).entities;
  return { insured: e.insured_region?.name, destination: e.destination?.name };
};
/** What the dialogue reads as “all the message says is the person's own place”: the message without its place. */
const statesOwnPlace = (q: string, place: string) => REGION_STATEMENT.test(q.replace(place, ''));

describe('a relative said to be there, 那边 / 这边 after the place', () => {
  it('is where the relative is, never the person’s insured place — as 婆婆在广州 is', () => {
    for (const q of ['婆婆在广州那边', '我妈在北京这边', '老人在深圳那里']) {
      expect(places(q), q).toEqual({ insured: undefined, destination: expect.any(String) });
    }
  });

  it('is no statement of the person’s own place (the dialogue stored 婆婆在广州那边 as 您在广州市参保)', () => {
    expect(statesOwnPlace('婆婆在广州那边', '广州')).toBe(false);
    expect(statesOwnPlace('我妈在北京这边', '北京')).toBe(false);
    // guard: the person’s own place with 那边 still is.
    expect(statesOwnPlace('我在广州那边', '广州')).toBe(true);
  });
});

describe('relatives’ whereabouts with 都 or 住 read as 婆婆在广州 is', () => {
  it('no topic answered (out_of_scope, declined or asked back, as 婆婆在广州), no insured place', () => {
    const said = parse('婆婆在广州');
    for (const q of ['我爸妈都在广州', '婆婆现在住广州', '我爸妈也都在广州', '我妈也在广州那边']) {
      const u = parse(q);
      expect(u.intent, q).toBe(said.intent);
      expect(u.entities.insured_region, q).toBeUndefined();
    }
  });
});

describe('the person there with a relative (我和我妈都在广州)', () => {
  it('is the person’s own place, read as 我在广州 is', () => {
    const said = parse('我在广州');
    for (const q of ['我和我妈都在广州', '我跟老婆都在深圳']) {
      const u = parse(q);
      expect(u.entities.insured_region, q).toBeDefined();
      expect({ intent: u.intent, decision: u.decision?.kind }, q).toEqual({ intent: said.intent, decision: said.decision?.kind });
    }
    expect(statesOwnPlace('我和我妈都在广州', '广州')).toBe(true);
  });

  it('guard: a question said with it is still the question', () => {
    expect(parse('我和我妈都在广州 怎么备案').intent).not.toBe('out_of_scope');
  });
});
