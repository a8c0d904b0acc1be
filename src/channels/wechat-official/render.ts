/**
 * Reply[] → one WeChat text message. A passive reply carries a single message and WeChat drops
 * text over 2048 bytes, so everything becomes plain text and long text is cut at a sentence
 * or line, with the rest kept for “回复 1 查看详情”.
 */
import type { Reply, Source } from '../../domain/reply.js';

export const TEXT_BUDGET_BYTES = 2048;
export const MORE_HINT = '回复 1 查看详情';
const CUT_MARK = `\n……\n${MORE_HINT}`;
const CONTINUED = '（续）\n';

export function renderReplies(replies: readonly Reply[]): string {
  const blocks: string[] = [];
  for (const r of replies) {
    const block = renderOne(r, blocks);
    if (block.trim()) blocks.push(block.trim());
  }
  return blocks.join('\n\n');
}

function renderOne(r: Reply, earlier: readonly string[]): string {
  switch (r.type) {
    case 'text':
      return r.text;
    case 'choices':
      // Bullets, not numbers: “1” already means “show the details”, and the policy maps
      // the option's own words back to the question.
      return ['您可以直接回复：', ...r.options.map((o) => `· ${o}`)].join('\n');
    case 'link':
      return `${r.title}\n${r.url}`;
    case 'image':
      // A passive image reply needs a media id uploaded beforehand; the link works everywhere.
      return `${r.alt}\n${r.url}`;
    case 'card': {
      // renderAnswer puts the answer text in the card too when there is no longer version.
      const repeated = earlier.some((b) => b.includes(r.text.trim()));
      return [`【${r.title}】`, repeated ? '' : r.text, ...sourceLines(r.source ?? [])].filter(Boolean).join('\n');
    }
    case 'handoff':
      return r.phone && !r.text.includes(r.phone) ? `${r.text}\n电话：${r.phone}` : r.text;
  }
}

/** Quotes under their notice's title, the title once for a run of quotes from one notice. */
function sourceLines(sources: readonly Source[]): string[] {
  const lines: string[] = [];
  let title: string | undefined;
  for (const s of sources) {
    if (s.title !== title) lines.push(`出处：${s.title}`);
    title = s.title;
    lines.push(`“${s.quote}”`);
  }
  return lines;
}

export interface Page {
  text: string;
  /** What did not fit, for the next “1”; empty when everything fit. */
  rest: string;
}

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const SENTENCE_END = /^[。！？；!?;\n]$/u;
const CLOSER = /^[”’」』）)】》]$/u;

/** The text within the budget; cut after a sentence or line, else between two graphemes. */
export function paginate(text: string, budget = TEXT_BUDGET_BYTES, continued = false): Page {
  const whole = (continued ? CONTINUED : '') + text.trim();
  if (utf8Bytes(whole) <= budget) return { text: whole, rest: '' };
  const room = budget - utf8Bytes(CUT_MARK);
  let used = 0;
  let hard = 0;
  let sentence = 0;
  let sentenceBytes = 0;
  let prevEnded = false;
  for (const { segment, index } of new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(whole)) {
    const size = utf8Bytes(segment);
    if (used + size > room) break;
    used += size;
    hard = index + segment.length;
    // A closing quote right after “。” belongs to that sentence.
    const ends: boolean = SENTENCE_END.test(segment) || (prevEnded && CLOSER.test(segment));
    if (ends) {
      sentence = hard;
      sentenceBytes = used;
    }
    prevEnded = ends;
  }
  // A sentence boundary that keeps less than a quarter of the room wastes the message.
  // One grapheme over the whole room (an absurd emoji sequence) is split by code points.
  const cut = sentenceBytes >= room / 4 ? sentence : hard || codePointCut(whole, room);
  return { text: whole.slice(0, cut).trimEnd() + CUT_MARK, rest: whole.slice(cut).trim() };
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
