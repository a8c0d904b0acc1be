/**
 * The words that deny what follows (没有急诊, 不是转诊, 并非, 非, 不算, 没走), the one home of the prefix
 * both the category extraction (person.ts) and the dialogue's cues (src/nlu/cues.ts) read. A question
 * of the form A不A (有没有, 是不是, 算不算) asks about the thing: the look-behinds keep it out.
 */
export const DENIAL = '(?<!有)没有?|(?<!是)不是|并非|非|(?<!算)不算|没走';
