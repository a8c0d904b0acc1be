/**
 * Homophone typos — what pinyin input and voice recognition make of a question (才料 for 材料,
 * 节酸 for 结算) — are understood through the pinyin features, including typos no list of known
 * misspellings contains. And the typo generator `npm run eval -- --homophones` measures with.
 */
import { describe, expect, it } from 'vitest';
import { loadIntentFiles } from '../../src/knowledge/load.js';
import { utteranceKey } from '../../src/knowledge/validate.js';
import { seededRandom } from '../../src/nlu/classifier.js';
import { loadHeldout } from '../../src/nlu/evaluation.js';
import { loadLexicon } from '../../src/nlu/index.js';
import { createNormalizer } from '../../src/nlu/normalize.js';
import { syllableOf } from '../../src/nlu/pinyin.js';
import { homophonePool, homophoneTypos } from '../../src/nlu/tuning.js';
import { parse } from './support.js';

const normalize = createNormalizer(loadLexicon());

const GARBLED: Array<[string, string, string]> = [
  ['异地就医备案要准备哪些才料', '异地就医备案要准备哪些材料', 'materials'],
  ['在外地住院节酸不了是咋回事', '在外地住院结算不了是咋回事', 'settlement_failed'],
  ['备案的有小期是多久', '备案的有效期是多久', 'filing_validity'],
  ['医保店子凭证怎么激活', '医保电子凭证怎么激活', 'medical_credential'],
  ['什么样的人才能伴异地就医备案', '什么样的人才能办异地就医备案', 'eligibility'],
  // Several typos in one short question leave few character n-grams intact.
  ['医保店子凭正怎么鸡活', '医保电子凭证怎么激活', 'medical_credential'],
  ['被案的有小期是多就', '备案的有效期是多久', 'filing_validity'],
];

describe('homophone typos', () => {
  it('are new questions, and typos the normaliser does not know', () => {
    const known = new Set([
      ...loadIntentFiles().flatMap((i) => i.utterances.map(utteranceKey)),
      ...loadHeldout().map((c) => utteranceKey(c.text)),
    ]);
    for (const [garbled, plain] of GARBLED) {
      expect(known.has(utteranceKey(garbled)), garbled).toBe(false);
      expect(normalize(garbled), garbled).not.toBe(normalize(plain));
    }
  });

  it.each(GARBLED)('%s is understood like %s (%s)', (garbled, plain, intent) => {
    expect(parse(plain).intent).toBe(intent);
    const u = parse(garbled);
    expect(u.intent).toBe(intent);
    expect(u.confidence).toBeGreaterThan(0.5);
  });

  it('reads a character as its most common toneless syllable, and nothing else as one', () => {
    expect(syllableOf('备')).toBe('bei');
    expect(syllableOf('被')).toBe('bei');
    expect(syllableOf('a')).toBeUndefined();
    expect(syllableOf('3')).toBeUndefined();
  });

  it('the typo generator swaps characters for homophones, repeatably', () => {
    const pool = homophonePool(['备案被子', '结算节日接近', '材料才能']);
    const text = '备案结算材料怎么办理呢谢谢';
    const once = homophoneTypos(text, pool, seededRandom(1));
    expect(homophoneTypos(text, pool, seededRandom(1))).toBe(once);
    const changed = [...text].flatMap((c, i) => (c === [...once][i] ? [] : [i]));
    expect(changed).toHaveLength(2); // two swaps in a text of ten or more characters
    for (const i of changed) expect(syllableOf([...once][i]!)).toBe(syllableOf([...text][i]!));
  });
});
