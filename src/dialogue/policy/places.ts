/**
 * Where the person is insured and where they are treated, read from messages that say only that
 * (“我在寿光”, “我是潍坊的 我在北京”, “参保地是长沙”), from the answer to “您在哪里参保？”, and from a
 * comparison of places. A place said this way is remembered and the waiting (or last) question is
 * answered for it; a name several places share is asked about, never guessed.
 */
import { isDomainIntent, type IntentId } from '../../domain/intents.js';
import { liesIn, within, type Region } from '../../domain/types.js';
import { STRONG, type PlaceMention, type Understanding } from '../../domain/understanding.js';
import type { KnowledgeBase } from '../../knowledge/base.js';
import { ancestors } from '../../knowledge/coverage.js';
import { promptTable } from '../../knowledge/prompt-table.js';
import { CLOSING_ASK, ELLIPSIS_TEXT, GREETED, LOCATED_STATEMENT, NESTED_PLACE_STATEMENT, OPENING, PLACES_STATEMENT, REGION_STATEMENT, placeFollowUp, withoutSelfIntroduction } from '../../nlu/cues.js';
import { SELF_CORRECTION, cityProperEnd, findMentions, roleOf } from '../../nlu/entities/regions.js';
import { gazetteer, regionByCode } from '../../nlu/gazetteer.js';
import { comparedPlaces, comparedTopic, mentionsOf, nationalCompared, placesCompared, sideBySide } from '../compare.js';
import { flowStartedBy, startFlow } from '../flows/engine.js';
import { INSURED_PLACE_UNKNOWN } from '../flows/steps.js';
import { followupChoices, regionChoices } from '../render.js';
import type { Session } from '../session.js';
import { absorbProfile } from './profile.js';
import { menuFor, menuIntents } from './menu.js';
import { MENU_INTENTS, type Decision, type Turn } from './types.js';
import { askAmong, askWhichPlace, nameWithProvince, numberBeyondAsked, pickedCandidate } from '../place-choice.js';

/**
 * Both places said and nothing else (“我是潍坊的 我在北京”, “北京住院 医保潍坊的”): the insured
 * place and the destination, each with the words people put round them, and no question.
 */
function statedPlaces(u: Understanding): { insured: Region; destination: Region } | undefined {
  const { insured_region: insured, destination } = u.entities;
  if (!insured || !destination || within(insured, destination)) return undefined;
  return placesOnly(u, [insured, destination], PLACES_STATEMENT) ? { insured, destination } : undefined;
}

/** “我是湖南的 岳阳的”: a place and the place inside it, said as one's own — the inner one, insured. */
function statedNestedPlace(u: Understanding): Region | undefined {
  const { insured_region: insured, destination } = u.entities;
  if (!insured || !destination || !within(insured, destination) || insured.code === destination.code) return undefined;
  if (!placesOnly(u, [insured, destination], NESTED_PLACE_STATEMENT)) return undefined;
  const depth = (r: Region) => r.code.replace(/(00)+$/, '').length;
  return depth(insured) >= depth(destination) ? insured : destination;
}

/** A place's name as said: in full, and without its 省/市/县/区 when two characters remain. */
const spellings = (name: string) => [name, name.replace(/(省|市|县|区|自治州|地区)$/, '')].filter((n) => n.length >= 2);

/**
 * The message (or, given, a part of it) is these places (with their province and city) and words of
 * `statement`, nothing else. A place is taken out as the NLU found it (维坊, typed by sound, is 潍坊),
 * then by its spellings. The whole message's places are the understanding's; a part is scanned anew.
 */
function placesOnly(u: Understanding, places: Region[], statement: RegExp, part?: string): boolean {
  const text = part ?? u.normalized;
  // A place said and the province or city it lies in (湖南 岳阳), never a place inside it.
  const named = new Set(places.flatMap((r) => ancestors(r.code)));
  let rest = '';
  let at = 0;
  for (const m of (part === undefined ? mentionsOf(u) : findMentions(part, gazetteer())).filter((x) => named.has(x.place.code))) {
    rest += text.slice(at, m.start);
    // “运城市区”, “运城市里”: the city proper is the city.
    at = cityProperEnd(text, m) ?? m.end;
  }
  // “你好 在吗 我想问下异地那个事 我是长沙的医保”: the opening words before the statement say nothing of the places.
  // “我叫王芳，在潍坊参保”: a self-introduction says nothing of the places either (the NLU sets it aside the same way).
  rest = withoutSelfIntroduction(rest + text.slice(at)).replace(/[\s\p{P}]/gu, '').replace(OPENING, '').replace(CLOSING_ASK, '');
  for (const region of places) {
    for (const n of spelledAround(region.code)) rest = rest.replace(n, '');
  }
  return statement.test(rest);
}

/** The spellings of a place and of the places around it (placesOnly), by code: worked out once per place, not per turn (the gazetteer is fixed). */
const spelled = new Map<string, readonly string[]>();
function spelledAround(code: string): readonly string[] {
  let names = spelled.get(code);
  if (names === undefined) {
    names = ancestors(code).map(regionByCode)
      .filter((r): r is Region => r !== undefined)
      .flatMap((r) => spellings(r.name));
    spelled.set(code, names);
  }
  return names;
}

/** “那潍坊呢” as the first message: a place follow-up with no topic before it only says where the person is insured. */
function placeWithoutTopic(u: Understanding, session: Session): Region | undefined {
  if (session.lastIntent) return undefined;
  const follow = placeFollowUp(u);
  return follow?.role === 'insured_region' ? follow.place : undefined;
}

/** Every correction cue of a message (matchAll needs the global flag); compiled once, not per turn. */
const EVERY_SELF_CORRECTION = new RegExp(SELF_CORRECTION.source, 'g');

/** “我是鼓楼区的”, “鼓楼区”: all the message says is a place several cities hold, and no place is known from it. */
function ambiguousPlaceOnly(u: Understanding): boolean {
  if (!u.unresolvedPlace || u.entities.insured_region || u.entities.destination) return false;
  return REGION_STATEMENT.test(u.normalized.replace(u.unresolvedPlace, '').replace(/[\s\p{P}]/gu, ''));
}

/**
 * The shared name (鼓楼区) the person gives as their own place, no city said: not one said as where
 * they go (“去鼓楼区住院”), which says nothing of where they are insured.
 */
export function sharedInsuredPlace(u: Understanding): string | undefined {
  const place = u.unresolvedPlace;
  if (!place || u.entities.insured_region) return undefined;
  const start = u.normalized.indexOf(place);
  return start >= 0 && roleOf(u.normalized, { start, end: start + place.length }) === 'destination' ? undefined : place;
}

/** “我在寿光”, “我是潍坊的”, “参保地是长沙”, “俺是芮城人”: all the message says is where the person is insured. */
function statedRegion(u: Understanding): Region | undefined {
  const region = u.entities.insured_region ?? u.entities.destination;
  if (!region) return undefined;
  // “我是潍坊奎文的”, “甘肃定西岷县的”: the province and city named before the place are part of its name.
  if (placesOnly(u, [region], REGION_STATEMENT)) return region;
  // “我是芮城的，哦不对，是运城市区的”: what follows the last correction is the statement (the NLU
  // already took the later place).
  const cue = [...u.normalized.matchAll(EVERY_SELF_CORRECTION)].at(-1);
  const after = cue ? u.normalized.slice(cue.index + cue[0].length) : undefined;
  return after && placesOnly(u, [region], REGION_STATEMENT, after) ? region : undefined;
}

/**
 * A place as people know it: a district of a covered place under that place (潍坊市奎文区), any
 * other county under its province and city (甘肃省定西市岷县); a province or city as it is.
 */
function knownName(kb: KnowledgeBase, region: Region): string {
  const covered = kb.covering(region);
  const prefix = covered ? covered.code.replace(/(00)+$/, '') : '';
  const parents = ancestors(region.code).reverse()
    .filter((code) => code !== region.code && code.startsWith(prefix))
    .map((code) => regionByCode(code)?.name)
    .filter((n): n is string => n !== undefined && n !== region.name);
  // 北京市朝阳区: a municipality is its own province and city. A city or province is named as it is.
  const chain = region.code.endsWith('00') && !covered ? [] : parents.filter((n, i) => parents.indexOf(n) === i);
  // 潍坊市峡山区: a zone under the region whose notice covers it.
  return [...chain, region.name, ...(region.zone ? [region.zone] : [])].join('');
}

function regionFromChoice(kb: KnowledgeBase, text: string): Region | undefined {
  const hit = kb.regionByName(text);
  return hit ? { code: hit.code, name: hit.name } : undefined;
}

/**
 * “在北京” once the insured place is known (“我是武汉的 住院了还没备案” → “在北京”), “那要是在北京呢” after an answer for
 * the insured place: a message that only says where the person is, with no word of insurance (the NLU found no cue
 * for it), names where they are treated. Read, as alone it is, as the insured place, it would replace 武汉 with 北京 and
 * answer for the wrong place and level. A place within the known one (“我在寿光” for 潍坊) still narrows the insured
 * place down. The one rule for a bare “我在X” in a conversation: bothPlaces takes it, and the readings that would
 * take the place otherwise (destinationNarrowed, heldDestinationReading) leave it alone.
 */
function locatedPlaces(session: Session, u: Understanding): { insured: Region; destination: Region } | undefined {
  const { insured_region: here, destination } = u.entities;
  const known = session.slots.insured_region;
  if (!here || !known || u.cued?.insured_region || destination || within(here, known)) return undefined;
  return saysWhereOnly(u, here) ? { insured: known, destination: here } : undefined;
}

/** “我在北京”, “那要是在北京呢”: the message says where the person is, this place, and nothing else. */
const saysWhereOnly = (u: Understanding, place: Region): boolean =>
  placesOnly(u, [place], LOCATED_STATEMENT) || placesOnly(u, [place], LOCATED_FOLLOW_UP);

/**
 * “那要是在北京呢”, “在北京的话呢”, “那要是去青岛呢” after an answer: the same question for a stay there. Said with 在, the NLU
 * reads the place as the insured one (北京 replaced 芮城, and 芮城's estimate was refused for lack of 北京's rates:
 * locatedPlaces); with 去 or 到 it is the destination, and the last question is asked again for it (followUpIntent),
 * though the words are longer than the NLU's bare follow-up (“那去青岛呢”).
 */
const LOCATED_FOLLOW_UP = /^(那|那么)?(要是|如果|假如|假设|换成)?(我|他|她|人)?(在|去|到)(的话)?(呢|啊|呀)?$/;

/** “那要是去青岛呢”: only another destination, said as a follow-up of the last answer. */
export function destinationFollowUp(u: Understanding): boolean {
  const { insured_region: insured, destination } = u.entities;
  return !insured && destination !== undefined && placesOnly(u, [destination], LOCATED_FOLLOW_UP);
}

/** “湖南那边的规定呢”: 那边, 那里, 那儿 right after a place — the speaker points away from where they are insured. */
const POINTED_AWAY = /^(省|市|县|区)?(那边|那里|那儿|那头)/;
/** …but not “武汉那边的医保”, “武汉那边的人”: the insurance or the people of that place, whoever's they are. */
const INSURED_THERE = /^(省|市|县|区)?(那边|那里|那儿|那头)(的)?(医保|社保|参保|医疗保险|新农合|合作医疗|户口|户籍|人|职工|居民|退休)/;
/** …nor “我妈是武汉那边的”, “老家湖南那边”: the place said as someone's own. */
const OWN_BEFORE = /(是|来自|老家|属于|户口在|户籍在)$/;

/**
 * “我是潍坊的医保 在长沙住院了”, then “湖南那边的规定呢”: a place said with no word of insurance and pointed
 * away (那边), once the insured place is known and the place neither holds it nor lies in it, is where the
 * person is treated — not a new insured place (湖南 would have replaced 潍坊 and answered 湖南's rules for
 * someone insured in 潍坊). A destination already known inside it (长沙 in 湖南) is kept, being more precise.
 */
export function pointedAwayReading(u: Understanding, session: Session): Understanding {
  const { insured_region: place, destination } = u.entities;
  const known = session.slots.insured_region;
  if (!place || destination || !known || u.cued?.insured_region || within(place, known) || within(known, place)) return u;
  const at = mentionsOf(u).find((m) => m.place.code === place.code);
  const after = u.normalized.slice(at?.end ?? 0);
  if (!at || !POINTED_AWAY.test(after) || INSURED_THERE.test(after) || OWN_BEFORE.test(u.normalized.slice(0, at.start).replace(/[\s\p{P}]/gu, ''))) return u;
  const held = session.slots.destination;
  const { insured_region: _away, ...rest } = u.entities;
  return {
    ...u,
    entities: { ...rest, destination: held && liesIn(held, place) ? held : place },
    cued: { insured_region: false, destination: true },
  };
}

/**
 * Right before the place: “在”, with whoever is there (“那我在”, “他在”) — where someone is. “医保在”, “户口在” (the insurance,
 * or the 户籍, is there) the NLU reads as the insured place's cue (`cued.insured_region`), which the reading checks first.
 */
const LOCATED_BEFORE = /在$/;

/**
 * “我是北京医保 退休了在海南住”, then “那我在海南看门诊能刷吗”: the place the person is treated in, said again with
 * “在” before it, once another insured place is known — still where they are treated. The understanding reads
 * “我在海南” as the insured place (“我在寿光” said alone is one), and 海南 had replaced 北京 as the insured place,
 * answered with 海南's “具体细节由海南省的医保部门…”.
 */
export function heldDestinationReading(u: Understanding, session: Session): Understanding {
  const { insured_region: place, destination } = u.entities;
  const { insured_region: known, destination: held } = session.slots;
  if (!place || destination || !known || !held || u.cued?.insured_region || place.code !== held.code || within(known, place)) return u;
  const at = mentionsOf(u).find((m) => m.place.code === place.code);
  const before = at ? u.normalized.slice(0, at.start).replace(/[\s\p{P}]/gu, '') : '';
  if (!at || !LOCATED_BEFORE.test(before)) return u;
  // “我在海南” and nothing else is the one rule's (locatedPlaces): both places, the held insured place kept.
  if (saysWhereOnly(u, place)) return u;
  const { insured_region: _there, ...rest } = u.entities;
  return { ...u, entities: { ...rest, destination: held }, cued: { insured_region: false, destination: true } };
}

/**
 * “我是武汉的 去北京住院要不要备案”, then “那上海呢”: a bare place follow-up with no word of its role takes the role the
 * question it follows asked about (placeFollowUp, read against the places held) — here where the person goes, so 上海 is
 * the destination and 武汉 stays insured (上海 had replaced 武汉 and the answer was 上海's, for a trip to 北京).
 */
export function followUpPlaceReading(u: Understanding, session: Session): Understanding {
  const follow = session.lastIntent ? placeFollowUp(u, { ...session.slots, trip: session.answeredWhetherFiling !== undefined }) : undefined;
  if (!follow || follow.role !== 'destination' || u.entities.destination || !u.entities.insured_region) return u;
  const { insured_region: _trip, ...rest } = u.entities;
  return { ...u, entities: { ...rest, destination: follow.place }, cued: { insured_region: false, destination: true } };
}

/**
 * “我是潍坊的”, then “山东那边的规定呢”: a place said with no word of insurance that holds the insured place
 * already known is that place said less precisely — the known one stays (山东 would have replaced 潍坊, and
 * the national rules answered someone whose city's notice is held). 山东省直 or 山东的医保, said outright, may
 * be another fund: those replace it as ever.
 */
export function broaderPlaceReading(u: Understanding, session: Session): Understanding {
  const place = u.entities.insured_region;
  const known = session.slots.insured_region;
  if (!place || !known || u.cued?.insured_region || place.code === known.code || !liesIn(known, place)) return u;
  return { ...u, entities: { ...u.entities, insured_region: known } };
}

/** How long a follow-up is (marks and spaces aside) that continues the trip told: “那药能报吗”, “那检查费呢”. */
const TRIP_FOLLOW_UP_LENGTH = 10;
/** Words of the insured place's own care (本地, 老家): a follow-up with one may ask about care at home. */
const AT_HOME = /本地|当地|老家|在家|家里|这边|这里|回去/;

/**
 * “那药能报吗” after an answer for someone insured in 潍坊 and treated in 长沙: a short follow-up that names no
 * place and no care at home continues the trip the conversation holds — about treatment away from home,
 * never the insured place's local benefits (the classifier heard 能报 as those).
 */
export function followsTripAway(u: Understanding, session: Session): boolean {
  const { insured_region: insured, destination } = session.slots;
  if (!insured || !destination || within(insured, destination) || u.entities.insured_region || u.entities.destination) return false;
  const t = u.normalized.trim();
  return ELLIPSIS_TEXT.test(t) && t.replace(/[\s\p{P}]/gu, '').length <= TRIP_FOLLOW_UP_LENGTH && !AT_HOME.test(t);
}

/** Before the place taken back: “不是”, “哦不对 不是”, with the person's own words round it. */
const TAKEN_BACK_BEFORE = /^(哦|噢|啊|哎|不对|说错了|我|俺|我们|参保地|医保)*(不是|不在)(在)?$/;
/** Between the place taken back and the right one: “的 是”, “，而是”, “是在”. */
const TAKEN_BACK_BETWEEN = /^(的|人)?(而|应该)?是(在)?$/;
/** After the right place: nothing but “的”, “人”, particles. */
const TAKEN_BACK_AFTER = /^(的|人)?(啊|呀|哦|哈|呢)?$/;

/**
 * “不是湖南 是湖北”: a place the session holds taken back and another put in its place, nothing else said.
 * The new place takes the role of the one taken back (the insured place, or where the person is
 * treated), whatever role the words round it would give it alone.
 */
function correctedPlace(u: Understanding, session: Session): { role: 'insured_region' | 'destination'; place: Region } | undefined {
  const found = mentionsOf(u);
  if (found.length !== 2) return undefined;
  const [wrong, right] = found as [PlaceMention, PlaceMention];
  const bare = (text: string) => text.replace(/[\s\p{P}]/gu, '');
  const t = u.normalized;
  if (!TAKEN_BACK_BEFORE.test(bare(t.slice(0, wrong.start))) || !TAKEN_BACK_BETWEEN.test(bare(t.slice(wrong.end, right.start)))
    || !TAKEN_BACK_AFTER.test(bare(t.slice(right.end)))) return undefined;
  const { insured_region: insured, destination } = session.slots;
  if (insured?.code === wrong.place.code) return { role: 'insured_region', place: right.place };
  if (destination?.code === wrong.place.code) return { role: 'destination', place: right.place };
  return undefined;
}

/** Words around a place that ask nothing of their own (那…呢, …吧). */
const NOTHING_ASKED = /^[那么呢吧啊呀哦嗯的]*$/u;

/** Whether the message is the place and nothing else (its punctuation and such particles aside). */
function placeAlone(u: Understanding, m: PlaceMention): boolean {
  const rest = (u.normalized.slice(0, m.start) + u.normalized.slice(m.end)).replace(/[\s\p{P}\p{S}]/gu, '');
  return NOTHING_ASKED.test(rest);
}

/**
 * “乌鲁木齐” after “我们是武汉的 他派去新疆工作”: a place named with nothing to say whose it is, lying inside where the person
 * is treated and not inside where they are insured, is that destination said more precisely — not a new insured
 * place (武汉 was replaced by 乌鲁木齐, and the answer turned into a 省内 trip inside 新疆). The last question is answered
 * again for it, or both places said back.
 */
export function destinationNarrowed(t: Turn): Decision | undefined {
  const { deps, u, session } = t;
  const { insured_region: insured, destination } = session.slots;
  const found = mentionsOf(u);
  if (!insured || !destination || found.length !== 1 || u.cued?.insured_region || u.cued?.destination) return undefined;
  const place = found[0]!.place;
  // The destination said again (“乌鲁木齐呢” once narrowed to it) is still no insured place.
  if (!within(place, destination) || within(place, insured) || within(insured, place)) return undefined;
  // “我在海南” with 海南 where they are treated already: where the person is, the one rule's (locatedPlaces, in bothPlaces)
  // — not a narrowing, whose re-reading would leave the statement with no place for bothPlaces to take.
  if (place.code === destination.code && saysWhereOnly(u, place)) return undefined;
  session.slots = { ...session.slots, destination: { code: place.code, name: place.name } };
  // “乌鲁木齐要备案吗”: a question beside the place is the person's next question, answered for the place narrowed
  // by the usual rules — the last topic is answered again only for the place alone (“乌鲁木齐”, “那乌鲁木齐呢”).
  // The place is read as the destination for the rest of the turn, so no later rule takes it for the insured place.
  if (!placeAlone(u, found[0]!)) {
    const { insured_region: _narrowed, ...rest } = u.entities;
    const reread: Understanding = { ...u, entities: { ...rest, destination: session.slots.destination! }, cued: { insured_region: false, destination: true } };
    t.u = reread;
    t.ctx.u = reread;
    return undefined;
  }
  const last = session.lastIntent;
  if (last && isDomainIntent(last)) return t.done(last, t.answer(last));
  const noted = deps.kb.say('dialogue.places_noted', { region: knownName(deps.kb, insured), destination: knownName(deps.kb, session.slots.destination!) });
  return t.done('help', [{ type: 'text', text: noted }, ...followupChoices(deps.kb, menuFor(deps, session))]);
}

/** “不是湖南 是湖北”: the place corrected, and the last question answered again for it. */
export function placeCorrected(t: Turn): Decision | undefined {
  const { deps, u, session } = t;
  const corrected = correctedPlace(u, session);
  const last = session.lastIntent;
  // Where the person is treated, corrected with no insured place and no question yet: the usual rules.
  if (!corrected || (!(last && isDomainIntent(last)) && !session.slots.insured_region && corrected.role === 'destination')) return undefined;
  session.slots = { ...session.slots, [corrected.role]: corrected.place };
  if (last && isDomainIntent(last)) return t.done(last, t.answer(last));
  const { insured_region: insured, destination } = session.slots;
  const noted = destination && insured
    ? deps.kb.say('dialogue.places_noted', { region: knownName(deps.kb, insured), destination: knownName(deps.kb, destination) })
    : deps.kb.say(deps.kb.covering(insured) ? 'dialogue.region_noted' : 'dialogue.region_noted.national', { region: knownName(deps.kb, insured!) });
  return t.done('help', [{ type: 'text', text: noted }, ...followupChoices(deps.kb, menuFor(deps, session))]);
}

/**
 * “我是潍坊的 我在北京”, “北京住院 医保潍坊的”: both places and nothing else — remembered; the
 * waiting question (or the last one) is answered for them, never asked again. So is “在北京” said
 * once the insured place is known: the destination beside it.
 */
export function bothPlaces(t: Turn): Decision | undefined {
  const { deps, u, session } = t;
  const both = statedPlaces(u) ?? locatedPlaces(session, u);
  if (!both) return undefined;
  const moved = session.slots.destination?.code !== both.destination.code;
  session.slots = { ...session.slots, insured_region: both.insured, destination: both.destination };
  const waiting = session.pendingIntent ?? session.lastIntent;
  session.pendingIntent = undefined;
  // “那要是在北京呢” after 芮城's estimate: estimated again for a stay there (its class said for the other hospital
  // dropped: outside the province the notice's 省外就医 applies), not the estimate's general words.
  if (waiting === 'reimbursement_estimate' && !session.flow) {
    if (moved) {
      const { hospital_class: _said, ...rest } = session.slots;
      session.slots = rest;
    }
    const flow = flowStartedBy(deps.kb, waiting);
    if (flow) return t.done(waiting, startFlow(t.driver, t.ctx, flow));
  }
  if (waiting && isDomainIntent(waiting)) return t.done(waiting, t.answer(waiting));
  const noted = notedSaid(t, 'dialogue.places_noted', { region: knownName(deps.kb, both.insured), destination: knownName(deps.kb, both.destination) });
  return t.done('help', [{ type: 'text', text: noted }, ...followupChoices(deps.kb, menuFor(deps, session))]);
}

/**
 * “我是鼓楼区的”: a place several cities hold, said with no city — which one is asked, never guessed
 * (a question waiting for the place still waits).
 */
export function ambiguousPlace(t: Turn): Decision | undefined {
  if (!ambiguousPlaceOnly(t.u)) return undefined;
  const name = t.u.unresolvedPlace!;
  return t.done(t.session.pendingIntent ?? 'help', askWhichPlace(t.deps.kb, t.session, name, 'insured_region', false, t.u.placeCandidates));
}

/**
 * The codes of the places a conversation holds, nearest first — its insured place, the deployment's
 * default region, where the person is treated: the NLU resolves a name several places bear inside
 * them (滨海 after “我是江苏的” is 江苏's 滨海县; 高新区 at a kiosk in 潍坊 is 潍坊's).
 */
export function placesHeld(session: Pick<Session, 'slots'>, defaultRegion?: Region): string[] {
  const codes = [session.slots.insured_region?.code, defaultRegion?.code, session.slots.destination?.code];
  return codes.filter((c, i): c is string => c !== undefined && codes.indexOf(c) === i);
}

/**
 * The answer to “有几个地方都叫朝阳…请问是哪一个？”: the place picked is remembered in the role the name had,
 * and the question that waited for it (or the last one) answered; the choice is acknowledged otherwise.
 * Anything that picks none lets the question go, and the message is read as ever.
 */
export function placeChosen(t: Turn): Decision | undefined {
  const { deps, u, session } = t;
  const asked = session.placeAsked;
  if (!asked) return undefined;
  session.placeAsked = undefined;
  const beyond = numberBeyondAsked(deps.kb, session, u, asked);
  if (beyond) return t.done(session.pendingIntent ?? 'help', beyond);
  const picked = pickedCandidate(u, asked.codes);
  if (!picked) return treatedInBeforePick(t, asked);
  if (Array.isArray(picked)) return t.done(session.pendingIntent ?? 'help', askAmong(deps.kb, session, asked.name, picked, asked.role));
  session.slots = { ...session.slots, [asked.role]: picked };
  // “福州的 在厦门住院” to “哪一个鼓楼区？”: the place treated in, said in the same breath, is kept too.
  const treatedIn = u.entities.destination;
  if (asked.role === 'insured_region' && treatedIn && !within(picked, treatedIn)) {
    session.slots = { ...session.slots, destination: treatedIn };
  }
  const waiting = session.pendingIntent ?? (session.lastIntent && deps.kb.variesByRegion(session.lastIntent) ? session.lastIntent : undefined);
  session.pendingIntent = undefined;
  if (waiting && isDomainIntent(waiting)) return t.done(waiting, t.answer(waiting));
  const { insured_region: insured, destination } = session.slots;
  // Named as picked, with its province (辽宁省朝阳市, not a bare 朝阳市 the other 朝阳 could be).
  const name = deps.kb.covering(picked) ? knownName(deps.kb, picked) : nameWithProvince(picked);
  // The other place held is said back too: “我在北京住院” then “我是鼓楼区的” → 福州 is noted with 北京.
  const text = asked.role === 'destination' && insured
    ? deps.kb.say('dialogue.places_noted', { region: knownName(deps.kb, insured), destination: name })
    : asked.role === 'insured_region' && destination
      ? deps.kb.say('dialogue.places_noted', { region: name, destination: knownName(deps.kb, destination) })
      : deps.kb.say(deps.kb.covering(picked) ? 'dialogue.region_noted' : 'dialogue.region_noted.national', { region: name });
  return t.done('help', [{ type: 'text', text }, ...followupChoices(deps.kb, menuFor(deps, session))]);
}

/**
 * “在上海住院” said to “有几个地方都叫鼓楼区…是哪一个？”: a place treated in, which picks none of them, is kept as the
 * destination, the question it asks waits, and which 鼓楼区 is asked again — answering now would answer for a place
 * the person never said (the national rule, then “您在哪里参保？” as if nothing had been asked).
 */
function treatedInBeforePick(t: Turn, asked: NonNullable<Session['placeAsked']>): Decision | undefined {
  const { deps, u, session } = t;
  const treatedIn = u.entities.destination;
  if (asked.role !== 'insured_region' || !treatedIn || u.entities.insured_region) return undefined;
  session.slots = { ...session.slots, destination: treatedIn };
  if (isDomainIntent(u.intent) && u.confidence >= STRONG) session.pendingIntent = u.intent;
  const candidates = asked.codes.map(regionByCode).filter((r): r is Region => r !== undefined);
  const noted = deps.kb.say('dialogue.place_first.destination', { destination: knownName(deps.kb, treatedIn), place: asked.name });
  return t.done(session.pendingIntent ?? 'help', [{ type: 'text', text: noted }, ...askAmong(deps.kb, session, asked.name, candidates, asked.role)]);
}

/** The insured place a message says and nothing else: “我在寿光”, “我是湖南的 岳阳的”, “那潍坊呢” as a first message. */
const statedPlace = (u: Understanding, session: Session): Region | undefined =>
  statedRegion(u) ?? statedNestedPlace(u) ?? placeWithoutTopic(u, session);

/**
 * What was noted, said back: to a message that greeted (“你好 在吗 …我是长沙的医保”) in its greeted wording
 * (`<id>.greeted`, “您好！您在…参保，我记下了…”) — a greeting put before “好的，记下了：” read clumsily.
 */
function notedSaid(t: Turn, id: keyof typeof GREETED_WORDING, vars: Record<string, string>): string {
  const greeted = GREETED.test(t.u.normalized.replace(/[\s\p{P}]/gu, ''));
  return t.deps.kb.say(greeted ? GREETED_WORDING[id] : id, vars);
}

/** Each noting sentence and its wording after a greeting, named in full so the prompts' check sees both used. */
const GREETED_WORDING = promptTable({
  'dialogue.region_noted': 'dialogue.region_noted.greeted',
  'dialogue.region_noted.national': 'dialogue.region_noted.national.greeted',
  'dialogue.places_noted': 'dialogue.places_noted.greeted',
});

/**
 * “我在寿光”, “参保地是长沙”: the person only says where they are insured, whatever the classifier
 * made of it. Remembered; the last question is answered for it (a waiting one: placeAnswered).
 */
export function placeStated(t: Turn): Decision | undefined {
  const { deps, u, session } = t;
  const stated = statedPlace(u, session);
  if (!stated || session.pendingIntent) return undefined;
  session.slots = { ...session.slots, insured_region: stated };
  if (session.lastIntent && deps.kb.variesByRegion(session.lastIntent)) return t.done(session.lastIntent, t.answer(session.lastIntent));
  // The reply is the help menu with the place acknowledged; no question was asked.
  // Outside the covered places the national rules answer: said now, not first at the next answer.
  // “我在寿光 去北京看病”, then “不对 我是青州的”: where the person is treated, still kept, is said back beside it.
  const held = session.slots.destination;
  const noted = held && !within(held, stated) && deps.kb.covering(stated)
    ? notedSaid(t, 'dialogue.places_noted', { region: knownName(deps.kb, stated), destination: knownName(deps.kb, held) })
    : notedSaid(t, deps.kb.covering(stated) ? 'dialogue.region_noted' : 'dialogue.region_noted.national', { region: knownName(deps.kb, stated) });
  return t.done('help', [{ type: 'text', text: noted }, ...followupChoices(deps.kb, placeTopics(deps.kb, stated))]);
}

/**
 * The questions offered to someone who only said where they are insured, in the order people ask them: for a
 * covered place, those its own notice answers (芮城's 报销比例 and 转诊 among them), the filing walked through,
 * the estimate where the place publishes rates; elsewhere the menu. “我是芮城参保的” is asked what they want to know
 * of what can be told a 芮城 insured person, not offered what only the national rules answer for them.
 */
const PLACE_TOPICS: IntentId[] = [
  'materials', 'filing_how', 'start_filing', 'reimbursement_estimate', 'reimbursement_rates', 'preconditions', 'settlement_failed',
  'emergency', 'referral', 'manual_reimbursement', 'filing_validity', 'chronic_disease', 'contact',
];
const PLACE_TOPICS_SHOWN = MENU_INTENTS.length;

function placeTopics(kb: KnowledgeBase, region: Region): IntentId[] {
  if (!kb.covering(region)) return menuIntents(kb, region);
  const own = PLACE_TOPICS.filter((id) => {
    if (id === 'start_filing') return true;
    if (id === 'reimbursement_estimate') return kb.rateTable(region) !== undefined;
    return kb.selectAnswer(id, { insured_region: region })?.level === 'local';
  });
  return own.slice(0, PLACE_TOPICS_SHOWN);
}

/**
 * “我也不知道在哪参保 社保是单位交的”: not the enrolment topic — someone who does not know their insured
 * place is told where to ask (no notice held says how to look it up), with the places to tap once
 * known; a question waiting for the place keeps waiting.
 */
export function placeUnknown(t: Turn): Decision | undefined {
  const { deps, u } = t;
  if (u.entities.insured_region || !INSURED_PLACE_UNKNOWN.test(u.normalized)) return undefined;
  return t.done('help', [{ type: 'text', text: deps.kb.say('dialogue.insured_place_unknown') }, regionChoices(deps.kb)]);
}

/**
 * A region given in answer to “您在哪里参保？”: the waiting question answered for it. Anything else
 * (a new question asked with confidence) lets the waiting question go.
 */
export function placeAnswered(t: Turn): Decision | undefined {
  const { deps, u, session } = t;
  const pending = session.pendingIntent;
  // “其他地区”, the place buttons' last: the place is typed next — whether a question waits for it or
  // the buttons came with “我也不知道在哪参保”.
  if (u.text.trim() === deps.kb.say('dialogue.choice.other_region')) {
    return t.done(pending ?? 'help', [{ type: 'text', text: deps.kb.say('dialogue.other_region') }]);
  }
  if (!pending) return undefined;
  const stated = statedPlace(u, session);
  const region = stated ?? u.entities.insured_region ?? u.entities.destination ?? regionFromChoice(deps.kb, u.text);
  session.pendingIntent = undefined;
  if (!region || !(stated || !isDomainIntent(u.intent) || u.confidence < STRONG || u.intent === pending)) return undefined;
  session.slots = { ...session.slots, insured_region: region };
  absorbProfile(session, u);
  // After a hand-off that could not name the person's own line: that line now.
  if (pending === 'human_agent') return t.done(pending, t.converse(pending));
  return t.done(pending, t.answer(pending));
}

/**
 * “武汉和潍坊的异地备案有什么不同”: each place answered, side by side; neither is taken as theirs.
 * “芮城跟潍坊哪个报得多”, which the classifier declines: the topic from its words (the rates).
 * “北京和上海哪个报销多”: places none of which has a notice here share the national rule, said once.
 */
export function compared(t: Turn): Decision | undefined {
  const { deps, u, session, ctx } = t;
  const named = placesCompared(u);
  const comparedOn = named ? comparedTopic(deps.kb, u) : undefined;
  if (!named || !comparedOn) return undefined;
  const covered = comparedPlaces(deps.kb, named);
  const { replies, level } = covered
    ? sideBySide(deps.kb, comparedOn, covered, session.slots)
    : nationalCompared(deps.kb, comparedOn, named, session.slots);
  session.lastIntent = comparedOn;
  delete session.answeredWhetherFiling;
  session.misses = 0;
  delete session.detail;
  if (level) ctx.level = level;
  return t.done(comparedOn, replies);
}

/** Before the place asked about: the slot named, then the question (“参保地是不是”, “我的医保是不是在”, “就医地是”). */
const SLOT_ASKED_BEFORE = /(参保地|参保|医保|社保|医保关系|就医地)(是不是|是否是?|应该是|算不算|算是|是)(在)?$/;
/** …and after it, nothing or a question's particle: “参保地是不是长沙”, “参保地是长沙吗”. */
const SLOT_ASKED_AFTER = /^(的|啊|呀|吧)?(吗|么|嘛|吧|呢|啊)?$/;
/**
 * The slot named after the place: first who asks (“我是不是”, “我的医保是不是在”, or nothing), … Only the person who
 * speaks: a third person's place (“他是不是长沙参保的”) is not the place the conversation holds, so it is not read back.
 */
const SLOT_NAMED_BEFORE = /^((我|俺|本人|我们)(的)?(医保|社保)?)?(是不是|是否|是)?(在)?$/;
/** The same asked about him or her: “他是不是长沙参保的” — answered as what we hold is the speaker's own, not his. */
const THIRD_NAMED_BEFORE = /^(他|她)(的)?(医保|社保)?(是不是|是否|是)?(在)?$/;
/** …then the slot, with the question on either side: “参保的”, “是不是参保地”, “是我的参保地吗”, “在北京就医的”. */
const SLOT_NAMED_AFTER = /^(是不是|是否是?|算不算|是)?(我的|我们的)?(参保地|参保的?|就医地|就医的?)(的)?(吗|么|嘛|吧|呢|啊)?$/;
/** “我是长沙的吗”, “我的医保是长沙的吗”: no slot word, the place one belongs to asked — the insured place. */
const SELF_ASKED_BEFORE = /^(我|俺|本人)(的)?(医保|社保)?(是不是|是)$/;
const SELF_ASKED_AFTER = /^的(吗|么|嘛)?$/;
/** The slot the words before the place name: where the person is treated (就医地, 就医的), else where they are insured. */
const TREATED_SLOT = /就医/;
/** A question in the words round the place: “是不是”, “是否”, “算不算”, or “…吗”. */
const SLOT_QUESTION = /是不是|是否|算不算|吗|么|嘛/;

/**
 * “参保地是不是长沙”, “我的医保是在长沙吗”: a question about a place the flow keeps — neither the insured place nor the
 * destination given, but asked. The slot asked about and the place named; undefined for a statement (“参保地是长沙”).
 */
export function placeAskedAbout(u: Understanding): { role: 'insured_region' | 'destination'; place: Region; third?: true } | undefined {
  const found = mentionsOf(u);
  if (found.length !== 1) return undefined;
  const at = found[0]!;
  const bare = (s: string) => s.replace(/[\s\p{P}]/gu, '');
  const before = bare(u.normalized.slice(0, at.start));
  const after = bare(u.normalized.slice(at.end));
  if (!SLOT_QUESTION.test(before + after)) return undefined;
  if (SLOT_ASKED_BEFORE.test(before) && SLOT_ASKED_AFTER.test(after)) return { role: TREATED_SLOT.test(before) ? 'destination' : 'insured_region', place: at.place };
  // The slot named after the place: “我是不是长沙参保的”, “长沙是不是参保地”.
  if (SLOT_NAMED_BEFORE.test(before) && SLOT_NAMED_AFTER.test(after)) return { role: TREATED_SLOT.test(after) ? 'destination' : 'insured_region', place: at.place };
  if (SELF_ASKED_BEFORE.test(before) && SELF_ASKED_AFTER.test(after)) return { role: 'insured_region', place: at.place };
  if (THIRD_NAMED_BEFORE.test(before) && SLOT_NAMED_AFTER.test(after)) return { role: TREATED_SLOT.test(after) ? 'destination' : 'insured_region', place: at.place, third: true };
  return undefined;
}

/** “就医地改成上海”, “把参保地换成长沙吧”: the slot, the change, and the place alone — what place_held tells people to say. */
// 我想/我要/想 before 把 (“我想把就医地改成上海”): without them the change fell to the 变更备案 answer and the slot
// was changed silently.
const SLOT_RENAMED_BEFORE = /^(那|那就|请|帮我)?(我想|我要|想|要)?(把)?(我的)?(?<slot>参保地|就医地)(改成|改为|换成|改到|换到)$/;
const SLOT_RENAMED_AFTER = /^(吧|了|啊|呀)?$/;

/**
 * “就医地改成上海” outside a flow: the place kept is replaced and said back — not the 变更备案 answer its words resemble
 * (changing a filing is done at the insurance office; changing what this conversation keeps is this).
 */
export function placeRenamed(t: Turn): Decision | undefined {
  const { deps, u, session } = t;
  if (session.flow) return undefined;
  const found = mentionsOf(u);
  // “就医地改为上海浦东”: a place and one inside it are one place, the narrower.
  const nested = found.length === 2 && within(found[1]!.place, found[0]!.place);
  if (found.length !== 1 && !nested) return undefined;
  const at = found.at(-1)!;
  const bare = (s: string) => s.replace(/[\s\p{P}]/gu, '');
  const before = SLOT_RENAMED_BEFORE.exec(bare(u.normalized.slice(0, found[0]!.start)));
  if (!before || !SLOT_RENAMED_AFTER.test(bare(u.normalized.slice(at.end)))) return undefined;
  // Only what the slot holds (the mention also carries its level and ancestors): a kept Redis session must equal
  // what SessionSchema reads back (store-kept-shape.test.ts).
  const place = { code: at.place.code, name: at.place.name };
  if (before.groups?.slot === '就医地') {
    session.slots = { ...session.slots, destination: place };
    return t.done('help', [{ type: 'text', text: deps.kb.say('dialogue.place_renamed.destination', { destination: knownName(deps.kb, place) }) }, ...followupChoices(deps.kb, menuFor(deps, session))]);
  }
  session.slots = { ...session.slots, insured_region: place };
  const noted = deps.kb.say(deps.kb.covering(place) ? 'dialogue.region_noted' : 'dialogue.region_noted.national', { region: knownName(deps.kb, place) });
  return t.done('help', [{ type: 'text', text: noted }, ...followupChoices(deps.kb, placeTopics(deps.kb, place))]);
}

/**
 * What the conversation holds for the place asked about, said back: the place kept (and that it is the one named, or
 * not); an insured place not yet known is no thing we can look up — where to ask is said (dialogue.insured_place_unknown).
 */
export function placeHeldSaid(kb: KnowledgeBase, session: Session, asked: NonNullable<ReturnType<typeof placeAskedAbout>>): string | undefined {
  const held = session.slots[asked.role];
  // What is kept is the speaker's own place: about him or her it says nothing, and is not said as if it did.
  if (asked.third) return kb.say('dialogue.place_held.third', { named: asked.place.name });
  if (!held) return kb.say(asked.role === 'insured_region' ? 'dialogue.insured_place_unknown' : 'dialogue.place_held.destination.none');
  const vars = { held: knownName(kb, held), named: asked.place.name };
  // “是的” only where what is kept is the place named or lies in it (寿光 kept, 潍坊 asked). A place inside the kept one
  // (潍坊 kept, 寿光 asked) is not what was said: what is kept is said back, no “是的”.
  const how = liesIn(held, asked.place) ? 'same' : liesIn(asked.place, held) ? 'inside' : 'other';
  return kb.say(PLACE_HELD[asked.role][how], vars);
}

/** The place kept, said back: the same as the one named, the wider place it lies in, or another; by the slot asked about. */
const PLACE_HELD = {
  insured_region: promptTable({ same: 'dialogue.place_held.insured_region.same', inside: 'dialogue.place_held.insured_region.inside', other: 'dialogue.place_held.insured_region.other' }),
  destination: promptTable({ same: 'dialogue.place_held.destination.same', inside: 'dialogue.place_held.destination.inside', other: 'dialogue.place_held.destination.other' }),
};

/**
 * “参保地是长沙吗” outside a flow: a question about the person's own place — what is kept said back (or, with nothing kept,
 * where to find it out), never 长沙 taken as the answer nor the topic its words resemble (回参保地就医).
 */
export function placeQuestioned(t: Turn): Decision | undefined {
  const { deps, u, session } = t;
  const asked = session.flow ? undefined : placeAskedAbout(u);
  const said = asked ? placeHeldSaid(deps.kb, session, asked) : undefined;
  if (!said) return undefined;
  const unknown = asked!.role === 'insured_region' && !session.slots.insured_region;
  return t.done('help', [{ type: 'text', text: said }, ...(unknown ? [regionChoices(deps.kb)] : followupChoices(deps.kb, menuFor(deps, session)))]);
}
