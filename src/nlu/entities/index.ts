/** Every slot a message can carry, as the dialogue and the nlu contract name them. */
import type { Entities, RegionCues, RegistrationReading } from '../../domain/understanding.js';
import type { Gazetteer } from '../gazetteer.js';
import { extractAmount } from './amount.js';
import { extractDate } from './date.js';
import { extractHospitalClass } from './hospital-class.js';
import { extractPersonCategory, saysRegistrationMoved, saysRegistrationStayed, statedCategory } from './person.js';
import { extractRegions, type ContextReads, type PlaceSpan } from './regions.js';
import { extractScheme } from './scheme.js';

export interface Extracted {
  entities: Entities;
  cued: RegionCues;
  /** Every place name's span, resolved or not: what the classifier masks. */
  spans: PlaceSpan[];
  /** The 户口 said to have moved, and the category beside a resettled reading (not a slot: no feature of the classifier). */
  registration?: RegistrationReading;
}

/** `context`: the places the conversation holds, nearest first; `reads`: whether they were asked (extractRegions). */
export function extractEntities(
  normalized: string, now: Date, g: Gazetteer, preferred: readonly string[] = [], context: readonly string[] = [], reads?: ContextReads,
): Extracted {
  const { cued, spans, ...regions } = extractRegions(normalized, g, preferred, context, reads);
  const person_category = extractPersonCategory(normalized) ?? statedCategory(normalized);
  const scheme = extractScheme(normalized);
  const hospital_class = extractHospitalClass(normalized);
  const amount = extractAmount(normalized);
  const date = extractDate(normalized, now);
  const entities: Entities = {
    ...regions,
    ...(person_category ? { person_category } : {}),
    ...(scheme ? { scheme } : {}),
    ...(hospital_class ? { hospital_class } : {}),
    ...(amount !== undefined ? { amount } : {}),
    ...(date ? { date } : {}),
    ...(saysRegistrationStayed(normalized) ? { registration_stayed: true as const } : {}),
  };
  const moved = saysRegistrationMoved(normalized);
  const otherwise = person_category === 'retiree_resettled' ? extractPersonCategory(normalized, ['retiree_resettled']) : undefined;
  const registration: RegistrationReading | undefined = moved || otherwise
    ? { ...(moved ? { moved: true as const } : {}), ...(otherwise ? { otherwise } : {}) }
    : undefined;
  return { entities, cued, spans, ...(registration ? { registration } : {}) };
}
