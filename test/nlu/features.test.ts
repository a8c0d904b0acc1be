/**
 * `x:filing`: 备案 with no other kind of filing named (a website's, a flat's, a car's …) is the filing of
 * treatment away from home — the words out_of_scope's 备案 questions share with ours are not what tells them apart.
 */
import { describe, expect, it } from 'vitest';
import { isAdjacentIntent, isDomainIntent } from '../../src/domain/intents.js';
import { decisionOf } from '../../src/domain/understanding.js';
import { extractFeatures } from '../../src/nlu/features.js';
import { createTokenizer } from '../../src/nlu/tokenize.js';
import { loadLexicon } from '../../src/nlu/index.js';
import { parse } from './support.js';

const tokenize = createTokenizer(loadLexicon());

describe('x:filing', () => {
  it('marks 备案 said alone, not 备案 of a website, a flat or a car', () => {
    for (const text of ['备案要多久', '异地备案怎么弄', '报备了还要干啥']) expect(extractFeatures(text, tokenize).has('x:filing'), text).toBe(true);
    for (const text of ['网站备案要多久', '二手房网签备案要多久', '电动车备案登记要什么材料', '住院报销比例']) {
      expect(extractFeatures(text, tokenize).has('x:filing'), text).toBe(false);
    }
  });

  it('marks 备案 split by what was done to it (备了案, 备完案, 备好案), which no longer reads as a local matter', () => {
    for (const text of ['备完案去医院怎么弄', '备了案还要干啥', '备好案以后呢', '备过案了']) {
      const f = extractFeatures(text, tokenize);
      expect(f.has('x:filing'), text).toBe(true);
      expect(f.has('x:local'), text).toBe(false);
    }
  });

  it('a bare 备案 question is answered as ours, the same question about a website’s or a flat’s 备案 is not ours', () => {
    const ours = parse('备案被退回了怎么办');
    expect(decisionOf(ours).kind).toBe('answer');
    expect(isDomainIntent(ours.intent) && !isAdjacentIntent(ours.intent), ours.intent).toBe(true);
    for (const text of ['网站备案被退回了怎么办', '二手房网签备案被退回了怎么办']) expect(parse(text).intent, text).toBe('out_of_scope');
  });
});
