/**
 * Places compared in one question (“武汉和潍坊的异地备案有什么不同”): each place's own answer, side
 * by side, each titled with its place and carrying its own source — the look-up the agent console
 * uses for its variants (`KnowledgeBase.selectAnswer`), one place at a time. Which of the places is
 * the person's is not known, so none is remembered as theirs.
 */
import type { Reply } from '../domain/reply.js';
import { isAdjacentIntent, isDomainIntent, type IntentId } from '../domain/intents.js';
import type { PlaceMention, Understanding } from '../domain/understanding.js';
import { within, type Region } from '../domain/types.js';
import type { KnowledgeBase, RuleLevel } from '../knowledge/base.js';
import { COMPARE_JOIN, COMPARE_RATES_TEXT, COMPARE_TEXT, LIKELY_FLOOR } from '../nlu/cues.js';
import { cityProperEnd, findMentions } from '../nlu/entities/regions.js';
import { gazetteer } from '../nlu/gazetteer.js';
import { flowStartedBy } from './flows/engine.js';
import { followupChoices, renderAnswer } from './render.js';

/** At most this many places are answered side by side (a WeChat message holds a few answers). */
const MAX_PLACES = 3;

/**
 * The places a message names, in order: as the understanding found them (once per message, the
 * gazetteer's sound-alike scan is not cheap), or, for an understanding made up by a caller, scanned now.
 */
export function mentionsOf(u: Pick<Understanding, 'normalized' | 'mentions'>): readonly PlaceMention[] {
  return u.mentions ?? findMentions(u.normalized, gazetteer());
}

/**
 * The places a comparing question names, in the order said: two or more, none inside another (“运城市区”,
 * the city proper, is no container of 芮城, a county of the city), whether or not the corpus holds their notices.
 */
export function placesCompared(u: Pick<Understanding, 'normalized' | 'mentions'>): Region[] | undefined {
  if (!COMPARE_TEXT.test(u.normalized)) return undefined;
  const places: Region[] = [];
  let end: number | undefined;
  for (const m of mentionsOf(u)) {
    const r = { code: m.place.code, name: m.place.name };
    const proper = cityProper(u.normalized, m);
    if (places.some((p) => p.code === r.code || (!proper && (within(p, r) || within(r, p))))) continue;
    // Said together (“芮城跟潍坊”, “武汉、长沙”): “我是芮城的 去北京哪个医院报得多” names two places
    // in their two roles and compares hospitals, not the places.
    if (end !== undefined && !COMPARE_JOIN.test(u.normalized.slice(end, m.start))) break;
    places.push(r);
    end = proper ? proper : m.end;
  }
  return places.length >= 2 ? places : undefined;
}

/**
 * “运城市区”, “运城市里”: where the mention is a prefecture-level city's proper, which holds none of
 * the city's counties, the end of those words; else undefined.
 */
function cityProper(text: string, m: PlaceMention): number | undefined {
  if (!m.place.code.endsWith('00') || m.place.code.endsWith('0000')) return undefined;
  return cityProperEnd(text, m);
}

/**
 * The places compared (`placesCompared`), at least one of them covered by a notice here: each is answered by its own
 * rule. Places none of which is covered share the national rule (`nationalCompared`).
 */
export function comparedPlaces(kb: KnowledgeBase, places: readonly Region[]): Region[] | undefined {
  if (!places.some((p) => kb.covering(p))) return undefined;
  return places.slice(0, MAX_PLACES);
}

/**
 * “北京和上海哪个报销多”: places none of whose notices the corpus holds. They share one national
 * rule, said once, with which places do have their own rules here and that each compared place's
 * agency decides its figures — never a figure of another place.
 */
export function nationalCompared(kb: KnowledgeBase, id: IntentId, places: readonly Region[], slots: object): { replies: Reply[]; level?: RuleLevel } {
  const names = places.slice(0, MAX_PLACES).map((p) => kb.placeName(p)).join('、');
  const { insured_region: _mine, ...rest } = slots as { insured_region?: Region };
  const sel = kb.selectAnswer(id, rest);
  const lead = kb.say('dialogue.compared.national', { places: names, covered: kb.regions.map((r) => r.name).join('、') });
  if (!sel) return { replies: [{ type: 'text', text: lead }, ...followupChoices(kb, kb.intent(id).followups)] };
  // 12393 once: not again after an answer (the contacts) or a note that already names it.
  const decides = kb.insuredPlaceDecides(names, [sel.answer.text, ...sel.after].join('\n'));
  const rendered = renderAnswer(kb, { ...sel, after: [...sel.after, decides.text], citations: [...sel.citations, ...decides.citations] });
  return { replies: [{ type: 'text', text: lead }, ...rendered.replies], level: sel.level };
}

/**
 * The topic compared: the classifier's where it is a place's own answer; “哪个报得多”, what is paid
 * back, is the rates; else the likeliest such topic — undefined when none is likely (then not a
 * comparison we answer).
 */
export function comparedTopic(kb: KnowledgeBase, u: Pick<Understanding, 'intent' | 'normalized' | 'ranking'>): IntentId | undefined {
  const answerable = (i: IntentId) => isDomainIntent(i) && !isAdjacentIntent(i) && kb.variesByRegion(i)
    && !flowStartedBy(kb, i);
  if (answerable(u.intent)) return u.intent;
  if (COMPARE_RATES_TEXT.test(u.normalized)) return 'reimbursement_rates';
  return [...u.ranking].sort((a, b) => b.confidence - a.confidence)
    .find((r) => r.confidence >= LIKELY_FLOOR && answerable(r.intent))?.intent;
}

/** Each place's answer to `id`, with its source; the follow-up questions once, after them all. */
export function sideBySide(kb: KnowledgeBase, id: IntentId, places: readonly Region[], slots: object): { replies: Reply[]; level?: RuleLevel } {
  const replies: Reply[] = [{ type: 'text', text: kb.say('dialogue.compared', { places: places.map((p) => kb.placeName(p)).join('、') }) }];
  let level: RuleLevel | undefined;
  // 12393 is named once in the reply: a later place's closing sentence names its own agency only.
  let said = '';
  for (const place of places) {
    const found = kb.selectAnswer(id, { ...slots, insured_region: place });
    if (!found) continue;
    const sel = /12393/.test(said) ? { ...found, after: found.after.map((s) => shortened(kb, s, place)) } : found;
    said += [sel.answer.text, ...sel.after].join('\n');
    // A local answer anywhere makes the turn local; national only where none is.
    level = level === 'local' ? level : sel.level;
    const [text, ...rest] = renderAnswer(kb, sel).replies.filter((r) => r.type !== 'choices');
    // A local answer already opens with its place (“潍坊市：…”); the others are titled with it.
    const name = kb.placeName(place);
    if (text?.type === 'text') replies.push({ type: 'text', text: text.text.startsWith(name) ? text.text : kb.say('dialogue.compared.place', { place: name, answer: text.text }) });
    replies.push(...rest);
  }
  replies.push(...followupChoices(kb, kb.intent(id).followups));
  return { replies, ...(level ? { level } : {}) };
}

/** The closing “具体细节由X的医保部门…，可拨打12393…” of an uncovered place, without 12393 (said already). */
function shortened(kb: KnowledgeBase, sentence: string, place: Region): string {
  const name = kb.placeName(place);
  return sentence === kb.say('national.insured_place_decides', { place: name })
    ? kb.say('national.insured_place_decides.short', { place: name })
    : sentence;
}
