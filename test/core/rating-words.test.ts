/** A rating a person types: the words where a channel invites them, 👍/👎 everywhere, one list each. */
import { describe, expect, it } from 'vitest';
import { emojiRatingOf, ratingOf, stepOf } from '../../src/core/reply-state.js';
import { inspectContent } from '../../src/knowledge/validate.js';
import { contentCopy, edit } from '../knowledge/support.js';
import { realKb } from './support.js';

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

describe('the reply words are content (corpus/nlu/lexicon.yaml replyWords)', () => {
  const kb = realKb();
  it('reads every word the text channels tell people to send', () => {
    // channel.text.more_hint: 回复 1 查看详情; channel.words.detail.*: 回复“详情”; feedback_invite: 可回复“好评”或“差评”.
    expect(kb.say('channel.text.more_hint')).toContain('回复 1 ');
    expect(stepOf('1', { choices: [], detail: '全文' })).toEqual({ kind: 'more', text: '全文', continued: false });
    expect(kb.say('channel.words.detail.text')).toContain('回复“详情”');
    expect(stepOf('详情', { choices: [], detail: '全文' }).kind).toBe('more');
    const invited = [...kb.say('channel.text.feedback_invite').matchAll(/“([^”]+)”/gu)].map((m) => m[1]!);
    expect(invited.map((w) => ratingOf(w))).toEqual(['up', 'down']);
  });

  it('refuses, in Chinese with its place, a word listed both as a rating and as “more”', () => {
    const dir = contentCopy();
    edit(dir, 'corpus/nlu/lexicon.yaml', 'up: [好评,', 'up: [详情, 好评,');
    const problems = inspectContent(dir).problems.map((p) => p.message);
    expect(problems).toEqual([expect.stringMatching(/^corpus\/nlu\/lexicon\.yaml:\d+:\d+: 同一个词只能出现一次/u)]);
  });
});

describe('a bare number after “回复序号” picks a place (stepOf’s picking)', () => {
  it('is a turn for the policy while a place pick is asked, “1” included', () => {
    expect(stepOf('1', { choices: [] }, true)).toEqual({ kind: 'turn', text: '1' });
    expect(stepOf('２', { choices: [] }, true)).toEqual({ kind: 'turn', text: '2' });
  });
  it('still pages on first when the reply was cut (the question may be on the next page)', () => {
    expect(stepOf('1', { choices: [], more: '余下' }, true)).toEqual({ kind: 'more', text: '余下', continued: true });
  });
  it('with no pick asked, “1” after a reply shown whole is nothing more', () => {
    expect(stepOf('1', { choices: [] }).kind).toBe('nothing_more');
  });
});
