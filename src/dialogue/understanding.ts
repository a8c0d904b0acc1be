import type { IntentId } from '../domain/intents.js';
import type { PersonCategory, Region, Scheme } from '../domain/types.js';

/** What the dialogue needs from the NLU (src/nlu returns this shape). */
export interface Entities {
  insured_region?: Region;
  destination?: Region;
  person_category?: PersonCategory;
  scheme?: Scheme;
  hospital_class?: string;
  amount?: number;
  date?: string;
}

export interface Understanding {
  text: string;
  normalized: string;
  intent: IntentId;
  confidence: number;
  ranking: Array<{ intent: IntentId; confidence: number }>;
  entities: Entities;
}

export interface Understander {
  parse(text: string, opts?: { now?: Date }): Understanding;
}
