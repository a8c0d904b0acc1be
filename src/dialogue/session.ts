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
  /** The long version of the last answer (“回复 1 查看详情”). */
  detail: z.string().optional(),
  turns: z.number().int().default(0),
});
export type Session = z.infer<typeof SessionSchema>;

export function newSession(id: string): Session {
  return { id, slots: {}, misses: 0, turns: 0 };
}
