/**
 * Everything the hotline-agent console shows for one question: the top-3 intents with
 * confidence, the answer for the chosen region, the other regions' variants, the quoted sources.
 * A stateless look-up beside the turn (no session): the web channel gets it as `agent.answer`.
 */
import type { Source } from '../domain/reply.js';
import type { IntentId } from '../domain/intents.js';
import { PERSON_CATEGORY_LABELS, SCHEME_LABELS, type Region } from '../domain/types.js';
import type { Entities, Understander } from '../domain/understanding.js';
import type { Coverage, KnowledgeBase, RuleLevel, SelectedAnswer } from '../knowledge/base.js';
import type { Answer } from '../knowledge/schema.js';

export interface AnswerView {
  region: Region | null;
  person_category: string | null;
  person_category_label: string | null;
  scheme: string | null;
  scheme_label: string | null;
  basis: Answer['basis'];
  text: string;
  detail: string | null;
  sources: Source[];
}

export interface AgentAnswer {
  q: string;
  intent: IntentId;
  intent_title: string;
  confidence: number;
  ranking: Array<{ intent: IntentId; confidence: number; label: string }>;
  entities: Entities;
  region: Region | null;
  covered_region: Region | null;
  /**
   * The answer for the region; `level` says which rule answered (local notice, national rules, or
   * neither), `label` and `notes` are the sentences read before and after it (全国统一规定 with its
   * 文号; a later national rule; who decides the details).
   */
  answer: (AnswerView & { coverage: Coverage; level: RuleLevel; label: string[]; notes: string[] }) | null;
  /** The national rule for the same person category: the console's own column. */
  national: AnswerView | null;
  variants: AnswerView[];
}

function view(kb: KnowledgeBase, a: Answer): AnswerView {
  return {
    region: a.region ? { code: a.region, name: kb.regionName(a.region) ?? a.region } : null,
    person_category: a.person_category ?? null,
    person_category_label: a.person_category ? PERSON_CATEGORY_LABELS[a.person_category] : null,
    scheme: a.scheme ?? null,
    scheme_label: a.scheme ? SCHEME_LABELS[a.scheme] : null,
    basis: a.basis,
    text: a.text,
    detail: a.detail ?? null,
    sources: kb.sources(a.citations),
  };
}

function framed(kb: KnowledgeBase, sel: SelectedAnswer): NonNullable<AgentAnswer['answer']> {
  return {
    coverage: sel.coverage, level: sel.level, label: sel.before, notes: sel.after,
    ...view(kb, sel.answer), sources: kb.sources(sel.citations),
  };
}

export interface AgentAid {
  /** `regionGiven` (the console's picker) wins over a region named in the question. */
  answer(q: string, regionGiven?: Region): AgentAnswer;
  /** The regions whose notices the corpus holds (the console's picker). */
  regions(): Region[];
}

export function createAgentAid(deps: { kb: KnowledgeBase; nlu: Understander }): AgentAid {
  return {
    answer: (q, region) => agentAnswer(deps.kb, deps.nlu, q, region),
    regions: () => deps.kb.regions.map((r) => ({ code: r.code, name: r.name })),
  };
}

function agentAnswer(kb: KnowledgeBase, nlu: Understander, q: string, regionGiven?: Region): AgentAnswer {
  const u = nlu.parse(q);
  const region = regionGiven ?? u.entities.insured_region;
  const intentFile = kb.intent(u.intent);
  const selected = intentFile.answers.length > 0
    ? kb.selectAnswer(u.intent, { ...u.entities, ...(region ? { insured_region: region } : {}) })
    : undefined;
  const covered = kb.covering(region);
  const national = intentFile.answers.length > 0
    ? kb.selectAnswer(u.intent, { ...u.entities, insured_region: undefined })
    : undefined;
  return {
    q,
    intent: u.intent,
    intent_title: intentFile.title,
    confidence: u.confidence,
    ranking: u.ranking.slice(0, 3).map((r) => ({ ...r, label: kb.intent(r.intent).label })),
    entities: u.entities,
    region: region ?? null,
    covered_region: covered ? { code: covered.code, name: covered.name } : null,
    answer: selected ? framed(kb, selected) : null,
    national: national ? view(kb, national.answer) : null,
    variants: intentFile.answers.filter((a) => a !== selected?.answer && a !== national?.answer).map((a) => view(kb, a)),
  };
}
