import { z } from 'zod';
import { IntentIdSchema } from '../domain/intents.js';
import { SessionSlotsSchema } from '../domain/slots.js';
import { FlowNameSchema } from '../domain/types.js';

export { SessionSlotsSchema, type SessionSlots } from '../domain/slots.js';

export const FlowStateSchema = z.object({
  name: FlowNameSchema,
  /** The question the flow asked last (a slot name or a diagnosis step). */
  asked: z.string().optional(),
  /** How often the current question got an answer we could not use. */
  retries: z.number().int().default(0),
  /** Flow-private answers (diagnosis steps, referral status). */
  answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  /** The filing flow waits for a yes before it issues the form. */
  confirming: z.boolean().default(false),
});
export type FlowState = z.infer<typeof FlowStateSchema>;

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
  flow: FlowStateSchema.optional(),
  /** Misunderstood turns in a row. */
  misses: z.number().int().default(0),
  /**
   * The long version of the answer given in this turn, set by the policy; the turn moves it into
   * `reply.detail` when the turn ends, so it never outlives the turn that gave it.
   */
  detail: z.string().optional(),
  reply: ReplyStateSchema.optional(),
  turns: z.number().int().default(0),
});
export type Session = z.infer<typeof SessionSchema>;

export function newSession(id: string): Session {
  return { id, slots: {}, misses: 0, turns: 0 };
}
