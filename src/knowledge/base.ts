/**
 * Read-only look-ups over the validated knowledge: answers by intent × region × category,
 * the facts of a region, and citations turned into user-facing sources.
 */
import type { IntentId } from '../domain/intents.js';
import type { PersonCategory, Region, Scheme } from '../domain/types.js';
import type { Source } from '../domain/reply.js';
import { coveringRegion, provinceOf, sameProvince } from './coverage.js';
import type { Knowledge, SourceDocument } from './load.js';
import type { Answer, Citation, Conflict, Contact, FilingTrialArea, IntentFile, RateTable, RegistrationRule } from './schema.js';
import { promptTable } from './prompt-table.js';

export interface CoveredRegion extends Region {
  document: string;
}

export type Coverage =
  /** The insured region's own notice has a variant for this question. */
  | 'specific'
  /** The region is covered, but its notice says nothing specific: the national answer applies. */
  | 'national_for_covered'
  /** The insured region is not in the corpus. */
  | 'uncovered'
  /** The insured region is not known yet. */
  | 'unknown_region';

/**
 * Which rule answered: the insured region's own notice (`local`), the national documents
 * (`national`), or neither (`none`: the answer says the sources are silent and where to ask).
 */
export type RuleLevel = 'local' | 'national' | 'none';

/** The channels that say some of the content's words their own way (the kiosk's touch screen, the agent console, a text chat without buttons). */
export type WordsChannel = 'kiosk' | 'agent' | 'text';

/**
 * The trips an answer's source speaks of (`trips` in documents.yaml; a national answer's source is
 * national, so 跨省). A statement that the sources are silent speaks of none. One home for the
 * reading the knowledge base answers by and the content check (validate.ts) holds answers to.
 */
export function sourceTrips(answer: Pick<Answer, 'basis' | 'region'>, documents: readonly SourceDocument[]): SourceDocument['trips'] {
  if (answer.basis === 'not_covered') return 'any';
  if (answer.region === undefined) return 'cross_province';
  return documents.find((d) => d.region?.code === answer.region)?.trips ?? 'any';
}

export interface SelectedAnswer {
  intent: IntentFile;
  answer: Answer;
  coverage: Coverage;
  region?: CoveredRegion;
  level: RuleLevel;
  /** Sentences read before the answer: what the rule is (全国统一规定 with its 文号). */
  before: string[];
  /** Sentences read after it: a later national rule that differs, who decides the details. */
  after: string[];
  /** Every passage the answer and those sentences rest on, for the source card. */
  citations: Citation[];
  /** A declared local-vs-national conflict the answer shows both sides of. */
  conflict?: Conflict;
}

/** What selectAnswer's choice depends on: the person, and where they go (a trip within one province). */
export interface AnswerSlots {
  insured_region?: Region;
  person_category?: PersonCategory;
  scheme?: Scheme;
  destination?: Region;
}

/** Whether the insured place and the destination are both known and in one province (省内异地就医). */
export function inProvinceTrip(slots: Pick<AnswerSlots, 'insured_region' | 'destination'>): boolean {
  const { insured_region: r, destination: d } = slots;
  return r !== undefined && d !== undefined && r.code !== d.code && sameProvince(r.code, d.code);
}

/**
 * Words by which a national document leaves the rule to each place: “原则上” (as a rule, the insured
 * place may set it otherwise), “鼓励” (encouraged, not required) and “探索” (tried, not yet a rule). An
 * answer that says them is not labelled 全国统一规定: its label says what the source says
 * (prompts/national.yaml `*.principle`).
 */
export const DISCRETION = /原则上|鼓励|探索/;

/** The words of DISCRETION a text says, in DISCRETION's order, each once. */
export function discretionTerms(text: string): string[] {
  return DISCRETION.source.split('|').filter((t) => text.includes(t));
}

/** The prompt id of the label a national answer is read under: covered region or not, a rule or a principle. */
export function nationalLabelId(answer: Pick<Answer, 'text'>, covered: boolean): string {
  const principle = DISCRETION.test(answer.text);
  if (covered) return principle ? 'national.label.covered.principle' : 'national.label.covered';
  return principle ? 'national.label.general.principle' : 'national.label.general';
}

/** Each passage once: a repeat, or a passage another one listed contains (the same document), is dropped. */
export function distinctPassages<T extends Pick<Citation, 'doc' | 'quote'>>(citations: readonly T[]): T[] {
  return citations.filter((c, i) => !citations.some((o, j) => o.doc === c.doc &&
    (o.quote === c.quote ? j < i : o.quote.includes(c.quote))));
}

/** A prompt's {name} placeholders; split by it, a prompt's text alternates text and names. */
const PLACEHOLDER = /\{([a-z_][a-z0-9_]*)\}/i;

/**
 * The prompts' sentences said with their {names} filled: KnowledgeBase's `say`, and on its own for a command
 * that needs its words but not the rest of the content (`npm run inbox` with intents/ unreadable says so).
 */
export class PromptWords {
  /** Each prompt said so far, split at its {names} once (a turn says a dozen, each once scanned by a regex with
   * a callback per call): the text between them at even places, the names at odd ones. */
  private readonly templates = new Map<string, string[]>();

  constructor(private readonly prompts: ReadonlyMap<string, { text: string }>) {}

  /** An unknown id or a missing value is a programming error (test/knowledge/prompts.test.ts checks the ids). */
  say(id: string, vars: Readonly<Record<string, string | number>> = {}): string {
    let parts = this.templates.get(id);
    if (parts === undefined) {
      const prompt = this.prompts.get(id);
      if (!prompt) throw new Error(`no prompt ${id} in prompts/`);
      parts = prompt.text.split(PLACEHOLDER);
      this.templates.set(id, parts);
    }
    let text = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) {
      const v = vars[parts[i]!];
      if (v === undefined) throw new Error(`prompt ${id} needs a value for {${parts[i]}}`);
      text += String(v) + parts[i + 1]!;
    }
    return text;
  }
}

/**
 * A kept choice for one caller, with sentence lists of its own. Written out rather than spread: the
 * kept choices have several shapes (with or without a region, a conflict), and a spread of them went
 * to V8's slow generic copy (~3% of a chat turn's CPU in the profile of the policy).
 */
function copySelection(sel: SelectedAnswer): SelectedAnswer {
  const copy: SelectedAnswer = {
    intent: sel.intent, answer: sel.answer, coverage: sel.coverage, level: sel.level,
    before: sel.before.slice(), after: sel.after.slice(), citations: sel.citations.slice(),
  };
  if (sel.region !== undefined) copy.region = sel.region;
  if (sel.conflict !== undefined) copy.conflict = sel.conflict;
  return copy;
}

/** How many of selectAnswer's choices are kept before they are worked out afresh. */
const SELECTIONS_KEPT = 5000;

/**
 * The sentences a declared conflict is told with, by its kind (prompts/national.yaml): the later
 * national rule, then whom to ask which applies now — the closing one, which names 12393.
 */
const CONFLICT_SENTENCES: Record<Conflict['kind'], { later: string; confirm: string }> = promptTable({
  local_silent: { later: 'national.silent.later', confirm: 'national.silent.confirm' },
  local_more_generous: { later: 'national.generous.later', confirm: 'national.generous.confirm' },
  local_stricter: { later: 'national.conflict.later', confirm: 'national.conflict.confirm' },
});

/** A closing sentence naming 12393, and its short form for a reply that has named it already (it names it once). */
interface ClosingSentence { full: string; short: string }
/** A national rule told to someone insured in an uncovered place: that place's 医保部门 decides the details. */
const PLACE_DECIDES_CLOSING: ClosingSentence = promptTable({ full: 'national.insured_place_decides', short: 'national.insured_place_decides.short' });
/** The contacts of an uncovered place: where its own lines are found (no detail a 医保部门 decides). */
const CONTACT_LINES_CLOSING: ClosingSentence = promptTable({ full: 'national.contact.uncovered', short: 'national.contact.uncovered.short' });

/**
 * The national answers about whether and how to file (要备案吗 is answered with eligibility), beside which a trip
 * inside an area that has tried 视同备案 or 免备案 (京津冀, 长三角) is told so; the process, preconditions and
 * 全国漫游 answers quote that passage themselves.
 */
const FILING_TRIAL_TOPICS: ReadonlySet<IntentId> = new Set<IntentId>(['eligibility', 'materials', 'filing_how']);

export class KnowledgeBase {
  readonly regions: CoveredRegion[];
  private readonly intentsById: Map<IntentId, IntentFile>;
  private readonly labelIndex: Map<string, IntentId>;
  /** Each national figure's `contradicted_by` patterns, compiled once here rather than per answer per turn. */
  private readonly contradictions: Map<string, RegExp[]>;
  /** The flows offered after each intent's answer (flows/*.yaml offered_after), indexed once here. */
  private readonly offered = new Map<IntentId, IntentId[]>();
  /** selectAnswer's choices by intent and slots (see there). */
  private readonly selections = new Map<string, SelectedAnswer | undefined>();
  private readonly words: PromptWords;
  private readonly channelWords = new Map<WordsChannel, ReadonlyArray<readonly [string, string]>>();

  /**
   * @param displayName a place's name as shown to a person (nlu's gazetteer knows each district's
   *   and county's city; this layer does not), given by the composition root; its own name by default.
   */
  constructor(readonly knowledge: Knowledge, private readonly displayName: (region: Region) => string = (r) => r.name) {
    this.words = new PromptWords(knowledge.prompts);
    this.regions = knowledge.documents.flatMap((d) => (d.region ? [{ ...d.region, document: d.id }] : []));
    this.intentsById = new Map(knowledge.intents.map((i) => [i.id, i]));
    this.labelIndex = new Map(knowledge.intents.map((i) => [i.label, i.id]));
    this.contradictions = new Map(knowledge.facts.nationalFigures.map((f) => [f.id, f.contradicted_by.map((p) => new RegExp(p, 'u'))]));
    for (const f of knowledge.flows) {
      for (const id of f.offered_after) this.offered.set(id, [...(this.offered.get(id) ?? []), f.intent]);
    }
  }

  /**
   * A place's name as a person reads it: a covered region by its notice's own name (芮城县, 潍坊市),
   * any other place as the composition root shows it (北京市海淀区, not a bare 海淀区).
   */
  placeName(region: Region): string {
    return this.regions.some((r) => r.code === region.code) ? region.name : this.displayName(region);
  }

  /**
   * The sentence with this id from prompts/*.yaml, `{name}` filled from vars. An unknown id or a
   * missing value is a programming error (test/knowledge/prompts.test.ts checks every id the code uses).
   */
  say(id: string, vars: Readonly<Record<string, string | number>> = {}): string {
    return this.words.say(id, vars);
  }

  /**
   * A channel's own words for the chat's (prompts/channels.yaml `channel.words.<key>.written` and
   * `.<channel>`): [as written in the content, as that channel says it], longest first. The kiosk has
   * buttons and a text box, the agent console neither a reply box nor the answer's buttons, so
   * “回复“详情”” or “告诉我您是职工医保还是居民医保” is said there in its own words.
   */
  wordsFor(channel: WordsChannel): ReadonlyArray<readonly [string, string]> {
    let words = this.channelWords.get(channel);
    if (words === undefined) {
      const keys = [...this.knowledge.prompts.keys()].flatMap((id) => /^channel\.words\.([a-z0-9_]+)\.written$/.exec(id)?.[1] ?? []);
      words = keys.filter((key) => this.knowledge.prompts.has(`channel.words.${key}.${channel}`))
        .map((key) => [this.say(`channel.words.${key}.written`), this.say(`channel.words.${key}.${channel}`)] as const)
        .sort((a, b) => b[0].length - a[0].length);
      this.channelWords.set(channel, words);
    }
    return words;
  }

  /** `text` in the channel's own words (`wordsFor`). */
  inWordsOf(channel: WordsChannel, text: string): string {
    let out = text;
    for (const [written, said] of this.wordsFor(channel)) if (out.includes(written)) out = out.split(written).join(said);
    return out;
  }

  /** The citations a policy-stating prompt carries (empty for plain wording). */
  promptCitations(id: string): Citation[] {
    return this.knowledge.prompts.get(id)?.citations ?? [];
  }

  intent(id: IntentId): IntentFile {
    const found = this.intentsById.get(id);
    if (!found) throw new Error(`no intent file for ${id}`);
    return found;
  }

  /**
   * An intent whose answers an operator reworded (/admin/content, src/records/content-edits.ts), checked
   * like the files: every look-up from now on reads it, and the answers chosen so far are worked out afresh.
   * Only answers change this way: the id, label and utterances stay the intent's own.
   */
  replaceIntent(intent: IntentFile): void {
    const at = this.knowledge.intents.findIndex((i) => i.id === intent.id);
    if (at < 0) throw new Error(`no intent file for ${intent.id}`);
    this.knowledge.intents[at] = intent;
    this.intentsById.set(intent.id, intent);
    this.selections.clear();
  }

  /** The intents of the flows offered after this intent's answer (filing late offers the filing), in the flows' order. */
  flowsOfferedAfter(id: IntentId): readonly IntentId[] {
    return this.offered.get(id) ?? [];
  }

  /** An intent whose button label is exactly this text (quick replies come back as text). */
  intentByLabel(text: string): IntentId | undefined {
    return this.labelIndex.get(text.trim());
  }

  document(id: string): SourceDocument | undefined {
    return this.knowledge.documents.find((d) => d.id === id);
  }

  covering(region: Region | undefined): CoveredRegion | undefined {
    return region ? coveringRegion(region.code, this.regions) : undefined;
  }

  regionByName(text: string): CoveredRegion | undefined {
    const t = text.trim();
    return this.regions.find((r) => r.name === t || r.name.replace(/[市省县]$/, '') === t);
  }

  /**
   * Whether the person's place lets them file late (补办): a place no notice covers is answered by the national rules,
   * which allow it; a covered place only where its notice records how far a late filing reaches back
   * (corpus/facts/deadlines.yaml late_filing_backdate: 潍坊). 湖南's and 芮城's notices are silent on it.
   */
  allowsLateFiling(region: Region | undefined): boolean {
    const covered = this.covering(region);
    if (!covered) return true;
    return this.knowledge.facts.deadlines.some((d) => d.kind === 'late_filing_backdate' && d.region.code === covered.code);
  }

  rateTable(region: Region | undefined): RateTable | undefined {
    const covered = this.covering(region);
    return covered ? this.knowledge.facts.rates.find((t) => t.region.code === covered.code) : undefined;
  }

  /**
   * The answer for the person's region and category. A covered region's own rule first; where
   * its notice is silent, the national rule, labelled as national; for any other insured place
   * the national rule and a sentence that the place's own 医保部门 decides the details. A local
   * rule that a later national rule differs from is followed by that rule (corpus/facts/conflicts.yaml).
   */
  selectAnswer(
    id: IntentId,
    slots: AnswerSlots,
  ): SelectedAnswer | undefined {
    // The choice depends on the knowledge, fixed once this is made, and on these slots alone: worked
    // out once per combination (it was ~5% of a chat turn's CPU, every turn that answers), the
    // sentence lists copied for each caller, who may add to them.
    const r = slots.insured_region;
    // The destination matters to an in-province trip's answer and, for the filing topics alone, to a trip within a
    // 视同备案 area: only then is it part of the key (a 京津冀 trip must not split every other topic's entry).
    const trip = inProvinceTrip(slots) || (FILING_TRIAL_TOPICS.has(id) && this.filingTrialArea(slots))
      ? `${slots.destination!.code}\u0000${slots.destination!.name}` : '';
    const key = `${id}\u0000${r?.code ?? ''}\u0000${r?.name ?? ''}\u0000${slots.person_category ?? ''}\u0000${slots.scheme ?? ''}\u0000${trip}`;
    let sel = this.selections.get(key);
    if (sel === undefined && !this.selections.has(key)) {
      sel = this.select(id, slots);
      // Bounded: places are many, the combinations people ask about few.
      if (this.selections.size >= SELECTIONS_KEPT) this.selections.clear();
      this.selections.set(key, sel);
    }
    return sel && copySelection(sel);
  }

  private select(id: IntentId, slots: AnswerSlots): SelectedAnswer | undefined {
    const intent = this.intent(id);
    const region = this.covering(slots.insured_region);
    // An in_province answer only for a trip inside the insured place's province, and first then.
    const inProvince = inProvinceTrip(slots);
    const score = (a: Answer) =>
      (a.person_category ? (a.person_category === slots.person_category ? 2 : -10) : 0) +
      (a.scheme ? (a.scheme === slots.scheme ? 1 : -10) : 0) +
      (a.scope === 'in_province' ? (inProvince ? 4 : -10) : 0);
    const best = (list: Answer[]) =>
      list.filter((a) => score(a) >= 0).sort((a, b) => score(b) - score(a))[0];
    const national = best(intent.answers.filter((a) => a.region === undefined))
      ?? intent.answers.find((a) => a.region === undefined && !a.person_category && !a.scheme && a.scope !== 'in_province')
      ?? intent.answers.find((a) => a.region === undefined && a.scope !== 'in_province');

    if (region) {
      const specific = best(intent.answers.filter((a) => a.region === region.code));
      if (specific) return this.frame({ intent, answer: specific, coverage: 'specific', region }, slots);
      return national && this.frame({ intent, answer: national, coverage: 'national_for_covered', region }, slots);
    }
    if (!national) return undefined;
    return this.frame({ intent, answer: national, coverage: slots.insured_region ? 'uncovered' : 'unknown_region' }, slots);
  }

  /** The level, the label and the closing sentences of a chosen answer (the sentences are prompts/national.yaml). */
  private frame(sel: Pick<SelectedAnswer, 'intent' | 'answer' | 'coverage' | 'region'>, slots: AnswerSlots): SelectedAnswer {
    const { answer } = sel;
    const level: RuleLevel = answer.region !== undefined ? 'local' : answer.basis === 'sourced' ? 'national' : 'none';
    const before: string[] = [];
    const after: string[] = [];
    const citations = [...answer.citations];
    const insured = slots.insured_region;
    if (level === 'national') {
      const documents = this.documentNumbers(answer.citations);
      const covered = sel.coverage === 'national_for_covered' && sel.region ? sel.region : undefined;
      const terms = discretionTerms(answer.text).map((t) => `“${t}”`).join('');
      // the choice nationalLabelId makes (the validator holds the labels to it), each prompt said by name
      const principle = nationalLabelId(answer, covered !== undefined).endsWith('.principle');
      if (covered) {
        const vars = { region: covered.name, documents, terms };
        before.push(principle ? this.say('national.label.covered.principle', vars) : this.say('national.label.covered', vars));
      } else {
        before.push(principle ? this.say('national.label.general.principle', { documents, terms }) : this.say('national.label.general', { documents }));
      }
    }
    // A trip inside the insured place's province told a rule its source gives for 跨省 trips only:
    // said first, and whose rules decide (unless the closing sentence for an uncovered place says so).
    const crossOnly = level !== 'none' && inProvinceTrip(slots) && this.answerScope(answer) === 'cross_province';
    // Who answers for the 省内 trip closes the reply, after any national rule beside the local one.
    const closing: string[] = [];
    if (crossOnly && insured && slots.destination) {
      const trip = { from: this.placeName(insured), to: this.placeName(slots.destination) };
      before.unshift(level === 'national'
        ? this.say('national.in_province.national', trip)
        : this.say('national.in_province.local', { ...trip, region: sel.region?.name ?? trip.from }));
      if (sel.coverage !== 'uncovered') {
        closing.push(this.say('national.in_province.ask', { place: trip.from }));
        citations.push(...this.promptCitations('national.in_province.ask'));
      }
    }
    if (level === 'none' && sel.coverage === 'uncovered' && insured) {
      before.push(this.say('national.none.uncovered', { place: this.placeName(insured) }));
    }
    // The contacts of a place no notice covers: that none of its lines is held comes first, before the
    // national channel (a hotline agent reading /api/answer aloud otherwise implies the rule is the place's).
    if (sel.intent.id === 'contact' && sel.coverage === 'uncovered' && insured) {
      before.unshift(this.say('dialogue.contacts.uncovered', { place: this.placeName(insured) }));
    }
    if (sel.intent.id === 'contact' && level !== 'local' && sel.coverage === 'uncovered' && insured) {
      // Phone numbers are no detail a 医保部门 decides “按当地规定”: where the place's lines are found instead.
      const lines = this.closingSentence(CONTACT_LINES_CLOSING, this.placeName(insured), answer.text);
      after.push(lines.text);
      citations.push(...lines.citations);
    } else if (level !== 'local' && sel.coverage === 'uncovered' && insured) {
      // 天津 → 廊坊 asking whether to file: the 2024 notice's 京津冀、长三角 trials said, and who answers for this trip.
      const area = level === 'national' && FILING_TRIAL_TOPICS.has(sel.intent.id) ? this.filingTrialArea(slots) : undefined;
      if (area && slots.destination && !answer.text.includes(area.name)) {
        const doc = this.document(area.citation.doc);
        after.push(this.say('national.filing_trial_area', {
          from: this.placeName(insured), to: this.placeName(slots.destination), area: area.name, number: doc?.number ?? area.citation.doc,
        }));
        citations.push(...this.promptCitations('national.filing_trial_area'));
      }
      // An answer that already points to 12393 is not told it again: the place alone closes it.
      const decides = this.insuredPlaceDecides(this.placeName(insured), answer.text);
      after.push(decides.text);
      citations.push(...decides.citations);
    }
    const conflict = level === 'local' && sel.region
      ? this.conflictFor(sel.intent.id, sel.region.code, answer.person_category ?? slots.person_category, answer)
      : undefined;
    if (conflict && sel.region) {
      const doc = this.document(conflict.national.doc);
      const later = {
        region: sel.region.name,
        number: doc?.number ?? conflict.national.doc,
        year: doc?.date?.slice(0, 4) ?? '',
        text: conflict.national.text,
      };
      // a notice silent on the rule is not said to differ from it; one more generous is not said to contradict it
      const region = { region: sel.region.name };
      // An earlier national rule the later one neither repeats nor repeals: first, dated, then the later one.
      const earlierRule = conflict.national.earlier;
      const earlierDoc = earlierRule && this.document(earlierRule.doc);
      const dated = earlierRule
        ? {
          number: earlierDoc?.number ?? earlierRule.doc, year: earlierDoc?.date?.slice(0, 4) ?? '', text: earlierRule.text,
          later_year: later.year,
        }
        : undefined;
      const told = CONFLICT_SENTENCES[conflict.kind];
      if (conflict.kind === 'local_silent' && dated) {
        after.push(
          this.say('national.silent.earlier', { ...dated, region: sel.region.name }),
          this.say('national.beside.later', later),
          this.say('national.beside.open', { year: dated.year, later_year: dated.later_year }),
          this.say(told.confirm, region),
        );
        citations.push(...earlierRule!.citations);
      } else {
        after.push(this.say(told.later, later), this.say(told.confirm, region));
      }
      // The closing sentence names 12393: its passage goes with the national rule's.
      citations.push(...conflict.national.citations, ...this.promptCitations(told.confirm));
    }
    after.push(...closing);
    return { ...sel, level, before, after, citations: distinctPassages(citations), ...(conflict ? { conflict } : {}) };
  }

  /**
   * That `place`'s 医保部门 decides the details (a national rule told to someone insured there), with 12393 —
   * unless `said`, the reply's words so far, already names 12393 (a reply names it once).
   */
  insuredPlaceDecides(place: string, said: string): { text: string; citations: Citation[] } {
    return this.closingSentence(PLACE_DECIDES_CLOSING, place, said);
  }

  /** A closing sentence for `place`, with its passages: the short form where `said` already names 12393. */
  private closingSentence(ids: ClosingSentence, place: string, said: string): { text: string; citations: Citation[] } {
    const id = /12393/.test(said) ? ids.short : ids.full;
    return { text: this.say(id, { place }), citations: [...this.promptCitations(id)] };
  }

  /**
   * The trips an answer speaks of: its own `scope`, else its source's (`trips` in documents.yaml; a
   * national answer's source is national, so 跨省). A statement that the sources are silent speaks of none.
   */
  answerScope(answer: Answer): 'any' | 'cross_province' | 'in_province' {
    return answer.scope ?? sourceTrips(answer, this.knowledge.documents);
  }

  /**
   * The declared conflict a local answer must show the later national rule for, if any (a notice
   * silent on a national rule shows it the same way, as `local_silent`). With the
   * answer given, only when that answer states the differing rule: the note says “the notice above
   * differs”, which confuses a person when nothing above says it (武汉's general steps, no 一次有效).
   */
  conflictFor(intent: IntentId, regionCode: string, category: PersonCategory | undefined, answer?: Answer): Conflict | undefined {
    return this.knowledge.facts.conflicts.find((c) =>
      c.region.code === regionCode && c.intents.includes(intent) &&
      // an answer for no particular category may state the rule for all of them, the differing one included
      (c.person_categories.length === 0 || category === undefined || c.person_categories.includes(category)) &&
      (answer === undefined || this.statesLocalRule(answer, c)));
  }

  /** Whether an answer quotes the conflict's local passage or words a figure the national rule contradicts. */
  private statesLocalRule(answer: Answer, conflict: Conflict): boolean {
    if (answer.citations.some((q) => q.doc === conflict.local.doc && q.quote === conflict.local.quote)) return true;
    const patterns = this.contradictions.get(conflict.figure) ?? [];
    if (patterns.length === 0) return false;
    const said = [answer.text, answer.detail ?? ''].join('\n');
    return patterns.some((re) => re.test(said));
  }

  /**
   * “医保发〔2022〕22号、医保发〔2024〕21号”: the 文号 of the national documents cited, in order. A notice quoted
   * with its annex (医保发〔2022〕22号附件, the 经办规程) is named with it, as cited: “医保发〔2022〕22号及其附件”
   * (the label named the notice alone, and an agent read a 经办规程 rule to a caller as the notice's).
   */
  documentNumbers(citations: readonly Citation[]): string {
    const numbers = citations.flatMap((c) => {
      const d = this.document(c.doc);
      return d?.level === 'national' && d.number ? [d.number] : [];
    });
    const unique = [...new Set(numbers)];
    const annexOf = (n: string) => unique.find((m) => m !== n && m.startsWith(n));
    return unique.filter((n) => !unique.some((m) => m !== n && n.startsWith(m)))
      .map((n) => (annexOf(n) ? this.say('national.documents.with_annex', { number: n }) : n))
      .join('、');
  }

  /** Whether an intent's answer differs by region (so the region must be asked for). */
  variesByRegion(id: IntentId): boolean {
    const intent = this.intent(id);
    return intent.region_prompt && intent.slots.includes('insured_region') && intent.answers.some((a) => a.region !== undefined);
  }

  /** All region variants of an intent, for the agent console. */
  variants(id: IntentId): Answer[] {
    return this.intent(id).answers.filter((a) => a.region !== undefined);
  }

  /** The source card's passages: each once, and none that another passage listed contains. */
  sources(citations: readonly Citation[]): Source[] {
    return distinctPassages(citations).map((c) => ({
      document: c.doc,
      title: this.document(c.doc)?.title ?? c.doc,
      quote: c.quote,
    }));
  }

  contacts(region: Region | undefined): Contact[] {
    const covered = this.covering(region);
    if (!covered) return [];
    const all = this.knowledge.facts.contacts.filter((c) => c.region.code === covered.code);
    const district = region && all.filter((c) => c.district_code === region.code || (region.zone !== undefined && c.district === region.zone));
    return district && district.length > 0 ? district : all;
  }

  /** The insured place's notice's definition of the 异地安置退休人员 by the 户籍 moved, if it has one. */
  /** The area (京津冀, 长三角) holding both the insured place's and the destination's provinces, when they differ. */
  filingTrialArea(slots: Pick<AnswerSlots, 'insured_region' | 'destination'>): FilingTrialArea | undefined {
    const { insured_region: r, destination: d } = slots;
    if (!r || !d || sameProvince(r.code, d.code)) return undefined;
    const holds = (a: FilingTrialArea, code: string) => a.provinces.some((p) => p.code === provinceOf(code));
    return this.knowledge.facts.filingTrialAreas.find((a) => holds(a, r.code) && holds(a, d.code));
  }

  resettledByRegistration(region: Region | undefined): RegistrationRule | undefined {
    const covered = this.covering(region);
    return covered ? this.knowledge.facts.resettledByRegistration.find((r) => r.region.code === covered.code) : undefined;
  }

  regionName(code: string): string | undefined {
    return this.regions.find((r) => r.code === code)?.name;
  }
}
