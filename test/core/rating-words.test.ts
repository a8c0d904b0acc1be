/** A rating a person types: the words where a channel invites them, 👍/👎 everywhere, one list each. */
import { describe, expect, it } from 'vitest';
import { emojiRatingOf, ratingOf } from '../../src/core/reply-state.js';

describe('ratingOf (reply words, WeChat and Wechaty)', () => {
  it('reads the rating words, with trailing punctuation', () => {
    expect(ratingOf('好评')).toBe('up');
    expect(ratingOf(' 有帮助！')).toBe('up');
    expect(ratingOf('差评。')).toBe('down');
    expect(ratingOf('没有帮助')).toBe('down');
  });

  it('reads 👍/👎 as emojiRatingOf does: a skin tone, repeats, punctuation after them', () => {
    for (const text of ['👍', '👍🏻', '👍👍', '👍。', '👎🏿', '👎 👎']) expect(ratingOf(text)).toBe(emojiRatingOf(text.replace(/。$/u, '')));
    expect(ratingOf('👍🏻')).toBe('up');
    expect(ratingOf('👎👎！')).toBe('down');
  });

  it('is no rating when the words are part of a question or the emoji of a sentence', () => {
    for (const text of ['有用吗', '差评怎么写', '👍备案好了', '满意度调查', '']) expect(ratingOf(text)).toBeUndefined();
    expect(emojiRatingOf('好评')).toBeUndefined();
  });
});
