/** Turns knowledge into replies: the answer text, its source card, and follow-up buttons. */
import type { Reply } from '../domain/reply.js';
import type { IntentId } from '../domain/intents.js';
import type { Region } from '../domain/types.js';
import type { KnowledgeBase, SelectedAnswer } from '../knowledge/base.js';
import type { Citation } from '../knowledge/schema.js';

export const REGION_CHOICES_OTHER = '其他地区';

export function regionChoices(kb: KnowledgeBase): Reply {
  return { type: 'choices', options: [...kb.regions.map((r) => r.name), REGION_CHOICES_OTHER] };
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

/** The replies for a selected answer, with the note the coverage calls for. */
export function renderAnswer(kb: KnowledgeBase, sel: SelectedAnswer, insured?: Region): RenderedAnswer {
  const { intent, answer } = sel;
  const notes: string[] = [];
  if (sel.coverage === 'uncovered' && insured) {
    notes.push(`我们收录的政策文件不包括${insured.name}的具体规定，以下是各地共同的规则；具体请以${insured.name}医保经办机构的答复为准。`);
  } else if (sel.coverage === 'national_for_covered' && sel.region && answer.citations.length > 0) {
    notes.push(`${sel.region.name}的政策文件对此没有单独说明，以下是各地共同的规则。`);
  }
  const replies: Reply[] = [{ type: 'text', text: [...notes, answer.text].join('\n') }];
  if (answer.citations.length > 0) {
    const title = sel.coverage === 'specific' && sel.region ? `${intent.title}（${sel.region.name}）` : intent.title;
    replies.push(sourceCard(kb, title, answer.detail ?? answer.text, answer.citations));
  }
  replies.push(...followupChoices(kb, intent.followups));
  return { replies, ...(answer.detail ? { detail: answer.detail } : {}) };
}
