/**
 * Giving up a flow (算了, 不办了) and the question asked on the way out, taking it up again (继续), and a bare no.
 */
import { QUESTION_TEXT } from './questions.js';

/**
 * “不办了 我想先问问要什么材料”: a message that starts by giving up (the flow is left, however long the
 * message: src/dialogue/policy/control.ts), and the giving-up words with what follows them — the rest,
 * read on its own, is the question asked on the way out.
 */
export const GIVING_UP_TEXT = /^(算了|不办了|不用了|不估了|不算了|不弄了)/;
export const GIVING_UP_LEAD = new RegExp(`${GIVING_UP_TEXT.source}(吧|啊|呀|哈)?[，,。！!\\s]*`);
/**
 * “算了一下”, “我算了算”: a sum done (the amount may follow), never giving up — whatever the classifier heard in
 * 算了. The one exception to the giving-up words (src/dialogue/policy/control.ts reads it too).
 */
export const SUM_DONE = /^算了(一|下|算)/;
/** The question after the giving-up words (“我先问问要什么材料”), or undefined where none is asked. */
export function askedOnLeaving(normalized: string): string | undefined {
  if (!GIVING_UP_TEXT.test(normalized) || SUM_DONE.test(normalized)) return undefined;
  const rest = normalized.replace(GIVING_UP_LEAD, '');
  return rest.length > 0 && rest !== normalized && QUESTION_TEXT.test(rest) ? rest : undefined;
}

/**
 * “那继续吧”, “还是接着办吧”: a flow left for a person taken up again. Only the word and its
 * particles: “继续问一下材料” is a question. (The button, 继续 and the flow's title, is matched whole.)
 */
export const CONTINUE_TEXT = /^(那|好|好的|行|嗯|那就|那我)?[，,\s]*(还是)?(继续|接着)(来|办|弄|算|填|问|刚才的|刚才那个)?(吧|啊|呀|哈)?[。！!]?$/;

export const BARE_NO = /^(坏|不好|不行|不太好|不太行|不好吧|不行吧)(的|啊|呀|哦|噢)?$/;
