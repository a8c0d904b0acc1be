/**
 * WeChat's quoted reply (引用), as puppets deliver it: the quoted message, a line of dashes, then
 * what the person wrote —
 *
 *   「张三：我妈在潍坊参保，去北京住院了没备案能直接结算吗」
 *   - - - - - - - - - - - - - - -
 *   @小助手 帮她看看
 *
 * The person's own words are the question. The quote is context only when the conversation does not
 * already hold it: a room member's message quoted by another member. The bot's own answer is never
 * read as a question (quoted with “那湖南呢”, its 潍坊 and 免材料 outweighed the 湖南 asked about),
 * and neither is the person's own earlier message, which the conversation remembers.
 */

/** 「name：quoted」, the dashes, the rest (a half-width colon too; the dashes as WeChat spaces them or not). */
const QUOTED = /^「([^「」：:\n]{1,64})[：:]([\s\S]*)」[ \t]*\r?\n[ \t]*(?:-[ \t]*){3,}\r?\n?([\s\S]*)$/;

export interface Quote {
  /** The name shown in the quote: the room alias or the contact's name. */
  author: string;
  quoted: string;
  /** What the person wrote under the quote. */
  said: string;
}

export function parseQuote(text: string): Quote | undefined {
  const m = QUOTED.exec(text.trim());
  if (!m) return undefined;
  return { author: m[1]!.trim(), quoted: m[2]!.trim(), said: m[3]!.trim() };
}

/** Whose message a quote is: the bot's, one the conversation has seen, or a room member's it has not. */
export type QuoteAuthor = 'bot' | 'seen' | 'other';

/**
 * The text the assistant is asked: what the person wrote, preceded by the quote where the quote is
 * another person's message it has not seen. A quote with nothing written under it is the question
 * itself, unless it is the bot's own answer.
 */
export function questionOf(text: string, whose: (author: string) => QuoteAuthor): string {
  const quote = parseQuote(text);
  if (!quote) return text.trim();
  const author = whose(quote.author);
  if (author === 'bot') return quote.said;
  if (!quote.said) return quote.quoted;
  return author === 'seen' ? quote.said : `${quote.quoted}\n${quote.said}`;
}
