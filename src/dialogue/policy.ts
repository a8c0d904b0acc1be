/**
 * The dialogue policy: given what the NLU understood and the session, decide the replies and
 * the new session. Pure: no I/O; the turn (src/core/assistant.ts) loads and saves around it.
 *
 * This file is the rule list, in the order the rules are tried; each rule reads one kind of message
 * and lives beside the others that read the same thing:
 *  - policy/control.ts   what the message does rather than asks: restart, step back, a foreign language,
 *                        “听不懂”, the same message again;
 *  - policy/flows.ts     a running or set-aside flow: its answers, its side questions, “继续”;
 *  - policy/places.ts    where the person is insured and treated, said on its own or compared;
 *  - policy/profile.ts   who the person is (category, situation) and what they say is not the case;
 *  - policy/followups.ts follow-ups and elliptical questions: which topic a short message continues;
 *  - policy/answer.ts    the answer chosen for the topic, with the questions asked beside it;
 *  - policy/people.ts    conversation acts and the person to ask (hand-off, 12393, not understood).
 */
import type { Reply } from '../domain/reply.js';
import type { IntentId } from '../domain/intents.js';
import type { Understanding } from '../domain/understanding.js';
import type { TurnCtx } from './flows/types.js';
import { applyRegistration } from './registration.js';
import { cloneSession, type Session } from './session.js';
import { extractAmountRange } from '../nlu/entities/amount.js';
import { awayFromHomeReading, crossRegionReading, deniedCategoryReading, deniedTopicOf, deniedTopicReading, injuryUnsaidReading, notSettledReading } from '../nlu/cues.js';
import { answer, answerTopic, placeFirstWithheld } from './policy/answer.js';
import { applyShortcuts, askedNotActed, confusion, foreignLanguage, leavesFlow, nothingToCancel, nothingToContinue, openingOnly, repeated, restart, sameAgain, smileyOnly, stepBackInFlow, wordless } from './policy/control.js';
import { chooseIntent, stayTold } from './policy/followups.js';
import { asksNumber, flowDriver, inFlow, pauseLifetime, resumePaused } from './policy/flows.js';
import { converse } from './policy/people.js';
import { ambiguousPlace, bothPlaces, broaderPlaceReading, compared, destinationNarrowed, followsTripAway, followUpPlaceReading, placeAnswered, placeChosen, heldDestinationReading, placeCorrected, placeQuestioned, placeRenamed, placeStated, placeUnknown, pointedAwayReading } from './policy/places.js';
import { categoryDenied, retiredNoted, retiredReading, schemeNoted, seasonalNote, toldAboutThemselves, topicDenied } from './policy/profile.js';
import type { Decision, PolicyDeps, Turn } from './policy/types.js';

export { MENU_INTENTS, type Decision, type PolicyDeps } from './policy/types.js';
export { menuIntents, menuLabels } from './policy/menu.js';
export { placesHeld } from './policy/places.js';

export function decide(deps: PolicyDeps, u0: Understanding, previous: Session, now: Date): Decision {
  return decideOn(deps, u0, cloneSession(previous), now);
}

/**
 * `decide` on a session the caller hands over: it is changed in place (nested parts too), so it
 * must be the caller's own copy — as a session store's `update` gives each turn (src/core/assistant.ts,
 * through src/app.ts), which spares the turn a second deep copy.
 */
export function decideOn(deps: PolicyDeps, u0: Understanding, session: Session, now: Date): Decision {
  const t = readTurn(deps, u0, session, now);
  // Words that end or redo what is going on, before anything is counted as said again.
  // Which place of a name was asked (“有几个地方都叫xinzhou…回复序号”) is let go by whatever answers without reading
  // it — starting again, a step back, “继续”: left set, a later bare “1” would pick a place from a question long gone
  // (the channels read a number as a pick while it is set). A new question of the kind these replies ask stays.
  const offered = session.placeAsked;
  const letGo = (d: Decision): Decision => {
    if (session.placeAsked === offered) session.placeAsked = undefined;
    return d;
  };
  const early = restart(t) ?? stepBackInFlow(t);
  if (early) return letGo(early);
  t.again = repeated(t.session, t.said);
  const resumed = resumePaused(t); // “继续” after a person was asked for mid-flow
  if (resumed) return letGo(resumed);
  return inFlow(t) // a running flow reads the message first
    ?? placeChosen(t) // “2”, “北京的” for “有几个地方都叫朝阳…是哪一个？”
    ?? nothingToContinue(t) // “继续” with nothing to take up
    ?? placeFirstWithheld(t) // “不知道”, “不方便说” for the place 备案材料 asked first: the national list, labelled
    ?? smileyOnly(t) // “/::)”, “[微笑]”, “😊” alone: friendliness, the menu
    ?? wordless(t) // “。”, “？” alone: no words (a “？” after a reply: it did not come across)
    ?? foreignLanguage(t)
    ?? confusion(t) // “听不懂”, “那咋办”
    ?? sameAgain(t) // the same question a few times: the answer did not help
    ?? openingOnly(t) // “你好 我想问下异地那个事”: what they may ask offered
    ?? placeCorrected(t) // “不是湖南 是湖北”: the place taken back replaced
    ?? destinationNarrowed(t) // “乌鲁木齐” after a trip to 新疆: where the person is treated, said more precisely
    ?? bothPlaces(t) // “我是潍坊的 我在北京”, “在北京” once the insured place is known
    ?? ambiguousPlace(t) // “我是鼓楼区的”: which one is asked
    ?? placeUnknown(t) // “我也不知道在哪参保”: where to ask
    ?? placeQuestioned(t) // “参保地是长沙吗”: what is kept said back, or where to find it out
    ?? placeRenamed(t) // “就医地改成上海”: the place kept replaced, said back
    ?? placeStated(t) // “我在寿光”: the insured place, the last question answered for it
    ?? placeAnswered(t) // the place given to “您在哪里参保？”
    ?? categoryDenied(t) // “我没有急诊 是正常住院”
    ?? topicDenied(t) // “不是工伤 是生病”
    ?? compared(t) // “武汉和潍坊的备案有什么不同”
    ?? schemeNoted(t) // “俺是职工” after an answer no scheme changes
    ?? retiredNoted(t) // “他是退休的”: the category where one is being chosen, else said back
    ?? topic(t);
}

/** The topic the message asks (or continues), then what is said about the person, then the answer. */
function topic(t: Turn): Decision {
  const intent = chooseIntent(t);
  return toldAboutThemselves(t, intent) ?? stayTold(t, intent) ?? answerTopic(t, intent);
}

/**
 * The message as the rules read it: a button's label mapped to its intent, the wording's readings
 * (asked not acted, not settled, a denied topic or category, away from home, cross-region), and the
 * 户口 rule applied per insured place before anything reads the category.
 */
function readTurn(deps: PolicyDeps, u0: Understanding, session: Session, now: Date): Turn {
  session.turns += 1;
  const shortcut = applyShortcuts(deps.kb, u0);
  const said = shortcut.text.trim();
  const retired = retiredReading(deps.kb, shortcut, session, deps.defaultRegion);
  const opened = session.flow ? retired : nothingToCancel(askedNotActed(retired), session);
  // Outside a flow: a flow's place question reads a bare place as its answer (flows/steps.ts, regionParser).
  const away = session.flow ? opened : followUpPlaceReading(heldDestinationReading(pointedAwayReading(broaderPlaceReading(opened, session), session), session), session);
  const read = crossRegionReading(
    awayFromHomeReading(deniedCategoryReading(deniedTopicReading(notSettledReading(injuryUnsaidReading(away))))),
    session.slots.insured_region ?? deps.defaultRegion,
    // Every flow is about treatment away from home (filing, the estimate, a failed settlement); so is a
    // short follow-up once the conversation holds a trip away (“那药能报吗” for someone in 长沙 from 潍坊).
    Boolean(session.flow) || followsTripAway(away, session),
  );
  const leaving = Boolean(session.flow) && leavesFlow(said);
  const registration = applyRegistration(deps.kb, leaving ? { ...read, intent: 'cancel' as const, confidence: 1 } : read, session.slots, deps.defaultRegion);
  session.slots = registration.slots;
  const u = registration.u;
  keepAmountRange(session, u);
  // Said before the turn's replies: the 户口 rule for the place, a winter stay's two readings.
  // “湖南那边的规定呢” from someone insured in 潍坊: said whose place 湖南 is taken to be, and whose rules answer.
  const pointed = away.entities.destination && !opened.entities.destination && opened.entities.insured_region
    ? deps.kb.say('dialogue.destination_pointed', { destination: deps.kb.placeName(opened.entities.insured_region), region: deps.kb.placeName(session.slots.insured_region!) })
    : undefined;
  const notes = [pointed, registration.note, seasonalNote(deps.kb, u, session)].filter((n): n is string => n !== undefined);
  const noted: Reply[] = notes.map((text) => ({ type: 'text', text }));
  const ctx: TurnCtx = { kb: deps.kb, u, session, now, services: deps.services, ...(registration.note ? { told: true } : {}) };
  const done = (intent: IntentId, replies: Reply[], confidence = u.confidence): Decision => {
    // While a flow waits for a number (the amount), a bare “1” is that number: no earlier answer's
    // long version is left for “1” to open (WeChat's “回复 1 查看详情” reads the reply state).
    if (ctx.session.flow && asksNumber(deps.kb, ctx.session)) delete ctx.session.detail;
    // What a waiting question asked lives as long as the question waits: a flow, a cancel or another answer lets both go.
    if (ctx.session.pendingAsked && ctx.session.pendingAsked.intent !== ctx.session.pendingIntent) delete ctx.session.pendingAsked;
    return { intent, confidence, session: ctx.session, replies: pauseLifetime(deps.kb, ctx.session, intent, [...noted, ...replies]), ...(ctx.level ? { level: ctx.level } : {}) };
  };
  const deniedTopic = deniedTopicOf(shortcut);
  return {
    deps, ctx, u, session, said, again: false, driver: flowDriver(deps), done,
    ...(deniedTopic ? { deniedTopic } : {}),
    answer: (intent) => answer(deps, ctx, intent),
    converse: (intent) => converse(deps, ctx, intent),
  };
}

/**
 * “住院大概花了七八千，能报多少”: a range said before the estimate asks for the amount is kept (its two ends are offered
 * when the question comes, flows/engine.ts); an amount said lets it go.
 */
function keepAmountRange(session: Session, u: Understanding): void {
  if (u.entities.amount !== undefined) {
    delete session.amountRange;
    return;
  }
  const range = extractAmountRange(u.normalized);
  if (range) session.amountRange = range;
}
