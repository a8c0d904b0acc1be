/**
 * The flow engine owns a flow's whole life: start, take answers (in any order, several at once,
 * corrections included), side questions, switching to another flow, cancel, hand-off, re-ask, give
 * up, confirm and finish. A flow is its declaration (flows/<name>.yaml) plus its hooks.
 *
 * Each turn first decides what the message is — an answer, a side question, another flow — from
 * what it *would* give, and only then takes its answers, so a side question leaves the flow as it was.
 */
import type { Reply } from '../../domain/reply.js';
import { isDomainIntent, type IntentId } from '../../domain/intents.js';
import type { FlowName, PersonCategory, Region, Scheme } from '../../domain/types.js';
import { STRONG, type Understanding } from '../../domain/understanding.js';
import type { ChoiceMeaning, FlowFile, FlowStep } from '../../knowledge/flows.js';
import type { KnowledgeBase } from '../../knowledge/base.js';
import { PERSON_CATEGORY_LABEL, SCHEME_IN_FLOW } from '../../knowledge/labels.js';
import { ASKED_BESIDE_GIVING_UP, CONTINUE_TEXT, nextReading, QUESTION_TEXT, WHY_WORD } from '../../nlu/cues.js';
import { DENIAL } from '../../nlu/entities/negation.js';
import { fingerprint, FlowStateSchema, SessionSlotsSchema, YesNoSchema, ReferralStatusSchema, type FlowState, type Session } from '../session.js';
import { renderAnswer } from '../render.js';
import { yuan } from '../../rules/estimate.js';
import { askAmong, askWhichPlace, numberBeyondAsked, pickedCandidate } from '../place-choice.js';
import { buttonChoices, CANNOT_DO_TEXT, INSURED_PLACE_UNKNOWN, INVALID, isoDate, keptRangeOffered, PARSERS, placeDenied, readYesNo, stepChoices, type StepValue } from './steps.js';
import type { FlowCtx, FlowHooks, FlowHooksRegistry, PrivateValue, TurnCtx } from './types.js';

export const MAX_RETRIES = 2;
/** `asked` while a declared confirmation waits for a yes, and after “修改” until the next answer. */
const CONFIRMING = ':confirm';
const EDITING = ':edit';

/** What the engine needs from the policy: answering a side question, a person, the menu. */
export interface FlowDriver {
  hooks: FlowHooksRegistry;
  /** DEFAULT_INSURED_REGION of the deployment, taken as the insured region when a flow starts. */
  defaultRegion?: Region;
  answer(ctx: TurnCtx, intent: IntentId): Reply[];
  handoff(ctx: TurnCtx): Reply[];
  menu(ctx: TurnCtx): Reply[];
}

/** The flow an intent starts (its intent file's `flow:`, checked against flows/*.yaml). */
export function flowStartedBy(kb: KnowledgeBase, intent: IntentId): FlowFile | undefined {
  return kb.knowledge.flows.find((f) => f.intent === intent);
}

/** The hooks of the running flow. The registry is keyed by name, so they match its state. */
function hooksOf(driver: FlowDriver, name: FlowName): FlowHooks<FlowName> {
  return driver.hooks[name] as unknown as FlowHooks<FlowName>;
}

const title = (ctx: FlowCtx) => ctx.kb.say(ctx.flow.title);

export function startFlow(driver: FlowDriver, ctx: TurnCtx, flow: FlowFile): Reply[] {
  const { session, kb } = ctx;
  const hooks = hooksOf(driver, flow.name);
  const state = FlowStateSchema.parse({ name: flow.name, retries: 0, ...hooks.init() });
  session.flow = state;
  session.paused = undefined;
  session.pendingIntent = undefined;
  if (!session.slots.insured_region && driver.defaultRegion) {
    session.slots = { ...session.slots, insured_region: driver.defaultRegion };
  }
  if (flow.restart && ctx.u.text.trim() === kb.say(flow.restart.label)) {
    const slots = { ...session.slots };
    for (const slot of flow.restart.clears) delete slots[slot];
    session.slots = slots;
    // “重新估算”: a range said for the last estimate is not offered for the next.
    if (flow.restart.clears.includes('amount')) delete session.amountRange;
  }
  const intro: Reply[] = [];
  if (flow.intro_answer) {
    const sel = kb.selectAnswer(flow.intent, session.slots);
    if (sel) {
      // The answer with its source card (a rule stated names its source), without the answer's buttons: the flow's come next.
      intro.push(...renderAnswer(kb, sel).replies.filter((r) => r.type !== 'choices'));
      // The intro is an answer given (the national one says so in its label): the turn's `level` says which.
      ctx.level = sel.level;
    }
  }
  const fctx: FlowCtx = { ...ctx, flow, state };
  take(driver, fctx, collect(fctx));
  // “我是郑州的医保 帮我备案”: an uncovered insured place known as the flow starts is told what the flow can and
  // cannot do for it, as when typed at its question. A flow opening with an answer has said so in the answer's label.
  const uncovered = flow.intro_answer ? [] : uncoveredPlace(driver, fctx, {});
  return withLevel(ctx, fctx, [...intro, ...uncovered, ...advance(driver, fctx)]);
}

/**
 * A flow's result (the estimate, the form, the check's conclusion) set its level on the flow's context: the turn's output says it.
 * So does a message the flow took as an answer (`flowAnswer`): the turn is reported as the flow's.
 */
function withLevel(ctx: TurnCtx, fctx: FlowCtx, replies: Reply[]): Reply[] {
  if (fctx.level) ctx.level = fctx.level;
  if (fctx.flowAnswer) ctx.flowAnswer = true;
  return replies;
}

/**
 * “重新开始” inside a flow: what the person answered in it is forgotten (every slot its steps fill)
 * and the flow asks again from its first question.
 */
export function restartFlow(driver: FlowDriver, ctx: TurnCtx, state: FlowState): Reply[] {
  return inRunningFlow(driver, ctx, state, ({ flow }) => {
    const slots = { ...ctx.session.slots };
    for (const step of flow.steps) if (step.slot) delete slots[step.slot];
    ctx.session.slots = slots;
    if (flow.steps.some((step) => step.slot === 'amount')) delete ctx.session.amountRange;
    return [{ type: 'text', text: ctx.kb.say('dialogue.flow.restarted', { title: ctx.kb.say(flow.title) }) }, ...startFlow(driver, ctx, flow)];
  });
}

/**
 * “上一步” inside a flow: the answer to the question before the one asked is forgotten and that
 * question is asked again (a question whose answer is not a slot, or the first one, is asked again as it is).
 */
export function stepBack(driver: FlowDriver, ctx: TurnCtx, state: FlowState): Reply[] {
  return inRunningFlow(driver, ctx, state, (fctx) => {
    const asked = fctx.flow.steps.filter(asks);
    const at = state.asked === CONFIRMING || state.asked === EDITING ? asked.length : asked.findIndex((s) => s.id === state.asked);
    const previous = asked.slice(0, Math.max(at, 0)).reverse().find((s) => s.slot && ctx.session.slots[s.slot] !== undefined);
    if (previous?.slot) {
      const slots = { ...ctx.session.slots };
      delete slots[previous.slot];
      ctx.session.slots = slots;
    }
    return advance(driver, fctx);
  });
}

/** The declaration of the running flow; undefined without one, or once content no longer declares it. */
export function runningFlow(kb: KnowledgeBase, state: FlowState | undefined): FlowFile | undefined {
  return state && kb.knowledge.flows.find((f) => f.name === state.name);
}

/** A turn of the running flow. One no longer declared (content changed under a live session) is forgotten. */
function inRunningFlow(driver: FlowDriver, ctx: TurnCtx, state: FlowState, turn: (fctx: FlowCtx) => Reply[]): Reply[] {
  const flow = runningFlow(ctx.kb, state);
  if (!flow) {
    ctx.session.flow = undefined;
    return driver.menu(ctx);
  }
  const fctx: FlowCtx = { ...ctx, flow, state };
  return withLevel(ctx, fctx, turn(fctx));
}

/** How sure the reading beside the giving-up words must be that another flow is wished (“不算了 我要备案”: 0.96). */
const OTHER_FLOW_FLOOR = 0.5;
/** “算了 我还是先备案吧”: filing wished in words the classifier reads as the steps (办理流程). */
const FILING_WISHED = /(还是|先|要|想|帮我|给我)[^，,。？?]{0,3}(办|做|弄)?(个|一下)?备案(吧|啊|呀|了)?[。！!]*$/;
/**
 * A refusal is no wish: “我不想备案”, “我不要备案了”, “我还是先不备案吧” hold 想/要/先 but deny them. The project's denial
 * words (DENIAL) and the bare 不/别/甭 that deny a wish, just before the wish words or inside them.
 */
const WISH_DENIED = new RegExp(`${DENIAL}|不|别|甭`);

function filingWished(text: string): boolean {
  const m = FILING_WISHED.exec(text);
  return m !== null && !WISH_DENIED.test(text.slice(Math.max(0, m.index - 2), m.index + m[0].length));
}

/** The other flow a message that leaves this one asks for, if any: by its reading beside the giving-up, or a wish to file. */
function otherFlowWished(kb: KnowledgeBase, u: Understanding, flow: FlowFile): FlowFile | undefined {
  const next = nextReading(u.ranking.filter((r) => r.intent !== 'cancel'), OTHER_FLOW_FLOOR);
  const read = next.intent === 'out_of_scope' ? undefined : flowStartedBy(kb, next.intent);
  const wished = read ?? (filingWished(u.normalized.trim()) && !QUESTION_TEXT.test(u.normalized) ? flowStartedBy(kb, 'start_filing') : undefined);
  return wished && wished.name !== flow.name ? wished : undefined;
}

/**
 * “继续” after a flow was left for a person: the flow again where it stood, its question asked
 * again with what was answered kept.
 */
export function resumeFlow(driver: FlowDriver, ctx: TurnCtx, state: FlowState): Reply[] {
  ctx.session.paused = undefined;
  ctx.session.flow = state;
  state.sides = undefined;
  return inRunningFlow(driver, ctx, state, (fctx) => [{ type: 'text', text: ctx.kb.say('dialogue.flow.resume', { title: title(fctx) }) }, ...advance(driver, fctx)]);
}

export function continueFlow(driver: FlowDriver, ctx: TurnCtx, state: FlowState): Reply[] {
  return inRunningFlow(driver, ctx, state, (fctx) => flowTurn(driver, fctx));
}

function flowTurn(driver: FlowDriver, fctx: FlowCtx): Reply[] {
  const { kb, u, session, flow, state } = fctx;
  const ctx: TurnCtx = fctx;
  if (u.intent === 'cancel') {
    session.flow = undefined;
    // “不算了 我要备案”, “不办了 帮我算算能报多少”: this flow left for another, which is started (with what is known).
    const other = otherFlowWished(kb, u, flow);
    if (other) return [{ type: 'text', text: kb.say('dialogue.flow.switched', { title: title(fctx) }) }, ...startFlow(driver, ctx, other)];
    const cancelled: Reply = { type: 'text', text: kb.say('dialogue.flow.cancelled', { title: title(fctx) }) };
    // “不办了 我想先问问要什么材料”: the person leaves the flow to ask something — it is answered.
    // The question after the giving-up words, read on its own (Understanding.alsoAsked), where the NLU read one;
    // else the whole message's next reading (“算了 我先问问要什么材料” was read 手工报销 so).
    const onLeaving = u.alsoAsked?.[0];
    const question = onLeaving ? { intent: onLeaving } : QUESTION_TEXT.test(u.normalized) ? nextReading(u.ranking.filter((r) => r.intent !== 'cancel'), ASKED_BESIDE_GIVING_UP) : undefined;
    if (question && question.intent !== 'out_of_scope') return [cancelled, ...driver.answer(ctx, question.intent)];
    return [cancelled, ...driver.menu(ctx)];
  }
  // A person is always one step away, whatever the flow asked.
  // Left, not given up: the flow is kept where it stood, and “继续” (the button) takes it up again.
  if (asksForNumber(u)) {
    const person = driver.handoff(ctx).filter((r) => r.type !== 'choices');
    ctx.session.pendingIntent = undefined;
    session.flow = state;
    const resume = state.asked === CONFIRMING ? askConfirmation(driver, fctx) : advance(driver, fctx);
    return [...person, { type: 'text', text: kb.say('dialogue.flow.resume', { title: title(fctx) }) }, ...resume];
  }
  if (wantsPerson(u)) {
    setAside(ctx);
    return [...driver.handoff(ctx), continueChoice(fctx)];
  }

  // “2”, “北京的” for the places of one name the place question offered (“有几个地方都叫朝阳…”): the one
  // picked answers the question; anything else lets the offer go and the message is read as ever.
  const offered = session.placeAsked;
  session.placeAsked = undefined;
  const placeStep = flow.steps.find((s) => s.id === state.asked);
  if (offered && placeStep?.parser === 'region' && placeStep.slot === offered.role) {
    const beyond = numberBeyondAsked(kb, session, u, offered, true);
    if (beyond) return beyond;
    const picked = pickedCandidate(u, offered.codes);
    if (Array.isArray(picked)) return askAmong(kb, session, offered.name, picked, offered.role, true);
    if (picked) {
      const before = { ...session.slots };
      state.sides = undefined;
      take(driver, fctx, [{ step: placeStep, value: picked }]);
      fctx.flowAnswer = true;
      return [...uncoveredPlace(driver, fctx, before), ...advance(driver, fctx)];
    }
  }

  const justNoted = state.noted === true;
  state.noted = undefined;
  // What the message is, decided before anything of it is taken.
  const taken = collect(fctx);
  const confirming = state.asked === CONFIRMING;
  const choice = confirming ? declaredChoice(fctx) : undefined;
  const asked = flow.steps.find((s) => s.id === state.asked);
  const read = taken.length === 0 && asked ? readText(fctx, asked) : undefined;
  const answered = taken.some((t) => t.step.id === state.asked) || (read !== undefined && read !== INVALID);
  // “七八千” for the amount: an answer meant but not usable as it stands — said why, with its two ends to tap; not
  // counted as a failed answer, nor taken for “接着来” (the classifier reads a bare sum as the estimate asked again).
  // “花了七八千，是二类医院”: the range offered whatever else the message gave (the class is taken and kept).
  const meant = taken.length === 0 ? read === INVALID : !taken.some((t) => t.step.id === state.asked);
  const unusable = !answered && !confirming && meant && asked ? PARSERS[asked.parser].unusable?.(fctx) : undefined;
  if (unusable && asked) {
    // An answer to the flow's question (reported as the flow's turn), though not one it can use as said: “七八千到一万”
    // was reported as the classifier's out_of_scope.
    fctx.flowAnswer = true;
    if (taken.length === 0) return unusable;
    state.sides = undefined;
    take(driver, fctx, taken);
    fctx.flowAnswer = true;
    // What was taken may end the flow (its guard) or ask another question first: the flow goes on as it would.
    const ended = guarded(driver, fctx);
    if (ended) return ended;
    if (nextStep(driver, fctx)?.id !== asked.id) return advance(driver, fctx);
    const noted = taken.flatMap((t) => notedValue(kb, t) ?? []).join('、');
    return noted ? [{ type: 'text', text: kb.say('dialogue.flow.noted_only', { noted }) }, ...unusable] : unusable;
  }
  // “上海的” at the date question, 上海 held as the destination: taken, it would make the insured place the destination
  // silently (“已改为上海市”) — which one is meant is asked, and nothing is changed.
  const merged = !confirming && asked && asks(asked) ? placesMadeOne(fctx, taken) : undefined;
  if (merged && asked && asks(asked)) {
    fctx.flowAnswer = true;
    const [role, other] = merged.held === 'destination' ? ['就医地', '参保地'] : ['参保地', '就医地'];
    return [{ type: 'text', text: kb.say('dialogue.flow.same_place', { place: kb.placeName(merged.place), role, other }) }, ...ask(driver, fctx, asked)];
  }
  // “深圳”, “上海看病” again at the date question, kept before as where he is treated (the elderly repeat what they
  // said): said that it is kept, and the question again — not “没能识别”, not “先记下了”, not counted.
  const onlyHeld = taken.length === 0 || taken.every((t) => isRegionSlot(t.step.slot) && sameRegion(session.slots[t.step.slot], t.value));
  // “不是上海的”, “我说错了，不是去上海” at the date question, 上海 held: taken back with no place for it — not “上海市已经记下了”
  // nor “没能识别”: the place is let go and its question asked again.
  const takenBack = !answered && !confirming && onlyHeld && choice === undefined ? heldPlaceDenied(fctx) : undefined;
  if (takenBack && asked && asks(asked)) {
    fctx.flowAnswer = true;
    delete session.slots[takenBack];
    return advance(driver, fctx);
  }
  const again = !answered && onlyHeld && choice === undefined ? placeSaidAgain(fctx) : undefined;
  if (again && asked && asks(asked)) {
    fctx.flowAnswer = true;
    return [{ type: 'text', text: kb.say('dialogue.flow.already_noted', { noted: again }) }, ...ask(driver, fctx, asked)];
  }
  // “鼓楼区” for the flow's place question: a name several cities hold — which city is asked (the
  // question stays open for it), neither a guess nor an answer we could not use.
  // As the free chat asks it: a few places of that name are offered with their provinces to pick from
  // (回复序号、省份或城市名), many (高新区) have the city asked for.
  if (read === INVALID && asked?.parser === 'region' && u.unresolvedPlace) {
    return askWhichPlace(kb, session, u.unresolvedPlace, asked.slot === 'destination' ? 'destination' : 'insured_region', true, u.placeCandidates);
  }
  // “其他地区”, the place question's last button: the place is typed next — asked for, the question
  // kept open for it, not an answer we could not use.
  if (!answered && taken.length === 0 && asked?.parser === 'region' && u.text.trim() === kb.say('dialogue.choice.other_region')) {
    return [{ type: 'text', text: kb.say('dialogue.other_region') }];
  }
  // The question still open with nothing of it answered — where a message about the question itself (not knowing, why it
  // is asked, no phone, help) is read; `untouched` when no choice of it was named either.
  const open = !answered && taken.length === 0 && asked && asks(asked) ? asked : undefined;
  const untouched = choice === undefined ? open : undefined;
  // “我也不知道在哪参保” at the place question: where to ask, then the question again with its buttons.
  // “你说的参保地是啥”: what the word means is part of the same help (it opens with what 参保地 is).
  if (open?.parser === 'region' && open.slot === 'insured_region'
    && (INSURED_PLACE_UNKNOWN.test(u.normalized) || (WHAT_IS.test(u.normalized) && INSURED_PLACE_WORD.test(u.normalized)))) {
    return [{ type: 'text', text: kb.say('dialogue.insured_place_unknown') }, ...ask(driver, fctx, open)];
  }
  // “三甲医院” or “办了” answers the question asked, and “就医地改成三亚” corrects a slot, even when
  // they also resemble another intent (变更备案); a question is a side question.
  const attempt = answered || choice !== undefined || (taken.length > 0 && !QUESTION_TEXT.test(u.normalized))
    || (read === INVALID && looksLikeBareAnswer(u) && !toldOfPhone(u));
  // “我不会弄手机” while filing (the elderly at the kiosk): the flow needs no phone — said so, with where the form goes and
  // a person, then the question again; not “直接回答下面这个问题就行”, nor who may file.
  if (flow.name === 'filing' && untouched && CANNOT_DO_TEXT.test(u.normalized.trim())) {
    return [{ type: 'text', text: kb.say('dialogue.flow.cannot_do') }, ...ask(driver, fctx, untouched)];
  }
  // “为什么要问这个”: the question answered with a question — why it is asked, and the ways out (取消, 转人工), then the
  // question again; not “没能识别您的回答”, and not counted as a failed answer.
  if (untouched && WHY_ASKED.test(u.normalized.trim())) {
    return [{ type: 'text', text: kb.say('dialogue.flow.why_asked', { title: title(fctx) }) }, ...ask(driver, fctx, untouched)];
  }
  // “还不知道去哪看病 还没定” at the destination question: a filing is made to the city treated in, so it waits for that
  // choice — said with the national rule, then the question again (not “直接回答下面这个问题就行”).
  if (flow.name === 'filing' && open?.slot === 'destination' && open.parser === 'region' && DESTINATION_UNDECIDED.test(u.normalized)) {
    return [{ type: 'text', text: kb.say('dialogue.flow.destination_undecided') }, ...ask(driver, fctx, open)];
  }
  // “怎么弄”, “啥意思” is about the question asked, whatever topic the classifier heard in it.
  if (untouched && STEP_HELP.test(u.normalized.trim())) return stepHelp(driver, fctx, untouched);
  // “今天天气怎么样” at the date question: not the date 今天 — said we cannot answer it, and the question
  // again (not counted as an answer we could not use: the person asked something else). After “怎么弄”,
  // which is help with the question, however sure the classifier is that it is none of ours.
  if (ctx.offTopic && !confirming && asked && asks(asked)) {
    return [{ type: 'text', text: kb.say('dialogue.flow.off_topic', { title: title(fctx) }) }, ...ask(driver, fctx, asked)];
  }
  // “啥是职工医保 我也不知道”: what one of the question's choices means, asked, and not knowing — help with
  // the question; the choice named in the asking is no answer. (“报销政策是什么” names no choice: a side question.)
  if (!confirming && asked && asks(asked) && taken.some((t) => t.step.id === asked.id)
    && WHAT_IS.test(u.normalized) && (NOT_KNOWING.test(u.normalized) || WHAT_IS_ALONE.test(u.normalized.trim()))) {
    return stepHelp(driver, fctx, asked);
  }
  // “帮我算一下” while the estimate runs: the flow asked for again goes on where it stands.
  // “谢谢” at a question: acknowledged and the question asked again, not counted as an answer we could not use.
  if (!answered && taken.length === 0 && choice === undefined && u.intent === 'thanks' && u.confidence >= STRONG) {
    const resume = confirming ? askConfirmation(driver, fctx) : advance(driver, fctx);
    return [{ type: 'text', text: kb.say('dialogue.flow.thanks') }, ...resume];
  }
  // “你好”, “在吗”, “继续” at a question — someone back after a pause: the flow where it stands and its
  // question again, not an answer we could not use.
  if (!answered && taken.length === 0 && choice === undefined
    && (CONTINUE_TEXT.test(u.normalized.trim()) || (u.intent === 'greeting' && u.confidence >= STRONG))) {
    const resume = confirming ? askConfirmation(driver, fctx) : advance(driver, fctx);
    return [{ type: 'text', text: kb.say('dialogue.flow.resume', { title: title(fctx) }) }, ...resume];
  }
  if (!answered && taken.length === 0 && choice === undefined && readsStrongly(u, flow.intent)) {
    const resume = confirming ? askConfirmation(driver, fctx) : advance(driver, fctx);
    return [{ type: 'text', text: kb.say('dialogue.flow.resume', { title: title(fctx) }) }, ...resume];
  }
  // “她退休了 户口没迁过来” at the date question: the person told something of themselves, which the turn
  // already said back (the 户口 rule for the place); nothing asked — the question again, neither “没能识别”
  // nor a side question the words resemble (four seeds read it unsure, or who may file).
  if (untouched && ctx.told && !QUESTION_TEXT.test(u.normalized)) {
    fctx.flowAnswer = true;
    return [{ type: 'text', text: kb.say('dialogue.flow.still_needed') }, ...ask(driver, fctx, untouched)];
  }
  if (!attempt && u.confidence >= STRONG) {
    const other = flowStartedBy(kb, u.intent);
    if (other && other.name !== flow.name) {
      return [{ type: 'text', text: kb.say('dialogue.flow.switched', { title: title(fctx) }) }, ...startFlow(driver, ctx, other)];
    }
    if (isDomainIntent(u.intent) && u.intent !== flow.intent) return interruption(driver, fctx);
  }

  state.sides = undefined;
  const before = { ...session.slots };
  take(driver, fctx, asked && read !== undefined && read !== INVALID ? [{ step: asked, value: read }] : taken);
  // What the flow understood the message as: an answer of its own (a bare “潍坊” the classifier calls out of scope).
  if (answered || taken.length > 0 || choice !== undefined) fctx.flowAnswer = true;
  // “不是，是武汉”, “不对，是退休安置”: a place, category or scheme said before and now changed is
  // acknowledged, so the person sees it took.
  const changedPlaces = REGION_SLOTS.filter((k) => taken.some((t) => t.step.slot === k && t.step.id !== state.asked)
    && before[k] && session.slots[k] && before[k].code !== session.slots[k].code);
  const changedOthers = LABELLED_SLOTS.filter((k) => taken.some((t) => t.step.slot === k && t.step.id !== state.asked)
    && before[k] && session.slots[k] && before[k] !== session.slots[k]);
  // “潍坊” then “不对，是太原”: a place no notice here covers, corrected to — what the flow can do for it said (its note
  // names the place it took), never a bare “已改为太原市” that leaves the person expecting a notice's own rules.
  const uncovered = changedPlaces.includes('insured_region') && !confirming ? uncoveredPlace(driver, fctx, before) : [];
  const ack: Reply[] = [
    ...changedPlaces.filter((k) => !(k === 'insured_region' && uncovered.length > 0)).map((k) => kb.placeName(session.slots[k]!)),
    ...changedOthers.map((k) => (k === 'scheme' ? kb.say(SCHEME_IN_FLOW[session.slots.scheme!]) : kb.say(PERSON_CATEGORY_LABEL[session.slots.person_category!]))),
  ].map((place) => ({ type: 'text', text: kb.say('dialogue.flow.corrected', { place }) }));
  if ((ack.length > 0 || uncovered.length > 0) && !confirming) return [...ack, ...uncovered, ...advance(driver, fctx)];
  if (confirming) {
    // “就医地改成济南” at the confirmation: the guard first, so a trip the notice exempts is said so now,
    // never summarised with “确认后我为您生成预填好的备案表”.
    if (taken.length > 0) return guarded(driver, fctx) ?? askConfirmation(driver, fctx);
    return confirmTurn(driver, fctx, choice) ?? askConfirmation(driver, fctx);
  }
  // “12月10号” when asked where to: the date is taken, and the re-ask says so rather than repeating itself.
  if (!answered && taken.length > 0 && asked && asks(asked) && valueOf(driver, fctx, asked) === undefined) {
    const noted = taken.flatMap((t) => notedValue(kb, t) ?? []).join('、');
    const next = advance(driver, fctx);
    // “没备案” while the check asks for the place: the answer taken may end the flow (its result
    // follows) or move it on — “还需要您回答这个问题” only where the same question is asked again.
    if (session.flow?.asked !== asked.id) return noted ? [{ type: 'text', text: kb.say('dialogue.flow.noted_only', { noted }) }, ...next] : next;
    const lead = noted ? kb.say('dialogue.flow.noted', { noted }) : kb.say('dialogue.flow.still_needed');
    state.noted = true;
    return [{ type: 'text', text: lead }, ...next];
  }
  // “啊”, “呃” at a question: a sound made over it — help with the question, as for “不懂”, not a failed answer.
  if (open && MURMUR.test(u.normalized.trim())) return stepHelp(driver, fctx, open);
  // “对” right after such a note agrees with it: no failed answer, the question again. So does “嗯”, “好的” at a
  // question no yes answers (which category, which place) before any answer failed: the elderly at the kiosk nod
  // along — three nods gave the flow up as “没能理解您的回答”. After answers we could not use, a nod is one more sign
  // the person is stuck: it counts, and the give-up offers a person.
  const nodded = u.intent === 'affirm' && (justNoted || (asked?.parser !== 'yes_no' && state.retries === 0 && NODDED.test(u.normalized.trim())));
  if (open && nodded) {
    return [{ type: 'text', text: kb.say('dialogue.flow.still_needed') }, ...ask(driver, fctx, open)];
  }
  if (!answered && taken.length === 0) return reask(driver, fctx);
  return [...uncoveredPlace(driver, fctx, before), ...pastDate(driver, fctx, before), ...advance(driver, fctx)];
}

/**
 * “广州” typed after “其他地区”: an insured place none of whose own rules the corpus holds, newly taken —
 * what the flow can and cannot do for it said plainly (the flow's `uncoveredPlace` hook, where it has one).
 */
function uncoveredPlace(driver: FlowDriver, ctx: FlowCtx, before: Session['slots']): Reply[] {
  const place = ctx.session.slots.insured_region;
  const note = hooksOf(driver, ctx.state.name).uncoveredPlace;
  if (!note || !place || before.insured_region?.code === place.code || ctx.kb.covering(place)) return [];
  return [{ type: 'text', text: note(ctx, ctx.kb.placeName(place)) }];
}

/**
 * “上个月5号” for the filing's start: a trip already begun — a late filing (补办), whose rule for the
 * insured place (how far back a start may go) is said with the question after it (the flow's `pastDate`
 * hook and the filing_late answer), never a form silently dated where the rule may not reach.
 */
function pastDate(driver: FlowDriver, ctx: FlowCtx, before: Session['slots']): Reply[] {
  const date = ctx.session.slots.date;
  const lead = hooksOf(driver, ctx.state.name).pastDate;
  if (!lead || !date || before.date === date || date >= isoDate(ctx.now)) return [];
  const pending = ctx.session.pendingIntent;
  const rule = driver.answer(ctx, 'filing_late').filter((r) => r.type !== 'choices');
  ctx.session.pendingIntent = pending;
  const [, month, day] = date.split('-').map(Number);
  return [{ type: 'text', text: lead(ctx, ctx.kb.say('flow.noted.date', { month: month!, day: day! })) }, ...rule];
}

/** A taken answer as the person would say it back (南京市鼓楼区, 异地安置退休人员, 12月10日); undefined where it has no words. */
function notedValue(kb: KnowledgeBase, { step, value }: Taken): string | undefined {
  if (!step.slot) return undefined;
  if (typeof value === 'object' && value !== null && 'code' in value) return kb.placeName(value);
  // “20000” typed while the hospital's class is asked: the amount said back, not a bare “好的” that hides it was kept.
  if (typeof value === 'number' && step.parser === 'amount') return kb.say('flow.noted.amount', { amount: yuan(value) });
  if (typeof value !== 'string') return undefined;
  // The step's parser took these values (steps.ts PARSERS), so they are the slot's own.
  if (step.slot === 'person_category') return kb.say(PERSON_CATEGORY_LABEL[value as PersonCategory]);
  if (step.slot === 'scheme') return kb.say(SCHEME_IN_FLOW[value as Scheme]);
  const date = /^\d{4}-(\d{2})-(\d{2})$/.exec(value);
  if (step.parser === 'date' && date) return kb.say('flow.noted.date', { month: Number(date[1]), day: Number(date[2]) });
  return undefined;
}

/** The words asking what a word means, before it (“啥是职工医保”) and after it (“城乡居民医保是啥”). */
const WHAT_IS_BEFORE = '啥是|什么是|啥叫|什么叫|何为';
const WHAT_IS_AFTER = '是啥|是什么|是个啥|啥意思|什么意思';
/** “啥是职工医保”, “什么叫异地长期居住”, “城乡居民医保是啥”: what a word means, asked. */
const WHAT_IS = new RegExp(`${WHAT_IS_BEFORE}|${WHAT_IS_AFTER}`);
/**
 * “什么叫异地长期居住？”, “职工医保是啥”: the whole message asks what a word means (it was taken as the
 * answer it names) — help with the question, as with not knowing.
 */
const WHAT_IS_ALONE = new RegExp(`^(请问)?(那)?(${WHAT_IS_BEFORE})[^，,。\\s]{1,14}(啊|呀|呢)?[？?]*$|^(请问)?[^，,。\\s]{1,14}(${WHAT_IS_AFTER})(啊|呀|呢)?[？?]*$`);
/** “为什么要问这个”, “问这个干嘛”, “凭什么要知道我的情况”: why the question is asked. */
const WHY_ASKED = new RegExp(`^(那|请问)?(你|您)?(${WHY_WORD}|干嘛|干啥)(要|得|非得|还要)?(问|知道|填|说|告诉)[^，,。？?]{0,8}(啊|呀|呢|吗)?[？?]*$|^(问|填)(这个|这些|这)(干嘛|干啥|做什么|有什么用|有啥用)(啊|呀|呢)?[？?]*$`);
/** “不知道去哪看病 还没定”, “还没想好去哪”: the place of treatment not decided yet. */
const DESTINATION_UNDECIDED = /还没定|没定好|没想好|还不确定|不确定(去|在)?哪|(不知道|不清楚|还不知道)(要|会)?(去|在)?(哪|哪里|哪儿)(看|治|住院|就医)/;
/** The words for the insured place, asked what they mean (“你说的参保地是啥”, “医保关系是什么意思”). */
const INSURED_PLACE_WORD = /参保地|医保关系|参保关系/;
/** “我也不知道”, “说不清”: the person does not know the answer. */
const NOT_KNOWING = /不知道|不清楚|说不清|搞不清|不晓得|不懂|不了解/;

/** “怎么弄”, “啥意思”, “不知道选哪个” in answer to a question: help with it, not “没能识别”. */
// “我也说不清 俺闺女让俺来办的”: not knowing, and who sent them — the reason may run on a little.
const STEP_HELP = /^(我|我也|俺|俺也|也)?(怎么弄|怎么填|怎么选|怎么回答|怎么说|咋弄|咋填|咋选|咋整|选哪个|选哪一?个|不知道|不清楚|说不清楚?|说不好|搞不清楚?|弄不清楚?|不晓得|不太清楚|不会|不懂|看不懂|听不懂|啥意思|什么意思|是什么意思)[^，,。]{0,12}$/;

/**
 * Help with the question asked: the categories explained by the eligibility answer for the
 * person's place (whose rule it is), any other question's example; then the question again.
 * Not counted as a failed answer.
 */
function stepHelp(driver: FlowDriver, ctx: FlowCtx, step: FlowStep & { ask: string }): Reply[] {
  if (step.parser === 'person_category') {
    // Stuck again at the same question: the categories are just above — who can tell (the person's own line), not
    // the same paragraph a second time.
    if (ctx.state.helped === step.id) {
      const person = driver.handoff(ctx).filter((r) => r.type !== 'choices');
      return [{ type: 'text', text: ctx.kb.say('dialogue.flow.category_help_again') }, ...person, ...ask(driver, ctx, step)];
    }
    ctx.state.helped = step.id;
    const side = driver.answer(ctx, 'eligibility').filter((r) => r.type !== 'choices');
    ctx.session.pendingIntent = undefined;
    return [...side, ...ask(driver, ctx, step)];
  }
  const example = step.example ? ctx.kb.say(step.example) : '';
  return [{ type: 'text', text: ctx.kb.say('dialogue.flow.step_help', { example }) }, ...ask(driver, ctx, step)];
}

const REGION_SLOTS = ['insured_region', 'destination'] as const;
/** Slots whose value is shown by its label when corrected. */
const LABELLED_SLOTS = ['person_category', 'scheme'] as const;

interface Taken {
  step: FlowStep;
  value: StepValue;
}

/** Every answer the message carries in its entities, for any step. */
function collect(ctx: FlowCtx): Taken[] {
  const taken: Taken[] = [];
  for (const step of ctx.flow.steps) {
    const parser = PARSERS[step.parser];
    const value = parser.fromEntities?.(ctx, step, step.id === ctx.state.asked);
    // “不是去上海”: a place the message takes back is never an answer (nor “先记下了：上海市”).
    if (step.parser === 'region' && typeof value === 'object' && placeDenied(ctx.u.normalized, value as Region)) continue;
    if (value !== undefined) taken.push({ step, value });
  }
  return taken;
}

/** A bare answer to the step just asked (“二类”, “10000”, “是”). */
function readText(ctx: FlowCtx, step: FlowStep): StepValue | typeof INVALID | undefined {
  return PARSERS[step.parser].fromText?.(ctx, step);
}

const PrivateValueSchema = YesNoSchema.or(ReferralStatusSchema);

function take(driver: FlowDriver, ctx: FlowCtx, taken: readonly Taken[]): void {
  const hooks = hooksOf(driver, ctx.state.name);
  // The place said last, for a bare correction next (“不对 是海口”); two at once leave it open.
  const places = taken.flatMap((t) => (t.step.slot === 'insured_region' || t.step.slot === 'destination' ? [t.step.slot] : []));
  if (places.length === 1) ctx.state.lastPlace = places[0];
  else if (places.length > 1) delete ctx.state.lastPlace;
  for (const { step, value } of taken) {
    if (step.slot) {
      // The validator ties each parser to the slots it fills; the schema checks the value's shape.
      const slot = step.slot;
      ctx.session.slots = SessionSlotsSchema.parse({ ...ctx.session.slots, [slot]: value });
      // An amount given (one of the range's ends tapped): the range said before has served.
      if (slot === 'amount') delete ctx.session.amountRange;
    } else {
      hooks.setPrivate?.(ctx.state, step, PrivateValueSchema.parse(value));
    }
  }
}

function valueOf(driver: FlowDriver, ctx: FlowCtx, step: FlowStep): StepValue | PrivateValue | undefined {
  if (step.slot) return ctx.session.slots[step.slot];
  return hooksOf(driver, ctx.state.name).getPrivate?.(ctx.state, step);
}

function nextStep(driver: FlowDriver, ctx: FlowCtx): (FlowStep & { ask: string }) | undefined {
  const hooks = hooksOf(driver, ctx.state.name);
  return ctx.flow.steps.filter(asks).find((s) => (hooks.applies?.(ctx, s) ?? true) && valueOf(driver, ctx, s) === undefined);
}

function ask(driver: FlowDriver, ctx: FlowCtx, step: FlowStep & { ask: string }): Reply[] {
  const vars = { region: ctx.session.slots.insured_region ? ctx.kb.placeName(ctx.session.slots.insured_region) : '', ...hooksOf(driver, ctx.state.name).askVars?.(ctx, step) };
  return [{ type: 'text', text: ctx.kb.say(step.ask, vars) }, ...stepChoices(ctx, step)];
}

/** A step that is asked (one without a question is only taken when said in passing). */
const asks = (s: FlowStep): s is FlowStep & { ask: string } => s.ask !== undefined;

/** The flow is over: it leaves the session, and its intent is what a follow-up refers to. */
function end(ctx: FlowCtx, replies: Reply[]): Reply[] {
  ctx.session.flow = undefined;
  ctx.session.lastIntent = ctx.flow.intent;
  delete ctx.session.answeredWhetherFiling;
  return replies;
}

function complete(driver: FlowDriver, ctx: FlowCtx): Reply[] {
  const restart = ctx.flow.restart ? [ctx.kb.say(ctx.flow.restart.label)] : [];
  const replies = hooksOf(driver, ctx.state.name).complete(ctx);
  return end(ctx, [...replies, ...buttonChoices(ctx, ctx.flow.complete.buttons, restart)]);
}

/**
 * The flow's guard, ending the flow with its replies and declared buttons when it says so. Run before
 * every step and before the completion: a slot changed at the confirmation (就医地改成济南) is not
 * guarded by the turn that showed the summary, and no flow's complete hook checks again.
 */
function guarded(driver: FlowDriver, ctx: FlowCtx): Reply[] | undefined {
  const replies = hooksOf(driver, ctx.state.name).guard?.(ctx);
  if (!replies) return undefined;
  const buttons = buttonChoices(ctx, ctx.flow.guard?.buttons ?? []);
  // “花了两万能报多少” again right after the estimate was refused for it: the same refusal word for word helps
  // no one — said that it stays so, and the person to ask (their place's line, 12393) with the guard's buttons.
  const said = fingerprint(replies.map((r) => (r.type === 'text' ? r.text : '')).join('\n'));
  const { session } = ctx;
  const again = session.refused?.said === said && session.refused.at === session.turns - 1;
  session.refused = { said, at: session.turns };
  if (again) {
    const person = driver.handoff(ctx).filter((r) => r.type !== 'choices');
    return end(ctx, [{ type: 'text', text: ctx.kb.say('dialogue.flow.refused_again', { title: title(ctx) }) }, ...person, ...buttons]);
  }
  return end(ctx, [...replies, ...buttons]);
}

/** Asks the next step, or confirms, or completes. */
function advance(driver: FlowDriver, ctx: FlowCtx): Reply[] {
  const ended = guarded(driver, ctx);
  if (ended) return ended;
  const held = hooksOf(driver, ctx.state.name).hold?.(ctx);
  if (held) return held;
  const step = nextStep(driver, ctx);
  if (!step) return askConfirmation(driver, ctx);
  ctx.state.retries = step.id === ctx.state.asked ? ctx.state.retries : 0;
  if (step.id !== ctx.state.asked) delete ctx.state.helped;
  ctx.state.asked = step.id;
  // “花了七八千，是二类医院” at the class question, “芮城职工三类医院花了七八千能报多少” opening the flow: the message
  // already said the amount asked next as a range — its two ends offered instead of the bare question. A range said
  // while other questions came first (“住院大概花了七八千，能报多少”, then the place) is kept in the session and offered here.
  return PARSERS[step.parser].unusable?.(ctx) ?? keptRangeOffered(ctx, step) ?? ask(driver, ctx, step);
}

function askConfirmation(driver: FlowDriver, ctx: FlowCtx): Reply[] {
  const confirm = ctx.flow.confirm;
  if (!confirm) return complete(driver, ctx);
  ctx.state.asked = CONFIRMING;
  const summary = hooksOf(driver, ctx.state.name).summary?.(ctx) ?? '';
  return [{ type: 'text', text: ctx.kb.say(confirm.ask, { summary }) }, ...buttonChoices(ctx, confirm.buttons)];
}

/** A tap on one of the confirmation's declared choices (“修改”). */
function declaredChoice(ctx: FlowCtx): ChoiceMeaning | undefined {
  const t = ctx.u.text.trim();
  for (const b of ctx.flow.confirm?.buttons ?? []) {
    if ('choice' in b && ctx.kb.say(b.label) === t) return b.choice;
  }
  return undefined;
}

function confirmTurn(driver: FlowDriver, ctx: FlowCtx, choice: ChoiceMeaning | undefined): Reply[] | undefined {
  const confirm = ctx.flow.confirm;
  if (!confirm) return undefined;
  if (choice === 'edit') {
    ctx.state.asked = EDITING;
    return [{ type: 'text', text: ctx.kb.say(confirm.edit) }];
  }
  const yn = choice === 'yes' || choice === 'no' ? choice : readYesNo(ctx);
  if (yn === 'yes') return guarded(driver, ctx) ?? complete(driver, ctx);
  if (yn === 'no') return [{ type: 'text', text: ctx.kb.say(confirm.wrong) }];
  return undefined;
}

function reask(driver: FlowDriver, ctx: FlowCtx): Reply[] {
  const step = ctx.flow.steps.filter(asks).find((s) => s.id === ctx.state.asked) ?? nextStep(driver, ctx);
  if (!step) return advance(driver, ctx);
  ctx.state.retries += 1;
  if (ctx.state.retries > MAX_RETRIES) {
    // Button texts are intent labels, so a tap starts the flow again rather than being guessed at.
    return end(ctx, [
      { type: 'text', text: ctx.kb.say('dialogue.flow.give_up', { title: title(ctx) }) },
      ...buttonChoices(ctx, ctx.flow.give_up.buttons),
    ]);
  }
  const example = step.example ? ctx.kb.say(step.example) : '';
  return [{ type: 'text', text: ctx.kb.say('dialogue.flow.reask', { example }) }, ...ask(driver, ctx, step)];
}

/** From this many side questions in a row, the flow is set aside rather than asked again after each. */
const SIDE_LIMIT = 3;

/** The flow left where it stood, for “继续” (the button, or said) to take up again. */
function setAside(ctx: TurnCtx): void {
  if (ctx.session.flow) ctx.session.paused = { state: ctx.session.flow, at: ctx.session.turns };
  ctx.session.flow = undefined;
}

/** “继续{title}”: the label of the button that takes a flow set aside up again (matched whole when typed). */
export function continueLabel(kb: KnowledgeBase, flow: Pick<FlowFile, 'title'>): string {
  return kb.say('dialogue.flow.continue', { title: kb.say(flow.title) });
}

/** The button that takes the flow set aside up again. */
function continueChoice(ctx: FlowCtx): Reply {
  return { type: 'choices', options: [continueLabel(ctx.kb, ctx.flow)] };
}

/**
 * Answers a side question, then reminds the person where the flow stands and asks again. The third
 * side question in a row (the person has other things on their mind) sets the flow aside instead: the
 * answer with its follow-ups, and “继续{title}” offered — not the flow's question after every answer.
 */
function interruption(driver: FlowDriver, ctx: FlowCtx): Reply[] {
  ctx.state.sides = (ctx.state.sides ?? 0) + 1;
  if (ctx.state.sides >= SIDE_LIMIT && ctx.state.asked !== CONFIRMING) {
    ctx.state.sides = undefined;
    const answer = driver.answer(ctx, ctx.u.intent);
    setAside(ctx);
    const choices = answer.filter((r) => r.type === 'choices').flatMap((r) => (r.type === 'choices' ? r.options : []));
    const paused: Reply = { type: 'text', text: ctx.kb.say('dialogue.flow.paused', { title: title(ctx) }) };
    const options = [continueLabel(ctx.kb, ctx.flow), ...choices];
    return [...answer.filter((r) => r.type !== 'choices'), paused, { type: 'choices', options }];
  }
  const side = driver.answer(ctx, ctx.u.intent).filter((r) => r.type !== 'choices');
  // The flow asks next, not the answer's “which region?”.
  ctx.session.pendingIntent = undefined;
  const resume = ctx.state.asked === CONFIRMING ? askConfirmation(driver, ctx) : advance(driver, ctx);
  return [...side, { type: 'text', text: ctx.kb.say('dialogue.flow.resume', { title: title(ctx) }) }, ...resume];
}

/**
 * The message read as this topic at STRONG or more, and no less than its first reading: first, or second
 * behind a not-ours topic the ours-or-not rule put before it at the confidence it displaced (src/nlu
 * notOursFirst). That topic's own share is small, so mid-flow it must not take the flow's own reading
 * away: the flow goes on, rather than answering the not-ours topic as a side question (three of which
 * set the flow aside). (A reading the wording made, “帮我算算” as the estimate, is `intent` at its own confidence.)
 */
function readsStrongly(u: Understanding, intent: IntentId): boolean {
  if (u.intent === intent) return u.confidence >= STRONG;
  const confidence = u.ranking.find((r) => r.intent === intent)?.confidence ?? 0;
  return confidence >= STRONG && confidence >= u.confidence;
}

/**
 * “打电话”, “客服电话”, “给个电话”, “打12393”, “转人工” at any question: the person would rather call than answer — a
 * person, as for 转人工, with the place's line and 12393 and their sources. Read as a bare answer these were
 * “没能识别您的回答” (or, asked with 吗, the contacts without 12393), and a third one gave the flow up.
 * Only a wish to call in its words (CALL_WISH), never a phone word alone: “电话费能报销吗”, “我没有电话”, “能电话办理吗”
 * (how to file), “人工晶体能报吗” (the classifier hears 人工 as 转人工) go on in the flow. Said, or refused, in the past
 * (“我打过电话了”, “12393打不通”) is no wish either; nor a number of the person's own (“我电话138…”).
 */
const CALL_WISH = /(打|拨|给个|给我个?|要|转|找)(个)?(电话|人工|客服|真人|工作人员|12393)|^(电话|客服电话|人工客服|转人工|人工)$/;
/** The classifier's 转人工 counts only with a person or a service in the words (“人工关节” is a knee). */
const PERSON_WORDS = /人工(?![\u4e00-\u9fff])|人工(服务|客服|坐席|吗|没|啊|呢|吧)|真人|客服|工作人员|接线员|坐席|找个?人|跟人说|活人/;
/** “我没有电话”, “不用打电话”, “我不想打电话”, “我打过电话了”, “12393打不通” — not “有没有人工” (a wish, asked). */
const NOT_A_WISH = /(?<!有)(没有?|不用|不要|不想|不必|用不着|别)(打|拨)?(个)?(电话|人工|客服)|打过|打了|打不通|不通|占线/;
const OWN_NUMBER = /\d{7,}|(我|俺)的?(手机|电话)(号码?|号)?(是|:|：)/;
const CALL_READINGS: ReadonlySet<IntentId> = new Set(['contact', 'human_agent', 'out_of_scope']);

function wantsPerson(u: Understanding): boolean {
  const t = u.normalized;
  if (NOT_A_WISH.test(t) || OWN_NUMBER.test(t)) return false;
  if (u.intent === 'human_agent' && u.confidence >= STRONG && PERSON_WORDS.test(t)) return true;
  return CALL_WISH.test(t) && CALL_READINGS.has(u.intent) && u.confidence >= STRONG;
}

/**
 * “我没有电话”, “我打过电话了”, “能电话办理吗”: a phone word, read as the contacts, with no wish to call — no answer
 * we could not use (three of them gave the flow up), but a side question: the contacts, and the flow goes on.
 */
function toldOfPhone(u: Understanding): boolean {
  return /电话|热线|客服|12393/.test(u.normalized) && u.intent === 'contact' && u.confidence >= STRONG;
}

/**
 * “能打电话吗”: asked, not wished — the person wants the number (“有人工吗” asks for a person: the hand-off). The same lines as the hand-off
 * (the place's and 12393, with their sources), and the flow goes on where it stood: nothing was given up.
 */
function asksForNumber(u: Understanding): boolean {
  if (!QUESTION_TEXT.test(u.normalized)) return false;
  // “可以打12393吗”: the line named and dialled is the number asked for, however the classifier read it (affirm, weakly).
  if (DIALS_LINE.test(u.normalized) && !NOT_A_WISH.test(u.normalized)) return true;
  return wantsPerson(u) && u.intent !== 'human_agent' && /电话|12393|热线/.test(u.normalized);
}
const DIALS_LINE = /(打|拨)(个)?(12393|热线)/;

const isRegionSlot = (slot: string | undefined): slot is 'insured_region' | 'destination' => slot === 'insured_region' || slot === 'destination';
const sameRegion = (held: Region | undefined, value: unknown) =>
  held !== undefined && typeof value === 'object' && value !== null && 'code' in value && (value as Region).code === held.code;
/** The insured place or the destination named as such (“参保地是上海”): a choice the person made, not a slip. */
const ROLE_NAMED = /参保地|就医地|参保|医保(关系)?在/;

/**
 * A place taken that would make the insured place and the destination one and the same, where they were two (“上海的”
 * with 上海 the destination): the place, and the slot that already holds it. Not where the message names the role.
 */
function placesMadeOne(ctx: FlowCtx, taken: readonly Taken[]): { place: Region; held: 'insured_region' | 'destination' } | undefined {
  const before = ctx.session.slots;
  if (ROLE_NAMED.test(ctx.u.normalized) || (before.insured_region && before.destination && before.insured_region.code === before.destination.code)) return undefined;
  // The place question's own answer (武汉 for where to, 武汉 insured) is the flow's guard's to judge, not a slip.
  if (taken.some((t) => isRegionSlot(t.step.slot) && t.step.id === ctx.state.asked)) return undefined;
  const after = { insured_region: before.insured_region, destination: before.destination };
  for (const t of taken) if (isRegionSlot(t.step.slot)) after[t.step.slot] = t.value as Region;
  const { insured_region: a, destination: b } = after;
  if (!a || !b || a.code !== b.code) return undefined;
  return { place: a, held: before.destination?.code === a.code ? 'destination' : 'insured_region' };
}

/** The place slot whose place the message takes back (“不是上海的”), where it names no other place. */
function heldPlaceDenied(ctx: FlowCtx): 'insured_region' | 'destination' | undefined {
  const { insured_region: a, destination: b } = ctx.u.entities;
  const said = [a, b].filter((p) => p !== undefined);
  const denied = REGION_SLOTS.filter((k) => {
    const held = ctx.session.slots[k];
    return held !== undefined && placeDenied(ctx.u.normalized, held) !== undefined;
  });
  if (denied.length !== 1 || said.some((p) => p.code !== ctx.session.slots[denied[0]!]!.code)) return undefined;
  return denied[0];
}

/** A bare place (“深圳”, “在深圳”, “深圳看病”) one of the place slots already holds: its name as the person reads it. */
function placeSaidAgain(ctx: FlowCtx): string | undefined {
  const { insured_region: a, destination: b } = ctx.u.entities;
  const said = [a, b].filter((p) => p !== undefined);
  if (said.length !== 1 || !looksLikeBareAnswer(ctx.u)) return undefined;
  const held = REGION_SLOTS.map((k) => ctx.session.slots[k]).find((p) => p?.code === said[0]!.code);
  return held ? ctx.kb.placeName(held) : undefined;
}

/** “啊”, “呃”, “啊？”: a sound made over the question, no answer to it (“嗯” is a nod: affirm). */
const MURMUR = /^(啊|呃|额|唔|诶|欸)+[。.！!？?~～…]*$/;

/** “嗯”, “好的”, “行”: a nod, the whole message (the classifier calls “蓝色的那个” a yes too). */
const NODDED = /^(嗯+|好|好的|好吧|好嘞|行|行吧|可以|对|对的|是|是的|ok)[。！!~～…]*$/i;

/** A short reply without a question word is someone answering, not asking. */
function looksLikeBareAnswer(u: Understanding): boolean {
  const t = u.normalized.replace(/[\s\p{P}]/gu, '');
  return t.length > 0 && t.length <= 6 && !QUESTION_TEXT.test(u.normalized);
}
