/**
 * The words that ask (the one home of the question-word pattern, which the dialogue reads too), a first message's opening
 * words, and the wordings that ask for something done (an estimate, a request) or tell a problem.
 */

/**
 * The words that ask an open question — how, what, which, how much or long, why (怎么, 啥, 哪, 多久, 如何, 为什么) —
 * not the yes-or-no ones (能不能, 要不要) a person also asks of an answer they give (“12月10号可以吗”);
 * “那还要带啥吗” asks what to bring, whatever its 吗.
 */
export const OPEN_QUESTION_WORD = /怎|咋|什么|啥|哪|多少|多久|多长|几|如何|为什么/;
/** The words that ask why (为什么, 为啥, 为何, 凭什么): one home for the dialogue's readings of a why-question. */
export const WHY_WORD = '为什么|为啥|为何|凭什么';
/** The yes-or-no question words (能不能, 要不要): whether one may or must, which the filing cues read apart from how. */
export const YES_NO_QUESTION_WORD = /能不能|可不可以|要不要|需不需要/;
/** Of them, whether one may (能不能) apart from whether one must (要不要): the filing cues read the first as who may file. */
export const MAY_QUESTION_WORD = /能不能|可不可以/;
/**
 * The words that ask (怎么, 多久, 能不能 …) — the one home of the question-word pattern: the dialogue
 * reads it too. Without the marks: “对吗”, “好吗” are still a yes, while “手续咋办” asks.
 */
export const QUESTION_WORD = new RegExp(`${OPEN_QUESTION_WORD.source}|${YES_NO_QUESTION_WORD.source}`);
/** A question word or mark: a statement that lacks one (“我没有急诊 是正常住院”) is no question. */
export const QUESTION_TEXT = new RegExp(`[吗呢么?？]|${QUESTION_WORD.source}`);

/** The clauses of a message (split at spaces and marks) that ask something: “备案要什么材料 能报多少” has two. */
export function questionClauses(normalized: string): string[] {
  return normalized.split(/[\s\p{P}]+/u).filter((c) => QUESTION_TEXT.test(c));
}


/**
 * “帮我算一下”, “给我估算下”, “我要估算”: asking for the figure itself is the estimate, whatever else the
 * classifier heard in so few words (it starts the flow, or carries on the running one).
 */
export const ESTIMATE_TEXT = /^(请|麻烦)?(你|您)?(我要|我想|我想要|想|要)?(帮我|给我|帮忙|替我)?(算|估|估算|计算|测算|算算|估估)(一下|一算|算|下|个数)?(吧|呗|呀|啊|看)?(能报多少|报多少|能报销多少|报销多少)?[。！!？?]*$/;

/** “需要多长时间”, “要几天”: how long, and nothing of what — the last answer's topic says what takes time. */
export const HOW_LONG_TEXT = /多久|多长时间|多少天|几天|几个工作日|多少个工作日|啥时候|什么时候/;

/** Words that ask for something to be done (备案, 帮我算): a flow the message starts was asked for. */
export const REQUEST_TEXT = /备案|办|申请|登记|帮|想|要|算|估|开/;

/** A problem told (卡刷不了, 结算失败): a question in all but words, for its topic or the check. */
export const PROBLEM_TEXT = /不了|不能|不行|失败|没法|无法|不上|出错|错误|拒/;

/**
 * “你好 在吗 我想问下异地那个事”: how a first message opens — a greeting, “在吗”, and a wish to ask
 * about cross-region care that names no topic — before the person says where they are insured. Taken
 * off the front of what is left once the places are out (marks and spaces gone), so “你好 我是长沙的医保”
 * is a place stated. A topic named (“想问下备案的事”) is no opening: the classifier reads it.
 */
export const ASK_ABOUT = '(我|俺)?(想|要|就想)?(问问|问|咨询|打听)(一)?(下|个|点)?(关于)?(那个|这个)?(异地就医|异地看病|异地医保|异地|医保|外地看病)?(的|那个|这个|那块|方面)?(的)?(事情|事儿|事|问题)?(哈|啊|呀)?';
export const OPENING = new RegExp(`^((喂|哎|唉|嗯)?(你好|您好|哈喽|同志|师傅|老师|工作人员)?(啊|呀)?(在吗|在不在|有人吗|在不)?(请问|问一下|问下|打扰一?下|麻烦问一?下)?(${ASK_ABOUT})?)+`);
/** “俺是芮城的 俺想问问那个异地的事”: the same wish to ask, said after the place. */
export const CLOSING_ASK = new RegExp(`${ASK_ABOUT}$`);
/** The greetings among the opening words: a reply to such a message greets back. */
export const GREETED = /^(喂|哎|唉|嗯)?(你好|您好|哈喽)/;
