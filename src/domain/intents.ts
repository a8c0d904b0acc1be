import { z } from 'zod';

/** The public intent ids of the catalogue (shared/design/intents.md) — a contract. */
export const DOMAIN_INTENTS = [
  'definition', 'eligibility', 'materials', 'filing_how', 'process', 'preconditions',
  'settlement_failed', 'filing_validity', 'filing_change', 'filing_late', 'emergency',
  'reimbursement_policy', 'reimbursement_rates', 'reimbursement_estimate', 'outpatient',
  'chronic_disease', 'manual_reimbursement', 'hospital_lookup', 'return_home_treatment', 'injury',
  'medical_credential', 'referral', 'contact', 'external_services_during_stay',
  'nationwide_roaming', 'migrant_workers', 'filing_status', 'start_filing', 'filing_effective',
  'reimbursement_payout',
] as const;

/**
 * Matters next to the domain that people ask in the same breath (local rates, childbirth, work
 * injury, joining and paying, moving insurance, retiring, deposits). Their answers say what the
 * question is about and where it is handled, never a cross-region answer; they are answered from
 * content like the domain intents, so `isDomainIntent` is true for them too.
 */
export const ADJACENT_INTENTS = [
  'local_benefits', 'maternity', 'work_injury', 'enrolment', 'insurance_transfer',
  'retirement_procedure', 'hospital_deposit',
] as const;

export const CONVERSATION_INTENTS = [
  'greeting', 'thanks', 'goodbye', 'human_agent', 'help', 'cancel', 'affirm', 'deny', 'out_of_scope',
] as const;

export const INTENT_IDS = [...DOMAIN_INTENTS, ...ADJACENT_INTENTS, ...CONVERSATION_INTENTS] as const;

export const IntentIdSchema = z.enum(INTENT_IDS);
export type IntentId = z.infer<typeof IntentIdSchema>;
export type AdjacentIntentId = (typeof ADJACENT_INTENTS)[number];
/** An intent answered from content: a cross-region topic or an adjacent topic routed elsewhere. */
export type DomainIntentId = (typeof DOMAIN_INTENTS)[number] | AdjacentIntentId;

/** Asked many times a turn (every ranking the policy reads is filtered by them): a set's look-up, not a scan of the list. */
const DOMAIN_OR_ADJACENT: ReadonlySet<string> = new Set<string>([...DOMAIN_INTENTS, ...ADJACENT_INTENTS]);
const ADJACENT: ReadonlySet<string> = new Set<string>(ADJACENT_INTENTS);

export function isDomainIntent(id: IntentId): id is DomainIntentId {
  return DOMAIN_OR_ADJACENT.has(id);
}

export function isAdjacentIntent(id: string): id is AdjacentIntentId {
  return ADJACENT.has(id);
}

/**
 * Where only “is this ours” matters, the adjacent topics and out_of_scope are one class: none of
 * them gets a cross-region answer.
 */
export const routingClass = (id: string): string => (id === 'out_of_scope' || isAdjacentIntent(id) ? 'elsewhere' : id);
