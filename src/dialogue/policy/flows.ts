/**
 * Flows as the policy sees them: a running flow reads the message first (its side questions answered
 * on the way), a flow set aside for a person is taken up again by “继续”, and its button is kept on the
 * turns that only finish the hand-off. The flow engine (flows/engine.ts) does the steps; this is what
 * it asks of the policy (flowDriver) and when the policy hands it the turn.
 */
import type { Reply } from '../../domain/reply.js';
import type { IntentId } from '../../domain/intents.js';
import type { Region } from '../../domain/types.js';
import { STRONG, type Understanding } from '../../domain/understanding.js';
import { inProvinceTrip, type KnowledgeBase } from '../../knowledge/base.js';
import { CONTINUE_TEXT, OPEN_QUESTION_WORD } from '../../nlu/cues.js';
import { continueFlow, continueLabel, resumeFlow, runningFlow, type FlowDriver } from '../flows/engine.js';
import { FLOW_HOOKS } from '../flows/hooks.js';
import { followupChoices } from '../render.js';
import type { Session } from '../session.js';
import { answer } from './answer.js';
import { likelyDomainIntents, sideQuestion } from './followups.js';
import { converse } from './people.js';
import { menuFor } from './menu.js';
import { placeAskedAbout, placeHeldSaid } from './places.js';
import { categoryAsked, saysRetiredOnly } from './profile.js';
import { type Decision, type PolicyDeps, type Turn } from './types.js';

/**
 * Turns that only finish what the hand-off began — the place for the line, the number asked for
 * (“行 我打电话问问” reads as contact), a yes, thanks: a flow set aside stays.
 */
const KEEPS_PAUSED = new Set<IntentId>(['human_agent', 'contact', 'thanks', 'greeting', 'affirm']);
/** How many turns after it was set aside a flow is still offered (“继续{title}”). */
const PAUSE_TURNS = 2;

/**
 * A flow set aside (for a person, or after side questions) lives on while the turns after it only
 * finish the hand-off or thank — its button offered again on each — for PAUSE_TURNS turns at most.
 * Anything else asked (another topic, another flow) is moving on: it is forgotten, and “继续” no
 * longer takes it up three topics later.
 */
export function pauseLifetime(kb: KnowledgeBase, session: Session, intent: IntentId, replies: Reply[]): Reply[] {
  if (!session.paused || session.flow || session.paused.at === session.turns) return replies;
  const flow = runningFlow(kb, session.paused.state);
  if (!flow || !KEEPS_PAUSED.has(intent) || session.turns - session.paused.at > PAUSE_TURNS) {
    session.paused = undefined;
    return replies;
  }
  const label = continueLabel(kb, flow);
  const at = replies.findIndex((r) => r.type === 'choices');
  const choices = replies[at];
  if (choices?.type !== 'choices') return [...replies, { type: 'choices', options: [label] }];
  if (choices.options.includes(label)) return replies;
  return replies.map((r, i) => (i === at ? { type: 'choices', options: [label, ...choices.options] } : r));
}

/** The flow's question asked now takes a number (the estimate's amount). */
export function asksNumber(kb: KnowledgeBase, session: Session): boolean {
  const step = runningFlow(kb, session.flow)?.steps.find((s) => s.id === session.flow?.asked);
  return step?.parser === 'amount';
}

/** What the flow engine asks of the policy: side questions, a person, the menu. */
export function flowDriver(deps: PolicyDeps): FlowDriver {
  return {
    hooks: deps.hooks ?? FLOW_HOOKS,
    ...(deps.defaultRegion ? { defaultRegion: deps.defaultRegion } : {}),
    answer: (ctx, intent) => answer(deps, ctx, intent),
    handoff: (ctx) => converse(deps, ctx, 'human_agent'),
    menu: (ctx) => followupChoices(deps.kb, menuFor(deps, ctx.session)),
  };
}

/** “那继续吧” after a person was asked for mid-flow: the flow where it stood, not “已取消”. */
export function resumePaused(t: Turn): Decision | undefined {
  const { deps, session, said } = t;
  const paused = session.flow ? undefined : runningFlow(deps.kb, session.paused?.state);
  if (!paused || !session.paused || !(CONTINUE_TEXT.test(said) || said === continueLabel(deps.kb, paused))) return undefined;
  return t.done(paused.intent, resumeFlow(t.driver, t.ctx, session.paused.state));
}

/**
 * “今天天气怎么样”, “明天去北京的火车几点” at a flow's question: an open question the classifier is sure is
 * none of ours, with no topic of ours even likely. The day or place it names is no answer (the date
 * entity reads 今天 in it): the flow says it cannot answer that and asks its question again.
 */
function offTopicQuestion(u: Understanding): boolean {
  return u.intent === 'out_of_scope' && u.confidence >= STRONG && OPEN_QUESTION_WORD.test(u.normalized) && likelyDomainIntents(u).length === 0;
}

/**
 * The resettled retiree taken from “退休了” alone: retiring is not all that category asks. Where the insured place's
 * notice defines it by the 户籍 moved (武汉, 湖南, 芮城), that definition quoted; elsewhere the national 经办规程's
 * materials (户口簿 or 个人承诺书) — the same texts the category answers quote — for a 跨省 trip or one whose destination is
 * not known; within one province, that the insured place's rules decide. Another category offered either way.
 */
function resettledCaveat(kb: KnowledgeBase, session: Session, defaultRegion: Region | undefined): string {
  const region = session.slots.insured_region ?? defaultRegion;
  const rule = kb.resettledByRegistration(region);
  // 潍坊→济南: the 经办规程's materials are the 跨省 trip's — a trip within one province is the insured place's to rule on.
  const inProvince = region !== undefined && inProvinceTrip({ insured_region: region, destination: session.slots.destination });
  if (!rule && inProvince) return kb.say('dialogue.retired_taken.in_province', { region: kb.covering(region)?.name ?? region.name });
  if (!rule) return kb.say('dialogue.retired_taken.open');
  const definition = rule.citation.quote.replace(/[；;。]$/, '。');
  return kb.say('dialogue.retired_taken.registration', { region: kb.covering(region)!.name, definition });
}

/**
 * A running flow reads the message. “多久能办好” while the filing flow asks for a date: a short
 * question the classifier doubts, with one likely topic, is that side question (answered, then the
 * flow asks again).
 */
export function inFlow(t: Turn): Decision | undefined {
  const { u, session, ctx } = t;
  if (!session.flow) return undefined;
  // “参保地是不是长沙” at the destination question: a question about a place, not the place given — what is kept
  // said back and the question again (长沙 had been taken as where the person goes).
  const askedAbout = placeAskedAbout(u);
  const held = askedAbout ? placeHeldSaid(t.deps.kb, session, askedAbout) : undefined;
  const running = runningFlow(t.deps.kb, session.flow);
  if (held && running) return t.done(running.intent, [{ type: 'text', text: held }, ...resumeFlow(t.driver, ctx, session.flow)], 1);
  // “我妈已经退休了” at another question than the category: said back, and the question again — not the retirement
  // formalities its words resemble, nor a category chosen unasked (retiredReading).
  if (running && saysRetiredOnly(u) && !categoryAsked(t.deps.kb, session)) {
    return t.done(running.intent, [{ type: 'text', text: t.deps.kb.say('dialogue.retired_noted.in_flow') }, ...resumeFlow(t.driver, ctx, session.flow)], 1);
  }
  // “我爸退休了” at the category question: taken as the resettled retiree, which needs more than retiring.
  const retiredAnswer = running !== undefined && saysRetiredOnly(u) && categoryAsked(t.deps.kb, session);
  const side = u.intent === 'out_of_scope' ? sideQuestion(u) : undefined;
  if (side) ctx.u = { ...u, intent: side, confidence: STRONG };
  else if (offTopicQuestion(u)) ctx.offTopic = true;
  const flow = runningFlow(t.deps.kb, session.flow);
  const replies = continueFlow(t.driver, ctx, session.flow);
  if (retiredAnswer && session.slots.person_category === 'retiree_resettled') replies.unshift({ type: 'text', text: resettledCaveat(t.deps.kb, session, t.deps.defaultRegion) });
  // “潍坊” at the place question, taken by the flow: the turn is the flow's (its intent, certain), not the
  // classifier's out-of-scope reading of a bare place name — the records then show what was understood.
  if (ctx.flowAnswer && flow) return t.done(flow.intent, replies, 1);
  return t.done(u.intent, replies);
}
