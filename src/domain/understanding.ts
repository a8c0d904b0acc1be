import type { IntentId } from './intents.js';
import type { PersonCategory, Region, Scheme } from './types.js';

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

/** Which place roles the wording made plain (在X参保, 去X看病) rather than guessed. */
export interface RegionCues {
  insured_region: boolean;
  destination: boolean;
}

export interface Understanding {
  text: string;
  normalized: string;
  intent: IntentId;
  confidence: number;
  ranking: Array<{ intent: IntentId; confidence: number }>;
  entities: Entities;
  cued?: RegionCues;
}

export interface Understander {
  parse(text: string, opts?: { now?: Date }): Understanding;
}
