/**
 * Everything the hotline-agent console shows for one question: the top-3 intents with
 * confidence (and, when the guess is weak, each of the three answers to choose from), the answer
 * for the insured region, the other regions' variants, the quoted sources, and the estimate when
 * the question carries region, scheme, hospital class and amount.
 * A stateless look-up beside the turn (no session): the web channel gets it as `agent.answer`.
 * The console sends the question it asked before, so a caller's “湖南的呢” is that question again
 * for 湖南 (the follow-up reading the dialogue uses, src/nlu/cues.ts).
 */
import type { Source } from '../domain/reply.js';
import { isDomainIntent, type IntentId } from '../domain/intents.js';
import type { Region } from '../domain/types.js';
import type { Entities, Understander } from '../domain/understanding.js';
import type { Coverage, KnowledgeBase, RuleLevel, SelectedAnswer } from '../knowledge/base.js';
import type { Answer, RateClass, RateTable } from '../knowledge/schema.js';
import { PERSON_CATEGORY_LABEL, SCHEME_LABEL } from '../knowledge/labels.js';
import { promptTable } from '../knowledge/prompt-table.js';
import { estimate, pct, yuan } from '../rules/estimate.js';
import { everyClassFigures, formula, outOfProvince, plainClass } from '../dialogue/flows/estimate.js';
import { matchClass, OUT_OF_PROVINCE } from '../dialogue/flows/steps.js';
import { placeFollowUp, turnsOnTrip } from '../nlu/cues.js';

/**
 * Below this the console says the guess is uncertain and offers the top 3 instead of presenting
 * one answer as the answer (a 32% guess read out to a caller as fact is the failure it prevents).
 */
export const LOW_CONFIDENCE = 0.5;

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

/** One intent's answer for the region, the national rule, and its other variants. */
export interface IntentAnswer {
  intent: IntentId;
  intent_title: string;
  label: string;
  confidence: number;
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

export interface EstimateView {
  title: string;
  cases: Array<{ label: string; fund: string; self_pay: string; formula: string }>;
  notes: string[];
  sources: Source[];
  /**
   * What the question lacks for one figure (the region published rates): the slots to ask the caller
   * for, named in `title`. Empty when the figure is given; without the class, every class side by side.
   */
  missing: Array<'scheme' | 'hospital_class' | 'amount'>;
}

export interface AgentAnswer extends IntentAnswer {
  q: string;
  ranking: Array<{ intent: IntentId; confidence: number; label: string }>;
  /** The top guess is too weak to present as the answer: `choices` holds the topics of ours among the top 3 to pick from. */
  low_confidence: boolean;
  choices: IntentAnswer[];
  entities: Entities;
  /** The region the answer is for: named in the question, else the one the console sent. */
  region: Region | null;
  region_from_question: boolean;
  covered_region: Region | null;
  estimate: EstimateView | null;
  /**
   * The earlier question this one only named another place for (“湖南的呢” after “…要什么材料”):
   * it was answered again for that place, and stays the question to follow up on. Null otherwise.
   */
  follow_up_of: string | null;
}

function view(kb: KnowledgeBase, a: Answer): AnswerView {
  return {
    region: a.region ? { code: a.region, name: kb.regionName(a.region) ?? a.region } : null,
    person_category: a.person_category ?? null,
    person_category_label: a.person_category ? kb.say(PERSON_CATEGORY_LABEL[a.person_category]) : null,
    scheme: a.scheme ?? null,
    scheme_label: a.scheme ? kb.say(SCHEME_LABEL[a.scheme]) : null,
    basis: a.basis,
    // An agent reads it to a caller: no reply box, no buttons — the chat's “回复“详情”” in the console's words.
    text: kb.inWordsOf('agent', a.text),
    detail: a.detail === undefined ? null : kb.inWordsOf('agent', a.detail),
    sources: kb.sources(a.citations),
  };
}

function framed(kb: KnowledgeBase, sel: SelectedAnswer): NonNullable<IntentAnswer['answer']> {
  return {
    coverage: sel.coverage, level: sel.level,
    label: sel.before.map((t) => kb.inWordsOf('agent', t)), notes: sel.after.map((t) => kb.inWordsOf('agent', t)),
    ...view(kb, sel.answer), sources: kb.sources(sel.citations),
  };
}

/**
 * An intent's answer for the caller's entities. An intent that is no policy (out of scope, a greeting, 转人工)
 * gets its reply as it stands: framed like a policy answer it read “以下是全国统一规定（国家规定，）：” over
 * “不在我能解答的范围内”, followed by the caller's 医保部门 deciding the details and that sentence's sources — a
 * national rule nobody wrote.
 */
function intentAnswer(kb: KnowledgeBase, intent: IntentId, confidence: number, entities: Entities): IntentAnswer {
  const file = kb.intent(intent);
  const selected = file.answers.length > 0 ? kb.selectAnswer(intent, entities) : undefined;
  const heading = { intent, intent_title: file.title, label: file.label, confidence };
  if (!isDomainIntent(intent)) {
    const answer = selected ? { coverage: selected.coverage, level: 'none' as const, label: [], notes: [], ...view(kb, selected.answer) } : null;
    return { ...heading, answer, national: null, variants: [] };
  }
  const national = file.answers.length > 0 ? kb.selectAnswer(intent, { ...entities, insured_region: undefined }) : undefined;
  return {
    ...heading,
    answer: selected ? framed(kb, selected) : null,
    national: national ? view(kb, national.answer) : null,
    variants: file.answers.filter((a) => a !== selected?.answer && a !== national?.answer).map((a) => view(kb, a)),
  };
}

/**
 * The estimate, as the estimate flow computes and words it (src/rules/estimate.ts on the region's
 * published table, prompts/estimate.yaml): the base case and each reduction the table names for
 * the class, side by side. A destination outside the region's province is its 省外 class, as in the
 * flow. Where the question asks for the figure (`asked`: the estimate read, or an amount named) but
 * lacks the scheme, the class or the amount, what is missing is said with the table's lines; without
 * only the class, every class side by side (never one guessed). Null where the region published no
 * rates — never another region's figures — or nothing asks for a figure.
 */
function consoleEstimate(kb: KnowledgeBase, e: Entities, region: Region | undefined, asked = false): EstimateView | null {
  const table = kb.rateTable(region);
  if (!table) return null;
  const { scheme, amount } = e;
  const inferred = !e.hospital_class && region && outOfProvince(kb, { insured_region: region, destination: e.destination, scheme });
  const classId = e.hospital_class ?? (inferred ? OUT_OF_PROVINCE : undefined);
  const cls = scheme && classId ? matchClass(table.schemes[scheme].classes, classId) : undefined;
  if (!scheme || !cls || amount === undefined) return asked || amount !== undefined ? partialEstimate(kb, table, e, classId, cls) : null;
  const rates = table.schemes[scheme];
  const reductions = table.reductions.filter((r) => r.classes.includes(cls.id));
  const cases = [
    { label: kb.say('estimate.case.filed_or_not'), reduction: undefined },
    ...reductions.map((r) => ({ label: kb.say('estimate.case.reduced', { label: r.label, reduction: pct(r.reduction) }), reduction: r.id })),
  ].map((c) => ({ label: c.label, e: estimate({ table, scheme, classId: cls.id, amount, reduction: c.reduction }) }));
  const notes = [
    ...(inferred && e.destination ? [kb.say('agent.estimate.class_inferred', { destination: kb.placeName(e.destination), class: cls.label })] : []),
    ...(reductions.length ? [kb.say('estimate.interpretation', { note: table.reduction_interpretation.note })] : []),
    ...(cases.some((c) => c.e.cappedAt !== undefined)
      ? [kb.say('estimate.cap', { basic_cap: yuan(rates.basic_cap), serious_illness_cap: yuan(rates.serious_illness_cap) })]
      : []),
    kb.say('estimate.assumptions'),
  ];
  const citations = [cls.citation, rates.caps_citation, table.scope_citation, ...reductions.map((r) => r.citation)];
  return {
    title: kb.say('estimate.basis', {
      region: table.region.name, scheme: kb.say(SCHEME_LABEL[scheme]), class: cls.label, deductible: yuan(cls.deductible),
      ratio: pct(cls.ratio), amount: yuan(amount),
      discount: cls.expense_discount ? kb.say('estimate.basis.discount', { discount: pct(cls.expense_discount) }) : '',
    }),
    cases: cases.map((c) => ({ label: c.label, fund: yuan(c.e.fund), self_pay: yuan(c.e.selfPay), formula: formula(kb, c.e) })),
    notes,
    sources: kb.sources(citations),
    missing: [],
  };
}

/** What the caller is asked for, by what the estimate lacks. */
const MISSING_SAID: Readonly<Record<EstimateView['missing'][number], string>> = promptTable({
  scheme: 'agent.estimate.missing.scheme',
  hospital_class: 'agent.estimate.missing.hospital_class',
  amount: 'agent.estimate.missing.amount',
});

/**
 * “芮城职工 三类医院 能报多少” (no amount), “芮城 花了2万 能报多少” (no scheme): what to ask the caller
 * for, in the title, and the table's lines for the scheme (each scheme's, when it is not known) with
 * their sources. With the scheme and the amount, a class that is missing or not the table's: the
 * amount for every class side by side, with no reduction, as the flow shows it.
 */
function partialEstimate(kb: KnowledgeBase, table: RateTable, e: Entities, classId: string | undefined, cls: RateClass | undefined): EstimateView {
  const region = table.region.name;
  const { scheme, amount } = e;
  // The class is missing where none was named, or the one named is not the scheme's (居民's table has no 一类 of its own).
  const missing: EstimateView['missing'] = [
    ...(scheme ? [] : ['scheme' as const]), ...(cls || (!scheme && classId) ? [] : ['hospital_class' as const]), ...(amount === undefined ? ['amount' as const] : []),
  ];
  const needs = missing.map((m) => kb.say(MISSING_SAID[m], { region })).join('、');
  const schemes = scheme ? [scheme] : (Object.keys(table.schemes) as Array<keyof typeof table.schemes>);
  if (scheme && amount !== undefined) {
    const { rows, notes, citations } = everyClassFigures(kb, table, scheme, amount, table.schemes[scheme].classes);
    return {
      title: kb.say('agent.estimate.every_class', { region, scheme: kb.say(SCHEME_LABEL[scheme]), amount: yuan(amount) }),
      cases: rows.map(({ cls: c, e: r }) => ({ label: c.label, fund: yuan(r.fund), self_pay: yuan(r.selfPay), formula: formula(kb, r) })),
      notes: [kb.say('agent.estimate.needs', { needs }), ...notes],
      sources: kb.sources(citations),
      missing,
    };
  }
  // The table's lines for what is known: the class named (in each scheme, where the scheme is not), else every class.
  const rows = schemes.flatMap((s) => {
    const classes = table.schemes[s].classes;
    const named = classId ? matchClass(classes, classId) : undefined;
    return (named ? [named] : classes).map((c) => ({ s, c }));
  });
  return {
    title: kb.say('agent.estimate.missing', { region, needs }),
    cases: [],
    notes: [
      ...rows.map(({ s, c }) => (scheme ? plainClass(kb, c) : `${kb.say(SCHEME_LABEL[s])}：${plainClass(kb, c)}`)),
      ...(table.classes_note && missing.includes('hospital_class') ? [table.classes_note] : []),
    ],
    sources: kb.sources(rows.map(({ c }) => c.citation)),
    missing,
  };
}

export interface AgentAid {
  /**
   * The region the question names wins; `regionGiven` (the console's picker) answers the rest.
   * `previous`: the question asked before, answered again when `q` only names another place.
   */
  answer(q: string, regionGiven?: Region, previous?: string): AgentAnswer;
  /** The regions whose notices the corpus holds (the console's picker). */
  regions(): Region[];
}

export function createAgentAid(deps: { kb: KnowledgeBase; nlu: Understander }): AgentAid {
  return {
    answer: (q, region, previous) => agentAnswer(deps.kb, deps.nlu, q, region, previous),
    regions: () => deps.kb.regions.map((r) => ({ code: r.code, name: r.name })),
  };
}

/**
 * The question's own region wins: a caller who says 寿光 is answered for 寿光 whatever the picker
 * shows. `regionGiven` (the console's picker, kept from the last question) answers the rest.
 * A question that only names another place (“湖南的呢”, “换成芮城的呢”, “那去北京呢”) after one of
 * our topics is that earlier question for the place: as the insured place it is the answer's region
 * (the picker follows it), as where the person goes it replaces the earlier destination.
 */
export function agentAnswer(kb: KnowledgeBase, nlu: Understander, q: string, regionGiven?: Region, previous?: string): AgentAnswer {
  const asked = nlu.parse(q);
  // The previous question's places tell a bare place's role (“那上海呢” after a trip to 北京: where the caller goes).
  const before = previous && placeFollowUp(asked) ? nlu.parse(previous) : undefined;
  const follow = before ? placeFollowUp(asked, { ...before.entities, trip: turnsOnTrip(before.intent, before.normalized) }) : undefined;
  const earlier = before;
  const again = follow && earlier && isDomainIntent(earlier.intent);
  const u = again ? { ...earlier, entities: { ...earlier.entities, [follow.role]: follow.place } } : asked;
  const named = u.entities.insured_region;
  const region = named ?? regionGiven;
  const entities: Entities = { ...u.entities, ...(region ? { insured_region: region } : {}) };
  const low = u.intent === 'out_of_scope' || u.confidence < LOW_CONFIDENCE;
  const covered = kb.covering(region);
  const top = u.ranking.slice(0, 3);
  return {
    q,
    ...intentAnswer(kb, u.intent, u.confidence, entities),
    ranking: top.map((r) => ({ ...r, label: kb.intent(r.intent).label })),
    low_confidence: low,
    // What the caller may have meant is a topic of ours: 确认 or 再见 in the top 3 is no reading to offer an agent.
    choices: low ? top.filter((r) => isDomainIntent(r.intent)).map((r) => intentAnswer(kb, r.intent, r.confidence, entities)) : [],
    entities: u.entities,
    region: region ?? null,
    region_from_question: named !== undefined,
    covered_region: covered ? { code: covered.code, name: covered.name } : null,
    estimate: consoleEstimate(kb, entities, region, u.intent === 'reimbursement_estimate'),
    follow_up_of: again ? previous! : null,
  };
}
