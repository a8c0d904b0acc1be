import { z } from 'zod';
import { IntentIdSchema } from '../domain/intents.js';
import { SessionSlotsSchema } from '../domain/slots.js';
import type { FlowName } from '../domain/types.js';

export { SessionSlotsSchema, type SessionSlots } from '../domain/slots.js';

/** What the engine keeps of any flow: the step it asked last and how often it could not use the answer. */
const FlowProgress = {
  /** The step asked last (a step id, or `confirm` while a summary waits for a yes). */
  asked: z.string().optional(),
  /** How often the current question got an answer we could not use. */
  retries: z.number().int().default(0),
  /** The question was asked again after noting an answer to another one: a bare “对” agrees with that note. */
  noted: z.boolean().optional(),
  /** The place the last answer gave, when it gave one (a bare “不对 是海口” corrects it). */
  lastPlace: z.enum(['insured_region', 'destination']).optional(),
  /** Side questions answered in a row without an answer to the flow (from the third the flow is set aside). */
  sides: z.number().int().optional(),
  /**
   * The step whose help (“怎么弄”, “不知道”) was given while it is asked: the categories' paragraph is said once, and a
   * second “不知道” at that question gets who can tell instead of the same paragraph again.
   */
  helped: z.string().optional(),
};

export const YesNoSchema = z.enum(['yes', 'no', 'unknown']);
export type YesNo = z.infer<typeof YesNoSchema>;
export const ReferralStatusSchema = z.enum(['done', 'not_done']);
export type ReferralStatus = z.infer<typeof ReferralStatusSchema>;

/** Each flow's own state, typed per flow; the slots it fills live in the session's slots. */
export const FlowStateSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('filing'), ...FlowProgress }),
  z.object({
    name: z.literal('estimate'), ...FlowProgress,
    /** Referral / filing done or not, when the person says it in passing. */
    status: ReferralStatusSchema.optional(),
    /** An amount implausible for a hospital bill that was asked back once (“您说的是1元吗”). */
    checked: z.number().optional(),
    /** The class was inferred from the destination (北京 is outside 芮城's 山西: 省外就医), not said. */
    inferred: z.boolean().optional(),
  }),
  z.object({
    name: z.literal('diagnosis'), ...FlowProgress,
    /** The answers to the diagnosis steps, by step id (corpus/facts/diagnosis.yaml). */
    answers: z.record(z.string(), YesNoSchema).default({}),
  }),
]);
export type FlowState = z.infer<typeof FlowStateSchema>;
export type FlowStateOf<N extends FlowName> = Extract<FlowState, { name: N }>;

/**
 * What the person can reply to next, kept by the turn (src/core/reply-state.ts) and by nothing
 * else: the rest of a text reply cut at a channel's budget, the long version of the latest
 * answer, the options of the last numbered choices. “1” and “2” are read against this.
 */
export const ReplyStateSchema = z.object({
  more: z.string().optional(),
  detail: z.string().optional(),
  choices: z.array(z.string()).default([]),
});
export type ReplyState = z.infer<typeof ReplyStateSchema>;

export const SessionSchema = z.object({
  id: z.string(),
  slots: SessionSlotsSchema.default({}),
  /** The last domain question answered, for follow-ups such as “那转诊的呢”. */
  lastIntent: IntentIdSchema.optional(),
  /** A question that waits for the insured region before it can be answered specifically. */
  pendingIntent: IntentIdSchema.optional(),
  /**
   * What that question asked beyond its topic — whether filing is needed at all (“俺去北京看病 要备案不”) — so it is
   * answered when the place comes in the next message (“俺是潍坊的”), and the turn it was asked (`at`): read by the
   * next turn's answer only, and let go with `pendingIntent`. Never the person's words (a name said beside them).
   */
  pendingAsked: z.object({ intent: IntentIdSchema, whetherFiling: z.boolean(), at: z.number().int() }).optional().catch(undefined),
  /**
   * The last answer was to whether filing is needed at all (“武汉的 去北京住院要不要备案”), its notice's sentence on it said
   * first: a follow-up that only changes the place (“那要是在上海呢”) is answered the same way, not with who may file alone.
   * Kept through courtesy turns (“谢谢”) and place read-backs only; answering another topic, a decline or a clarifying
   * question clears it (answer.ts, people.ts, places.ts). `at`: the turn it was answered.
   */
  answeredWhetherFiling: z.object({ at: z.number().int() }).optional().catch(undefined),
  /**
   * A sum said as a range (“住院大概花了七八千，能报多少”, “5000-8000”) before the estimate asked for the amount: its two
   * ends, offered when the estimate reaches the amount question rather than the bare question again. Let go when an
   * amount is given or the estimate is started again; a session stored before this field simply lacks it.
   */
  amountRange: z.object({ low: z.number(), high: z.number() }).optional().catch(undefined),
  flow: FlowStateSchema.optional(),
  /**
   * A flow set aside (for a person, or after side questions): where it stood (`state`), which “继续”
   * takes up again, and the turn it was set aside (`at`) — “继续” is offered for a turn or two, while
   * nothing else is asked. One value, so the two are set and forgotten together. A session stored
   * before this shape loses only its flow set aside, never the whole conversation.
   */
  paused: z.object({ state: FlowStateSchema, at: z.number().int() }).optional().catch(undefined),
  /**
   * A place name several places bear, asked back with its candidates (“朝阳”: 辽宁省朝阳市, 北京市朝阳区 …):
   * the name, the candidates' codes in the order shown, and the role the name had. The next message may
   * pick one (“2”, “北京的”); anything else lets the question go.
   */
  placeAsked: z.object({
    name: z.string(),
    codes: z.array(z.string()).min(2),
    role: z.enum(['insured_region', 'destination']),
  }).optional().catch(undefined),
  /** Misunderstood turns in a row. */
  misses: z.number().int().default(0),
  /**
   * The long version of the answer given in this turn, set by the policy; the turn moves it into
   * `reply.detail` when the turn ends, so it never outlives the turn that gave it.
   */
  detail: z.string().optional(),
  reply: ReplyStateSchema.optional(),
  turns: z.number().int().default(0),
  /**
   * The turn a rating word (好评, 差评) rated, kept while nothing else is asked: a second word right
   * after it (好评, then 差评) changes that rating instead of rating the first word's own turn.
   */
  rated: z.number().int().optional(),
  /**
   * The turn a goodbye at the kiosk forgot the conversation (src/core/assistant.ts): a 👍 on the next turn still
   * rates that turn, though nothing else of the person who left is kept.
   */
  parted: z.number().int().optional(),
  /**
   * The same message sent again and again (“备案” many times): a fingerprint of the last message —
   * never its text, which may hold an ID or phone number — and how many times in a row it came.
   */
  repeat: z.object({ said: z.string(), count: z.number().int() }).optional(),
  /**
   * A flow's guard ended it this turn (the estimate refused for want of a rate table): a fingerprint of
   * what it said and the turn. The same refusal on the next turn is not said again word for word
   * (src/dialogue/flows/engine.ts guarded). A session stored before this field simply lacks it.
   */
  refused: z.object({ said: z.string(), at: z.number().int() }).optional().catch(undefined),
});
export type Session = z.infer<typeof SessionSchema>;

/** FNV-1a, 32 bits, in hex: enough to tell one message (or reply) from the one before it, never holding its text. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

/**
 * Whether the person at hand was told something before this turn. The count of turns runs on past a kiosk goodbye
 * (records and feedback name turns), so the turns since `parted` are this person's: the next one's first “听不懂”
 * gets no apology for what the last one was told.
 */
export function saidBefore(session: Session): boolean {
  return session.turns - (session.parted ?? 0) > 1;
}

export function newSession(id: string): Session {
  return { id, slots: {}, misses: 0, turns: 0 };
}

/**
 * A deep copy of a session, which is plain data (objects, arrays, strings, numbers, booleans):
 * a turn works on its copy, so a turn that fails leaves the stored session as it was. A recursive
 * copy costs a fraction of structuredClone's serialise-and-read-back (which was ~6% of a chat turn's
 * CPU when the memory store and the policy each took one); a turn now takes one copy, the store's, which
 * the policy's decideOn changes in place. Anything not plain (a Date, a Map) is handed to
 * structuredClone, so the copy is never shallower than before.
 */
export function cloneSession(session: Session): Session {
  return clonePlain(session) as Session;
}

function clonePlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(clonePlain);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = clonePlain((value as Record<string, unknown>)[key]);
  return copy;
}
