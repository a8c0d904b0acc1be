/**
 * The one text renderer of WeChat, Wechaty and the terminal: what a person reading plain text
 * sees for each kind of reply, and how a long reply is cut into pages that fit WeChat's 2048 bytes.
 */
import { describe, expect, it } from 'vitest';
import { choiceOptions, paginate, renderText, splitText, walkGraphemes } from '../../src/core/text-render.js';
import type { Reply } from '../../src/domain/reply.js';
import { realKb } from './support.js';

const kb = realKb();
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const BUDGET = 2048;
const MORE_HINT = kb.say('channel.text.more_hint');

describe('a text channel mentions no button it does not offer', () => {
  const answerOf = (id: string) => kb.knowledge.intents.find((i) => i.id === id)!.answers[0]!.text;
  const menu: Reply = { type: 'choices', options: ['备案材料', '怎么备案'] };
  const sentences = [
    ['the greeting', answerOf('greeting')],
    ['the out-of-scope reply', answerOf('out_of_scope')],
    ['the help reply', answerOf('help')],
    ['not understood', kb.say('dialogue.not_understood')],
    ['a topic denied', kb.say('dialogue.topic_denied', { topic: '备案' })],
    ['confused', kb.say('dialogue.confused', { apology: '' })],
    ['also asked', kb.say('dialogue.also_asked')],
    ['nothing to rate', kb.say('core.feedback_nothing')],
  ] as const;

  it.each(sentences)('%s: no “点” of a button on WeChat or Wechaty, a list to reply from instead', (_name, text) => {
    expect(text).toMatch(/点选|点下面|点一下/); // as written for the web, which has buttons
    for (const choices of ['bullets', 'numbered'] as const) {
      const shown = renderText([{ type: 'text', text }, menu], kb, { choices });
      expect(shown).not.toMatch(/点选|点下面|点一下/);
      expect(shown).toMatch(/回复/);
    }
  });
});

describe('rendering replies as text', () => {
  const replies: Reply[] = [
    { type: 'text', text: '需要医保电子凭证。' },
    { type: 'card', title: '备案材料（潍坊市）', text: '需要医保电子凭证。', source: [{ document: 'weifang', title: '潍坊市通知', quote: '原文一句。' }] },
    { type: 'choices', options: ['备案材料', '咨询电话'] },
    { type: 'link', url: 'https://example.org/f/1', title: '备案表' },
    { type: 'handoff', text: '请联系人工服务。', phone: '0536-0000000' },
  ];

  it('renders every reply type, the card’s repeated text once, choices as bullets', () => {
    expect(renderText(replies, kb, { choices: 'bullets' })).toBe([
      '需要医保电子凭证。',
      '【备案材料（潍坊市）】\n出处：《潍坊市通知》\n“原文一句。”',
      '您可以直接回复：\n· 备案材料\n· 咨询电话',
      '备案表\nhttps://example.org/f/1',
      '请联系人工服务。\n电话：0536-0000000',
    ].join('\n\n'));
  });

  it('shows a link as a short <a href> where the channel takes one (WeChat), as title and URL elsewhere', () => {
    const url = `https://example.org/f/${'x'.repeat(360)}?a=1&b="2"`;
    const link: Reply[] = [{ type: 'text', text: '表已预填。' }, { type: 'link', url, title: '打开<预填>的备案表' }];
    const anchor = renderText(link, kb, { choices: 'bullets', links: 'anchor' });
    expect(anchor).toBe(`表已预填。\n\n<a href="https://example.org/f/${'x'.repeat(360)}?a=1&b=%222%22">打开预填的备案表</a>`);
    expect(renderText(link, kb, { choices: 'bullets' })).toBe(`表已预填。\n\n打开<预填>的备案表\n${url}`);
  });

  it('never cuts a page inside an anchor, and counts its markup in the budget', () => {
    // The URL's “?” would be the last sentence end within the budget: the cut must not fall there.
    const url = `https://example.org/f?t=${'y'.repeat(400)}`;
    const text = renderText([
      { type: 'text', text: '甲'.repeat(560) },
      { type: 'link', url, title: '办理备案' },
      { type: 'text', text: '结尾。' },
    ], kb, { choices: 'bullets', links: 'anchor' });
    const first = paginate(text, kb, BUDGET);
    expect(bytes(first.text)).toBeLessThanOrEqual(BUDGET);
    const opened = (s: string) => (s.match(/<a /g) ?? []).length;
    const closed = (s: string) => (s.match(/<\/a>/g) ?? []).length;
    expect(opened(first.text)).toBe(closed(first.text));
    expect(first.rest).toContain(`<a href="${url}">办理备案</a>`);
  });

  it('numbers choices where a bare number picks them, and knows which options the numbers mean', () => {
    expect(renderText(replies, kb, { choices: 'numbered' })).toContain('您可以回复序号或直接回复文字：\n1. 备案材料\n2. 咨询电话');
    expect(choiceOptions([...replies, { type: 'choices', options: ['办理备案', '报销比例'] }])).toEqual(['办理备案', '报销比例']);
    expect(choiceOptions([{ type: 'text', text: '你好' }])).toEqual([]);
  });

  it('names a notice once for several quotes from it, and keeps a card’s text that says more', () => {
    const src = (title: string, quote: string) => ({ document: 'd', title, quote });
    expect(renderText([{ type: 'card', title: 'T', text: 'x', source: [src('甲', '一。'), src('甲', '二。'), src('乙', '三。')] }], kb, { choices: 'bullets' }))
      .toBe('【T】\nx\n出处：《甲》\n“一。”\n“二。”\n出处：《乙》\n“三。”');
    expect(renderText([{ type: 'text', text: '短。' }, { type: 'card', title: 'T', text: '长的说明。' }], kb, { choices: 'bullets' }))
      .toBe('短。\n\n【T】\n长的说明。');
  });

  it('says “（完整表见详情）” only where the table is withheld, not above the card that shows it', () => {
    const pointer = kb.say('channel.words.full_table.written');
    const answer = { type: 'text', text: `比例按医疗机构类别不同${pointer}。告诉我您的险种。` } as const;
    const table = { type: 'card', title: '报销比例', text: '· 三类医疗机构：起付线200元，支付比例90%' } as const;
    const withCard = renderText([answer, table], kb, { choices: 'bullets' });
    expect(withCard).toBe('比例按医疗机构类别不同。告诉我您的险种。\n\n【报销比例】\n· 三类医疗机构：起付线200元，支付比例90%');
    // No card below it (a channel that sends the reply alone, the Botkit bridge): the pointer stays.
    expect(renderText([answer], kb, { choices: 'bullets' })).toContain(pointer);
    // A card that only repeats the answer shows no table: the pointer stays.
    expect(renderText([answer, { type: 'card', title: 'T', text: answer.text }], kb, { choices: 'bullets' })).toContain(pointer);
  });

  it('does not repeat a phone number the handoff text already gives', () => {
    expect(renderText([{ type: 'handoff', text: '请拨打0536-0000000。', phone: '0536-0000000' }], kb, { choices: 'bullets' })).toBe('请拨打0536-0000000。');
  });
});

describe('pages within a byte budget', () => {
  const sentence = '异地就医直接结算需要先备案，备案后在定点医疗机构持卡就医。';

  it('leaves short text alone', () => {
    expect(paginate('你好。', kb, BUDGET)).toEqual({ text: '你好。', rest: '' });
  });

  it('cuts long text after a sentence, within 2048 bytes, and keeps the rest for “1”', () => {
    const long = Array.from({ length: 60 }, (_, i) => `${i + 1}. ${sentence}`).join('\n');
    const page = paginate(long, kb, BUDGET);
    expect(bytes(page.text)).toBeLessThanOrEqual(BUDGET);
    expect(page.text.endsWith(MORE_HINT)).toBe(true);
    const shown = page.text.slice(0, page.text.lastIndexOf('\n……'));
    expect(shown.endsWith('。')).toBe(true);
    expect(`${shown}\n${page.rest}`).toBe(long);
    const next = paginate(page.rest, kb, BUDGET, true);
    expect(next.text.startsWith(kb.say('channel.text.continued'))).toBe(true);
  });

  it('never splits a character, even without sentence ends', () => {
    const long = '😀中'.repeat(1000);
    const page = paginate(long, kb, BUDGET);
    expect(bytes(page.text)).toBeLessThanOrEqual(BUDGET);
    expect(page.text).not.toMatch(/\ufffd/);
    expect(page.text.replace(/\n……\n.*$/, '') + page.rest).toBe(long);
  });

  it('cuts plain Chinese text where the grapheme segmenter does, and keeps joined graphemes whole', () => {
    // A family emoji at the very end sends the whole text through ICU's segmenter; plain text takes
    // the short way (one code point, one grapheme): the pages must be the same.
    const family = '👨\u200d👩\u200d👧';
    const long = Array.from({ length: 60 }, (_, i) => `${i + 1}. ${sentence}`).join('\n');
    expect(paginate(`${long}${family}`, kb, BUDGET).text).toBe(paginate(long, kb, BUDGET).text);
    const bare = '潍坊市参保人员自助备案免材料'.repeat(20);
    expect(paginate(`${bare}${family}`, kb, 120).text).toBe(paginate(bare, kb, 120).text);
    // And where graphemes span code points, no page ends inside one.
    const joined = `${family}e\u0301中`.repeat(40);
    const page = paginate(joined, kb, 120);
    expect(page.rest).not.toMatch(/^[\u200d\u0301👩👧]/u);
    expect(page.text.slice(0, page.text.lastIndexOf('\n……'))).not.toMatch(/[\u200de]$/);
  });

  it('cuts text with arrows, circled numbers, maths and check marks where the segmenter does', () => {
    // Each of these code points is a grapheme of its own, beside Chinese text and beside each other.
    const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });
    for (const [from, to] of [[0x2190, 0x22ff], [0x2460, 0x24ff], [0x2700, 0x27bf]] as const) {
      for (let c = from; c <= to; c++) {
        const ch = String.fromCharCode(c);
        expect([...segmenter.segment(`中${ch}${ch}a`)].length, ch).toBe(4);
      }
    }
    const family = '👨\u200d👩\u200d👧';
    const steps = Array.from({ length: 40 }, (_, i) => `${String.fromCharCode(0x2460 + (i % 20))} ${sentence} → 报销比例−5% ✓`).join('\n');
    for (const budget of [120, 600, BUDGET]) {
      expect(paginate(`${steps}${family}`, kb, budget).text).toBe(paginate(steps, kb, budget).text);
    }
  });

  it('finds the grapheme segmenter’s boundaries, sizes and characters in text mixing plain characters with joined ones', () => {
    // The walk asks ICU only about the graphemes around a character that may join; whatever the mix, its
    // graphemes must be the segmenter's over the whole text. Seeded, so a failure repeats.
    const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });
    const pieces = ['中', '备', 'a', ' ', '\n', '。', '“', '→', '①', '✓', '©', '®', '·', '\r', '\r\n', '\u200d', '\u0301', '\ufe0f',
      '👍', '😀', '👨\u200d👩\u200d👧', '🇨🇳', '🇨', '\ud83d', '\u1100\u1161\u11a8', '\u302a', '\u0915\u094d\u0937', '\u0600', '𠀀'];
    let seed = 15;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 500; round++) {
      let text = '';
      for (let k = Math.floor(random() * 30); k >= 0; k--) text += pieces[Math.floor(random() * pieces.length)];
      const walked: Array<[number, number, number]> = [];
      walkGraphemes(text, (end, size, char) => (walked.push([end, size, char]), true));
      const expected = [...segmenter.segment(text)].map(({ segment, index }): [number, number, number] =>
        [index + segment.length, bytes(segment), segment.length === 1 ? segment.charCodeAt(0) : -1]);
      expect(walked, JSON.stringify(text)).toEqual(expected);
    }
  });

  it('cuts at a character boundary of a smaller budget too, every page within it', () => {
    let rest = '潍坊市参保人员自助备案免材料'.repeat(20);
    const pages: string[] = [];
    for (let continued = false; rest && pages.length < 50; continued = true) {
      const page = paginate(rest, kb, 120, continued);
      pages.push(page.text);
      rest = page.rest;
    }
    expect(rest).toBe('');
    expect(pages.length).toBeGreaterThan(3);
    for (const p of pages) {
      expect(bytes(p)).toBeLessThanOrEqual(120);
      expect(p).not.toMatch(/\ufffd/);
    }
  });

  it('splits long text into messages at blank lines, then lines', () => {
    const parts = splitText(['甲'.repeat(60), '乙'.repeat(60), '丙'.repeat(60)].join('\n\n'), 100);
    expect(parts).toHaveLength(3);
    expect(parts.every((p) => p.length <= 100)).toBe(true);
  });
});
