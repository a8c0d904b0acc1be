/** Turns knowledge into replies: the answer text, its source card, and follow-up buttons. */
import type { Reply } from '../domain/reply.js';
import type { IntentId } from '../domain/intents.js';
import type { KnowledgeBase, SelectedAnswer } from '../knowledge/base.js';
import type { Citation } from '../knowledge/schema.js';

/** The covered regions and “其他地区” (which asks the person to type their region). */
export function regionChoices(kb: KnowledgeBase): Reply {
  return { type: 'choices', options: [...kb.regions.map((r) => r.name), kb.say('dialogue.choice.other_region')] };
}

export function followupChoices(kb: KnowledgeBase, ids: readonly IntentId[]): Reply[] {
  const options = ids.map((id) => kb.intent(id).label);
  return options.length ? [{ type: 'choices', options }] : [];
}

export function sourceCard(kb: KnowledgeBase, title: string, text: string, citations: readonly Citation[]): Reply {
  return { type: 'card', title, text, source: kb.sources(citations) };
}

export interface RenderedAnswer {
  replies: Reply[];
  detail?: string;
}

/**
 * The replies for a selected answer: the label of its level (national rules say so, with their
 * 文号), the answer, a later national rule that differs and who decides the details — all chosen
 * and worded by the knowledge base (prompts/national.yaml).
 */
export function renderAnswer(kb: KnowledgeBase, sel: SelectedAnswer): RenderedAnswer {
  const { intent, answer } = sel;
  const replies: Reply[] = [{ type: 'text', text: [...sel.before, answer.text, ...sel.after].join('\n') }];
  if (sel.citations.length > 0) {
    const title = sel.level === 'local' && sel.region
      ? kb.say('dialogue.answer.title', { title: intent.title, region: sel.region.name })
      : sel.level === 'national' ? kb.say('national.card_title', { title: intent.title }) : intent.title;
    replies.push(sourceCard(kb, title, answer.detail ?? answer.text, sel.citations));
  }
  replies.push(...followupChoices(kb, [...intent.followups, ...kb.flowsOfferedAfter(intent.id)]));
  return { replies, ...(answer.detail ? { detail: answer.detail } : {}) };
}
