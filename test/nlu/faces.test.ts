/**
 * The mood of faces is read from the lexicon (wechatEmoji.unhappy, unhappyTyped), where the normaliser reads the
 * codes: a sad, angry or thumbs-down face is told from a friendly one, and a mood given to a code WeChat does not
 * send is refused by the content check.
 */
import { describe, expect, it } from 'vitest';
import { LexiconSchema } from '../../src/knowledge/schema.js';
import { createUnhappyFaces, unhappyFaces } from '../../src/nlu/faces.js';
import { loadLexicon } from '../../src/nlu/index.js';

describe('unhappy faces', () => {
  it.each(['[大哭]', '[流泪][流泪]', '/::(', '😭', ':(', 'T_T', 't_t', 'QAQ', '好吧[弱]'])('reads %s as unhappy', (text) => {
    expect(unhappyFaces().in(text)).toBe(true);
  });

  it.each(['[微笑]', '/::)', '😊', '^_^', ':)', '谢谢[抱拳]', '好的'])('reads %s as not unhappy', (text) => {
    expect(unhappyFaces().in(text)).toBe(false);
  });

  it('reads a face the lexicon is given, and leaves the text without it', () => {
    const faces = createUnhappyFaces({ unhappy: ['叹气'], unhappyTyped: ['>_<'] });
    expect(faces.in('[叹气]')).toBe(true);
    expect(faces.in('[大哭]')).toBe(false);
    expect(faces.without('>_< 好难').trim()).toBe('好难');
  });

  it('refuses an unhappy code that is not among the codes WeChat sends', () => {
    const lexicon = loadLexicon();
    const wrong = { ...lexicon, wechatEmoji: { ...lexicon.wechatEmoji, unhappy: [...lexicon.wechatEmoji.unhappy, '不存在的表情'] } };
    expect(LexiconSchema.safeParse(wrong).success).toBe(false);
    expect(LexiconSchema.safeParse(lexicon).success).toBe(true);
  });
});
