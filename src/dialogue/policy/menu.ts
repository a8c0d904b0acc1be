/**
 * The menu offered to a person: the questions that can be answered for them. The estimate gives a figure
 * only where the insured place publishes a rate table (corpus/facts/rates.yaml: 芮城 alone); for a place
 * known to publish none (成都, 武汉) the button would start a flow its guard refuses at once, so the rates
 * question — which every place's or the national answer speaks to — stands in its place. Before the place
 * is known the estimate stays: it may be 芮城.
 */
import type { IntentId } from '../../domain/intents.js';
import type { Region } from '../../domain/types.js';
import type { KnowledgeBase } from '../../knowledge/base.js';
import type { Session } from '../session.js';
import { MENU_INTENTS, type PolicyDeps } from './types.js';

/** What stands in for the estimate where no rates are published. */
const ESTIMATE_ELSEWHERE: IntentId = 'reimbursement_rates';

export function menuIntents(kb: KnowledgeBase, region: Region | undefined, topics: readonly IntentId[] = MENU_INTENTS): IntentId[] {
  if (!region || kb.rateTable(region)) return [...topics];
  const kept = topics.map((id) => (id === 'reimbursement_estimate' ? ESTIMATE_ELSEWHERE : id));
  return kept.filter((id, i) => kept.indexOf(id) === i);
}

/** The menu for the session's insured place (or the deployment's default region). */
export function menuFor(deps: PolicyDeps, session: Session): IntentId[] {
  return menuIntents(deps.kb, session.slots.insured_region ?? deps.defaultRegion);
}

/** The same menu as button labels: what the core offers for “1” or a rating with nothing to rate (src/app.ts). */
export function menuLabels(deps: PolicyDeps, session: Session): string[] {
  return menuFor(deps, session).map((id) => deps.kb.intent(id).label);
}
