/**
 * Reply[] → plain text, the one renderer of every text-only channel (WeChat Official Account,
 * Wechaty, the terminal; the kiosk's activity text for clients that ignore channelData).
 * Choices become a numbered list or bullets, a link its title and URL, a card its title, its
 * text (unless just said) and its quotes under the notice's title, a handoff its text and phone.
 * A channel with a byte budget gets the first page; the rest is kept by the turn for “1”.
 * The fixed words are prompts (prompts/channels.yaml), only punctuation is written here.
 */
import type { Reply, Source } from '../domain/reply.js';
import { promptTable } from '../knowledge/prompt-table.js';
import type { TextFormat } from './message.js';

/** The sentences of prompts/*.yaml; the KnowledgeBase is one. */
export interface Prompts {
  say(id: string, vars?: Readonly<Record<string, string | number>>): string;
  /**
   * A channel's own words for what the content writes for buttons (prompts/channels.yaml `channel.words.*`):
   * a text channel's (this renderer) and the kiosk's (the turn, src/core/assistant.ts).
   */
  inWordsOf?(channel: 'text' | 'kiosk', text: string): string;
}

type RenderFormat = Pick<TextFormat, 'choices' | 'links'>;

export function renderText(replies: readonly Reply[], prompts: Prompts, format: RenderFormat): string {
  const blocks: string[] = [];
  const cardShown = replies.some((r) => r.type === 'card' && r.text.trim() !== '' && !replies.some((t) => t.type === 'text' && t.text.includes(r.text.trim())));
  for (const r of replies) {
    const block = renderOne(r, blocks, prompts, format, cardShown).trim();
    if (block) blocks.push(block);
  }
  return blocks.join('\n\n');
}

function renderOne(r: Reply, earlier: readonly string[], prompts: Prompts, format: RenderFormat, cardShown: boolean): string {
  switch (r.type) {
    case 'text':
      return withoutButtons(cardShown ? withoutPointers(r.text, prompts) : r.text, prompts);
    case 'choices':
      return format.choices === 'numbered'
        ? [prompts.say('channel.text.choices_numbered'), ...r.options.map((o, i) => `${i + 1}. ${o}`)].join('\n')
        : [prompts.say('channel.text.choices_bullets'), ...r.options.map((o) => `· ${o}`)].join('\n');
    case 'link':
      return format.links === 'anchor' ? anchor(r.url, r.title) : `${r.title}\n${r.url}`;
    case 'card': {
      // An answer without a longer version repeats its text in the card: say it once.
      const text = withoutButtons(r.text.trim(), prompts);
      const repeated = text !== '' && earlier.some((b) => b.includes(text));
      return [`【${r.title}】`, repeated ? '' : text, ...sourceLines(r.source ?? [], prompts)].filter(Boolean).join('\n');
    }
    case 'handoff':
      return r.phone && !r.text.includes(r.phone) ? `${r.text}\n${prompts.say('channel.text.phone', { phone: r.phone })}` : r.text;
  }
}

/** The phrases about tapping a button and what a text channel says instead (prompts/channels.yaml). */
const BUTTON_PHRASES = promptTable([
  { button: 'channel.text.without_buttons.faq.button', text: 'channel.text.without_buttons.faq.text' },
  { button: 'channel.text.without_buttons.question.button', text: 'channel.text.without_buttons.question.text' },
  { button: 'channel.text.without_buttons.tap_one.button', text: 'channel.text.without_buttons.tap_one.text' },
]);

/**
 * A text channel offers no buttons, only the list to reply from: “点选下面的常见问题” becomes
 * “回复下面列出的常见问题”, so no reply mentions a button it does not offer.
 */
function withoutButtons(text: string, prompts: Prompts): string {
  let out = text;
  for (const phrase of BUTTON_PHRASES) {
    const button = prompts.say(phrase.button);
    if (out.includes(button)) out = out.split(button).join(prompts.say(phrase.text));
  }
  return prompts.inWordsOf ? prompts.inWordsOf('text', out) : out;
}

/** The phrases by which an answer points at its long version (prompts/channels.yaml `channel.words.*.written`). */
const POINTER_PHRASES = promptTable(['channel.words.full_table.written']);

/**
 * A text channel shows a card's text right below the answer (what does not fit is the next page, behind
 * “回复 1 查看详情”): “（完整表见详情）” would point at a 详情 that holds nothing back. Said only where the
 * long version is withheld (the kiosk's fold, the console's “详细说明”).
 */
function withoutPointers(text: string, prompts: Prompts): string {
  let out = text;
  for (const id of POINTER_PHRASES) {
    const pointer = prompts.say(id);
    if (out.includes(pointer)) out = out.split(pointer).join('');
  }
  return out;
}

/**
 * `<a href="url">title</a>`: a quote in the URL is percent-encoded and markup characters in the
 * title are dropped, so neither can end the attribute or the element early.
 */
function anchor(url: string, title: string): string {
  return `<a href="${url.replace(/"/g, '%22')}">${title.replace(/[<>"]/g, '')}</a>`;
}

/** Where the anchors are: a page is never cut inside one (WeChat would show the markup). */
function anchorSpans(text: string): Array<[number, number]> {
  return [...text.matchAll(/<a\s[^>]*>[^<]*<\/a>/g)].map((m) => [m.index, m.index + m[0].length]);
}

/** Quotes under their notice's title, the title once for a run of quotes from one notice. */
function sourceLines(sources: readonly Source[], prompts: Prompts): string[] {
  const lines: string[] = [];
  let title: string | undefined;
  for (const s of sources) {
    if (s.title !== title) lines.push(prompts.say('channel.text.source', { title: s.title }));
    title = s.title;
    lines.push(`“${s.quote}”`);
  }
  return lines;
}

/** The options of the last choices reply, in order (what a bare number refers to). */
export function choiceOptions(replies: readonly Reply[]): string[] {
  const last = [...replies].reverse().find((r) => r.type === 'choices');
  return last?.type === 'choices' ? last.options : [];
}

export interface Page {
  text: string;
  /** What did not fit, for the next “1”; empty when everything fit. */
  rest: string;
}

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
/** A segment's UTF-8 size: one code unit by its value (a lone surrogate is written as U+FFFD, 3 bytes). */
const segmentBytes = (s: string): number => {
  if (s.length !== 1) return utf8Bytes(s);
  const c = s.charCodeAt(0);
  return c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
};
/** As code units: a one-code-unit grapheme is tested without making a string of it. */
const units = (chars: string[]): Set<number> => new Set(chars.map((c) => c.charCodeAt(0)));
const SENTENCE_END = units(['。', '！', '？', '；', '!', '?', ';', '\n']);
const CLOSER = units(['”', '’', '」', '』', '）', ')', '】', '》']);
/** Made on first need: loading ICU's break rules is ~10 ms of a cold start (more on a loaded machine), and most text never needs them. */
let graphemes: Intl.Segmenter | undefined;
/**
 * Code units each of which is a grapheme of its own beside any other of them: ASCII (no CR), Latin-1, CJK
 * ideographs and the usual punctuation, arrows and maths (→, −), circled numbers (①) and dingbats (✓) — the
 * answers use them — with none of the marks that join (combining, ZWJ, variation selectors, U+302A–302F),
 * no emoji and no surrogates. Two of them side by side always have a grapheme boundary between them.
 */
const ALONE: ReadonlyArray<readonly [number, number]> = [
  [0x0a, 0x0a], [0x20, 0x7e], [0xa0, 0xff], [0x2010, 0x2027], [0x2030, 0x205e], [0x2190, 0x22ff], [0x2460, 0x24ff],
  [0x2700, 0x27bf], [0x3000, 0x3029], [0x3030, 0x303f], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xff01, 0xff5e],
];
/** ALONE as a table by code unit (64 kB), made on first need. */
let aloneTable: Uint8Array | undefined;
function aloneUnits(): Uint8Array {
  if (aloneTable) return aloneTable;
  const table = new Uint8Array(0x10000);
  for (const [from, to] of ALONE) table.fill(1, from, to + 1);
  return (aloneTable = table);
}

/**
 * Walks the graphemes of a text: `visit(end, bytes, char)` for each, with the offset just after it,
 * its UTF-8 size and, for a one-code-unit grapheme, its code unit (-1 otherwise); a `false` from
 * `visit` stops the walk. A code unit of ALONE followed by another (or by the end) is a grapheme by
 * itself, read by index with no object, string or iterator result; ICU's segmenter (~20× slower, an
 * object and a string per grapheme) is asked only about the graphemes around the others — an emoji or a
 * combining mark — by `containing`, on the whole text, so its boundaries are ICU's own. Before, one such
 * character anywhere sent the whole text through ICU.
 */
export function walkGraphemes(text: string, visit: (end: number, bytes: number, char: number) => boolean): void {
  const alone = aloneUnits();
  const n = text.length;
  let segments: Intl.Segments | undefined;
  // Invariant: `i` is a grapheme boundary (0, the end of a lone unit followed by another, or the end of ICU's segment).
  for (let i = 0; i < n;) {
    const c = text.charCodeAt(i);
    if (alone[c] === 1 && (i + 1 === n || alone[text.charCodeAt(i + 1)] === 1)) {
      if (!visit(i + 1, c < 0x80 ? 1 : c < 0x800 ? 2 : 3, c)) return;
      i++;
      continue;
    }
    segments ??= (graphemes ??= new Intl.Segmenter('zh', { granularity: 'grapheme' })).segment(text);
    const { segment, index } = segments.containing(i)!;
    const end = index + segment.length;
    if (!visit(end, segmentBytes(segment), segment.length === 1 ? segment.charCodeAt(0) : -1)) return;
    i = end;
  }
}

/**
 * The text within `budget` bytes, cut after a sentence or line, else between two graphemes (never
 * inside a character), ending with the “回复 1 查看详情” hint; a continued page starts “（续）”.
 */
export function paginate(text: string, prompts: Prompts, budget: number, continued = false): Page {
  const whole = (continued ? `${prompts.say('channel.text.continued')}\n` : '') + text.trim();
  if (utf8Bytes(whole) <= budget) return { text: whole, rest: '' };
  const mark = `\n……\n${prompts.say('channel.text.more_hint')}`;
  const room = budget - utf8Bytes(mark);
  const spans = anchorSpans(whole);
  // Asked at every character: a loop, not `spans.some(…)`, whose callback was a new closure per call —
  // a quarter of a WeChat message's allocation (scripts/measure-alloc.ts --attribute).
  const inside = (at: number): boolean => {
    for (let k = 0; k < spans.length; k++) if (at > spans[k]![0] && at < spans[k]![1]) return true;
    return false;
  };
  let used = 0;
  let hard = 0;
  let sentence = 0;
  let sentenceBytes = 0;
  let prevEnded = false;
  walkGraphemes(whole, (end, size, char) => {
    if (used + size > room) return false;
    used += size;
    if (inside(end)) return true;
    hard = end;
    // A closing quote right after “。” belongs to that sentence.
    const ends: boolean = SENTENCE_END.has(char) || (prevEnded && CLOSER.has(char));
    if (ends) {
      sentence = hard;
      sentenceBytes = used;
    }
    prevEnded = ends;
    return true;
  });
  // A sentence boundary that keeps less than a quarter of the room wastes the message.
  // One grapheme over the whole room (an absurd emoji sequence) is split by code points.
  const cut = sentenceBytes >= room / 4 ? sentence : hard || codePointCut(whole, room);
  return { text: whole.slice(0, cut).trimEnd() + mark, rest: whole.slice(cut).trim() };
}

function codePointCut(text: string, room: number): number {
  let used = 0;
  let at = 0;
  for (const ch of text) {
    used += utf8Bytes(ch);
    if (used > room) break;
    at += ch.length;
  }
  return at;
}

/** Splits long text into messages of at most `max` characters, at blank lines, then lines. */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let current = '';
  const push = (piece: string, sep: string) => {
    if (!current) current = piece;
    else if (current.length + sep.length + piece.length <= max) current += sep + piece;
    else {
      out.push(current);
      current = piece;
    }
  };
  for (const block of text.split('\n\n')) {
    if (block.length <= max) {
      push(block, '\n\n');
      continue;
    }
    for (const line of block.split('\n')) {
      for (let i = 0; i < line.length; i += max) push(line.slice(i, i + max), '\n');
    }
  }
  if (current) out.push(current);
  return out;
}
