/**
 * Features of a normalised message: nodejieba words (after synonyms and stop words), word
 * bigrams, single characters and character bi- and trigrams, which survive typos, unknown words and
 * a segmentation jieba gets wrong (single characters were worth +1.8 points of cross-validated top-1), and pairs of
 * toneless pinyin syllables, which survive the homophones of pinyin input and voice recognition. The n-grams are
 * natural's (made in its order by index), character bigrams padded at both ends, so that how a question starts (怎么… / 能不能…) and ends (…吗 /
 * …多久) is a feature of its own. Places and numbers are masked first so that naming 潍坊 or 3万
 * says nothing about the intent by itself. A message with no word that puts it across regions and no
 * destination carries `x:local` (local questions asked like ours: 职工住院报销比例多少); one with 备案 and no other
 * kind of filing named carries `x:filing` (the filing is ours: 备案要多久, not 网站备案要多久).
 */
import { loadNluOverrides } from '../config.js';
import { stripPunctuation } from './normalize.js';
import { syllableOf } from './pinyin.js';
import type { Tokenizer } from './tokenize.js';

export type Features = Map<string, number>;

/**
 * `local` (no cross-region word and no destination, see ELSEWHERE_CUE) chosen by `npm run eval -- --cv`:
 * weights 0 / 0.5 / 1 / 2 gave log-loss 0.335 / 0.330 / 0.326 / 0.323, real dev routing 87.2 / 87.2 /
 * 87.4 / 86.7% and each intent 80.9 / 81.4 / 81.9 / 81.4%. NLU_FEATURE_WEIGHTS (JSON, read by src/config.ts) overrides them
 * for such experiments.
 */
export const FEATURE_WEIGHTS: Readonly<Record<'word' | 'wordBigram' | 'char1' | 'char2' | 'char3' | 'entity' | 'pinyin2' | 'local' | 'filing', number>> = {
  word: 1, wordBigram: 0.4, char1: 1, char2: 1, char3: 0.5, entity: 0.8, pinyin2: 1, local: 1, filing: 1,
  ...loadNluOverrides().featureWeights,
};

/**
 * Words that put a question across regions (异地, 外省, 回老家, 备案, 就医地 …): a message with none of
 * them and no destination is more likely about the insured place's own rules (本地住院报多少).
 */
const ELSEWHERE_CUE = /异地|外地|外省|省外|跨省|跨市|跨地区|跨区|外市|市外|县外|异省|老家|原籍|随迁|在外|出差|旅游|探亲|打工|务工|全国|直接结算|直接报|备(?:了|完|好|过|个)?案|就医地|参保地|漫游|转诊|转院|安置|常驻|外出|去某地|到某地|在某地(?:住院|看病|就医)/;

/**
 * Other kinds of 备案 (a website's ICP, a flat's contract, a car, a company, a fund …): what out_of_scope's
 * 备案 questions name. 备案 with none of them is the filing of treatment away from home, here
 * (`x:filing`): “备案要多久” is ours, though “网站备案要多久” shares all its words but one.
 */
export const OTHER_FILING = /网站|网签|域名|icp|房产|房子|房屋|商品房|二手房|租房|买房|小车|车子|汽车|车辆|二手车|电动车|过户|合同|公司|企业|基金|私募|器械|诊所|人口|租赁|章程|商标|工程|项目|户籍|学籍|装修/;
/** 备案, also split by what was done to it (备了案, 备完案, 备好案, 备过案, 备个案: “备完案去了医院该怎么弄” was declined as not ours without it). */
export const FILING = /备(?:了|完|好|过|个)?案|报备/;

export const PLACE_MASK = '某地';

/** The prefix of a word's feature (`w:备案`, `w:ok`): the classifier tells a word it never learnt by it. */
export const WORD = 'w:';

const PINYIN = 'p:';

/** The pinyin pairs restate the characters, and `x:local` is in too many utterances to search by: the neighbour search does without them. */
export const searchableFeature = (feature: string): boolean => !feature.startsWith(PINYIN) && !feature.startsWith('x:');

const START = '^';
const END = '$';

export function maskNumbers(text: string): string {
  return text.replace(/\d+(?:[.,]\d+)*/g, '0');
}

/**
 * `entitySlots` are the slots found in the message: that a question carries an amount or a
 * person category says something about its intent even when the words are new.
 */
export function extractFeatures(masked: string, tokenize: Tokenizer, entitySlots: readonly string[] = []): Features {
  const f: Features = new Map();
  const add = (key: string, w: number) => f.set(key, (f.get(key) ?? 0) + w);
  for (const slot of entitySlots) add(`e:${slot}`, FEATURE_WEIGHTS.entity);
  if (FEATURE_WEIGHTS.local > 0 && !entitySlots.includes('destination') && !ELSEWHERE_CUE.test(masked)) add('x:local', FEATURE_WEIGHTS.local);
  if (FEATURE_WEIGHTS.filing > 0 && FILING.test(masked) && !OTHER_FILING.test(masked)) add('x:filing', FEATURE_WEIGHTS.filing);
  // A bare number says nothing by itself; a sum of money shows up as the `amount` slot instead.
  const words = tokenize(masked).filter((w) => !/^\d+$/.test(w));
  for (const w of words) add(`${WORD}${w}`, FEATURE_WEIGHTS.word);
  // The n-grams in natural's order (NGrams.bigrams; NGramsZH.bigrams padded with ^ and $, trigrams
  // unpadded), made by index: natural makes an array per n-gram (and more per padding), a tenth of a
  // message's allocation. The features' order is kept, so the classifier's sums are bit for bit the same.
  for (let i = 1; i < words.length; i++) add(`b:${words[i - 1]}_${words[i]}`, FEATURE_WEIGHTS.wordBigram);
  const chars = [...stripPunctuation(masked)];
  if (chars.length === 0) return f;
  for (const a of chars) add(`u:${a}`, FEATURE_WEIGHTS.char1);
  add(`c:${START}${chars[0]}`, FEATURE_WEIGHTS.char2);
  for (let i = 1; i < chars.length; i++) add(`c:${chars[i - 1]}${chars[i]}`, FEATURE_WEIGHTS.char2);
  add(`c:${chars[chars.length - 1]}${END}`, FEATURE_WEIGHTS.char2);
  for (let i = 2; i < chars.length; i++) add(`t:${chars[i - 2]}${chars[i - 1]}${chars[i]}`, FEATURE_WEIGHTS.char3);
  const syllables = chars.map(syllableOf);
  for (let i = 1; i < syllables.length; i++) {
    if (syllables[i - 1] && syllables[i]) add(`${PINYIN}${syllables[i - 1]}_${syllables[i]}`, FEATURE_WEIGHTS.pinyin2);
  }
  return f;
}
