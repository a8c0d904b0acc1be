import { z } from 'zod';
import { PersonCategorySchema, RegionSchema, SchemeSchema } from './types.js';

/** What we know about the person; flows and answers read and fill these. */
export const SessionSlotsSchema = z.object({
  insured_region: RegionSchema.optional(),
  destination: RegionSchema.optional(),
  person_category: PersonCategorySchema.optional(),
  scheme: SchemeSchema.optional(),
  /** A class id of the insured region's rate table, or `every_class` when the person cannot tell. */
  hospital_class: z.string().optional(),
  amount: z.number().optional(),
  date: z.string().optional(),
  /** The person said their 户口 stayed (户口没迁): kept so the insured place's notice can apply it once known. */
  registration_stayed: z.literal(true).optional(),
});
export type SessionSlots = z.infer<typeof SessionSlotsSchema>;
