/**
 * The step before `decide`: what a bare “1”, “2” or “详情” refers to. It is read against the
 * session's reply state — the rest of the latest text reply, the long version of the latest
 * answer, the latest numbered choices — and that state is rewritten at the end of every turn, so
 * “1” always means the latest reply, never one two turns back.
 */
import type { Reply } from '../domain/reply.js';
import type { ReplyState } from '../dialogue/session.js';
import { loadLexicon } from '../nlu/index.js';
import type { TextFormat } from './message.js';
import { choiceOptions } from './text-render.js';

const FULL_WIDTH_DIGIT = /[０-９]/g;

interface ReplyWords {
  /** “回复 1 查看详情”: the words that ask for the rest of a reply or the long version of an answer. */
  more: ReadonlySet<string>;
  /** Words that rate the latest answer where a channel has no 👍/👎 buttons (the emoji: `emojiRatingOf`). */
  rating: ReadonlyMap<string, 'up' | 'down'>;
  /** The longest word a step reads (a number picked is at most two digits): anything longer is a turn. */
  longestStep: number;
}

let replyWordsRead: ReplyWords | undefined;

/**
 * corpus/nlu/lexicon.yaml's replyWords, read once per process like the rest of the lexicon (content staff
 * edit the words; the schema refuses a word in two lists, which would both page on and rate).
 */
function replyWords(): ReplyWords {
  if (!replyWordsRead) {
    const { more, up, down } = loadLexicon().replyWords;
    replyWordsRead = {
      more: new Set(more),
      rating: new Map([...up.map((w) => [w, 'up'] as const), ...down.map((w) => [w, 'down'] as const)]),
      longestStep: Math.max(2, ...more.map((w) => w.length)),
    };
  }
  return replyWordsRead;
}

/** 'up' or 'down' when the whole message is a rating word or 👍/👎, else undefined. */
export function ratingOf(text: string): 'up' | 'down' | undefined {
  const t = text.trim().replace(/[。！!.]+$/u, '');
  return replyWords().rating.get(t) ?? emojiRatingOf(t);
}

/**
 * 👍 or 👎 alone (skin tone and repeats allowed): a rating on every text channel, not only where
 * the channel invites one by reply word.
 */
export function emojiRatingOf(text: string): 'up' | 'down' | undefined {
  // Every message is asked: one without either emoji is none, without the copy and regexes below.
  if (!text.includes('👍') && !text.includes('👎')) return undefined;
  const t = text.trim().replace(/[\u{1F3FB}-\u{1F3FF}\uFE0F\s]/gu, '');
  if (/^(👍)+$/u.test(t)) return 'up';
  if (/^(👎)+$/u.test(t)) return 'down';
  return undefined;
}

export type Step =
  /** The next page of the latest reply, or the latest answer's long version: no decision needed. */
  | { kind: 'more'; text: string; continued: boolean }
  /** “1” or “详情” with nothing left to show (the reply fit, the answer has no longer version). */
  | { kind: 'nothing_more'; text: string }
  /** A turn for `decide`, with a picked option's words in place of its number. */
  | { kind: 'turn'; text: string };

function halfWidth(text: string): string {
  return text.trim().replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/**
 * `picking`: the latest reply asked the person to pick one of a few places by its number (“有几个地方都叫xinzhou：
 * 1. 山西省忻州市；2. …回复序号”, the session's placeAsked). Then a bare number is that pick, a turn for the policy —
 * unless the reply was cut and its rest not yet read (“1” pages on first: the question may be on the next page).
 */
export function stepOf(text: string, state: ReplyState | undefined, picking = false): Step {
  const words = replyWords();
  // Most messages are questions: past the longest step word, without the copies below.
  if (text.length > words.longestStep && text.trim().length > words.longestStep) return { kind: 'turn', text };
  const t = halfWidth(text);
  // Choices are stored only where they were shown numbered, so there a number picks an option.
  const picked = /^\d{1,2}$/.test(t) ? state?.choices[Number(t) - 1] : undefined;
  if (picked !== undefined) return { kind: 'turn', text: picked };
  if (picking && !state?.more && /^\d{1,2}$/.test(t)) return { kind: 'turn', text: t };
  if (words.more.has(t)) {
    if (state?.more) return { kind: 'more', text: state.more, continued: true };
    if (state?.detail) return { kind: 'more', text: state.detail, continued: false };
    // Said after a reply, it asks for more of it; read as a question it was “不在我能解答的范围内”.
    if (state) return { kind: 'nothing_more', text };
  }
  return { kind: 'turn', text };
}

/** The reply state a turn leaves: this turn's detail and choices, and what did not fit. */
export function stateAfter(replies: readonly Reply[], detail: string | undefined, rest: string, format: TextFormat | undefined): ReplyState {
  return {
    ...(rest ? { more: rest } : {}),
    ...(detail ? { detail } : {}),
    choices: format?.choices === 'numbered' ? choiceOptions(replies) : [],
  };
}
