/**
 * Reply[] → plain text, for text-only channels (Wechaty, SMS-like bridges …). Choices become a
 * numbered list (the channel maps a bare “2” back to the option with `pickChoice`) or bullets,
 * a link is its title and URL, a card its title, text (unless already said) and source quotes,
 * a handoff its text and phone number.
 */
import type { Reply } from '../domain/reply.js';

export interface TextRenderOptions {
  /** numbered: “1. 潍坊市”; bullets: “· 潍坊市”. */
  choices?: 'numbered' | 'bullets';
  /** The line above the options. */
  choicesIntro?: string;
}

const DEFAULTS: Required<TextRenderOptions> = {
  choices: 'numbered',
  choicesIntro: '您可以回复序号或直接回复文字：',
};

export function renderRepliesAsText(replies: readonly Reply[], options: TextRenderOptions = {}): string {
  const opts = { ...DEFAULTS, ...options };
  const blocks: string[] = [];
  for (const r of replies) {
    const block = renderReply(r, blocks, opts).trim();
    if (block) blocks.push(block);
  }
  return blocks.join('\n\n');
}

function renderReply(r: Reply, earlier: readonly string[], opts: Required<TextRenderOptions>): string {
  switch (r.type) {
    case 'text':
      return r.text;
    case 'choices':
      return [
        opts.choicesIntro,
        ...r.options.map((o, i) => (opts.choices === 'numbered' ? `${i + 1}. ${o}` : `· ${o}`)),
      ].join('\n');
    case 'link':
      return `${r.title}\n${r.url}`;
    case 'image':
      return `${r.alt}\n${r.url}`;
    case 'card': {
      // A card often repeats the answer just given; say it once.
      const text = r.text.trim();
      const repeated = text !== '' && earlier.some((b) => b.includes(text));
      const sources = (r.source ?? []).map((s) => `出处：《${s.title}》\n“${s.quote}”`);
      return [`【${r.title}】`, repeated ? '' : text, ...sources].filter(Boolean).join('\n');
    }
    case 'handoff':
      return r.phone && !r.text.includes(r.phone) ? `${r.text}\n电话：${r.phone}` : r.text;
  }
}

/** The options of the last choices reply, in order (what a numbered answer refers to). */
export function choiceOptions(replies: readonly Reply[]): string[] {
  const last = [...replies].reverse().find((r) => r.type === 'choices');
  return last?.type === 'choices' ? last.options : [];
}

const FULL_WIDTH_DIGIT = /[０-９]/g;

/** “2” / “２” / “ 2 ” → the second option; anything else → undefined. */
export function pickChoice(text: string, options: readonly string[]): string | undefined {
  const t = text.trim().replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (!/^\d{1,2}$/.test(t)) return undefined;
  return options[Number(t) - 1];
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
