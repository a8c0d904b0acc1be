import { z } from 'zod';

/** The public intent ids of the catalogue (shared/design/intents.md) — a contract. */
export const DOMAIN_INTENTS = [
  'definition', 'eligibility', 'materials', 'filing_how', 'process', 'preconditions',
  'settlement_failed', 'filing_validity', 'filing_change', 'filing_late', 'emergency',
  'reimbursement_policy', 'reimbursement_rates', 'reimbursement_estimate', 'outpatient',
  'chronic_disease', 'manual_reimbursement', 'hospital_lookup', 'return_home_treatment', 'injury',
  'medical_credential', 'referral', 'contact', 'external_services_during_stay',
  'nationwide_roaming', 'migrant_workers', 'filing_status', 'start_filing',
] as const;

export const CONVERSATION_INTENTS = [
  'greeting', 'thanks', 'goodbye', 'human_agent', 'help', 'cancel', 'affirm', 'deny', 'out_of_scope',
] as const;

export const INTENT_IDS = [...DOMAIN_INTENTS, ...CONVERSATION_INTENTS] as const;

export const IntentIdSchema = z.enum(INTENT_IDS);
export type IntentId = z.infer<typeof IntentIdSchema>;
export type DomainIntentId = (typeof DOMAIN_INTENTS)[number];

export function isDomainIntent(id: IntentId): id is DomainIntentId {
  return (DOMAIN_INTENTS as readonly string[]).includes(id);
}
