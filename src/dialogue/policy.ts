/**
 * The dialogue policy: given what the NLU understood and the session, decide the replies and
 * the new session. Pure: no I/O; the turn (src/core/assistant.ts) loads and saves around it.
 */
import type { Reply } from '../domain/reply.js';
import { isDomainIntent, type IntentId } from '../domain/intents.js';
import type { FlowName, Region } from '../domain/types.js';
import type { KnowledgeBase } from '../knowledge/base.js';
import { advance, absorb, readAsked, reask, type FlowCtx, type FlowDef, type FlowServices } from './flows/engine.js';
import { followupChoices, REGION_CHOICES_OTHER, regionChoices, renderAnswer, sourceCard } from './render.js';
import type { Session } from './session.js';
import type { Understanding } from '../domain/understanding.js';

export interface PolicyDeps {
  kb: KnowledgeBase;
  flows: Record<FlowName, FlowDef>;
  services: FlowServices;
  /** DEFAULT_INSURED_REGION of the deployment (a kiosk in Weifang: 370700). */
  defaultRegion?: Region;
}

export interface Decision {
  intent: IntentId;
  confidence: number;
  session: Session;
  replies: Reply[];
}

/** The questions offered on the menu (greeting, help, after misunderstandings). */
export const MENU_INTENTS: IntentId[] = [
  'materials', 'filing_how', 'start_filing', 'reimbursement_estimate', 'settlement_failed', 'emergency',
  'filing_validity', 'contact',
];

const FLOW_OF: Partial<Record<IntentId, FlowName>> = {
  start_filing: 'filing',
  reimbursement_estimate: 'estimate',
  settlement_failed: 'diagnosis',
};

/** Below this, a domain intent is not trusted to interrupt a flow or override a follow-up. */
const STRONG = 0.55;
const CANCEL_TEXT = /^(算了|不办了|取消|不用了|不估了|不算了|不弄了|退出|结束)/;
const ELLIPSIS_TEXT = /^(那|那么|如果|要是|换成|改成|不对|不是)|(呢|的话|怎么样|如何)[？?。]?$/;

export function decide(deps: PolicyDeps, u0: Understanding, previous: Session, now: Date): Decision {
  const session: Session = structuredClone(previous);
  session.turns += 1;
  const u = applyShortcuts(deps.kb, u0);
  const ctx: FlowCtx = { kb: deps.kb, u, session, now, services: deps.services };
  const done = (intent: IntentId, replies: Reply[]): Decision => ({ intent, confidence: u.confidence, session: ctx.session, replies });

  if (session.flow) {
    const def = deps.flows[session.flow.name];
    return done(u.intent, continueFlow(deps, def, ctx));
  }

  // A region given in answer to “您在哪里参保？”
  if (session.pendingIntent) {
    const pending = session.pendingIntent;
    const region = u.entities.insured_region ?? u.entities.destination ?? regionFromChoice(deps.kb, u.text);
    if (u.text.trim() === REGION_CHOICES_OTHER) {
      return done(pending, [{ type: 'text', text: '请直接输入您的参保地，例如“长沙市”“寿光市”或“北京市朝阳区”。' }]);
    }
    if (region && (!isDomainIntent(u.intent) || u.confidence < STRONG || u.intent === pending)) {
      session.pendingIntent = undefined;
      session.slots = { ...session.slots, insured_region: region };
      absorbProfile(session, u);
      return done(pending, answer(deps, ctx, pending));
    }
    session.pendingIntent = undefined;
  }

  const intent = followUpIntent(u, session) ?? contextualIntent(deps.kb, u, session) ?? u.intent;
  // What people say about themselves counts whatever they ask (“我是芮城的，转人工”).
  if (intent !== 'out_of_scope') absorbProfile(session, u);

  const flow = FLOW_OF[intent];
  if (flow) return done(intent, startFlow(deps, deps.flows[flow], ctx));
  if (isDomainIntent(intent)) return done(intent, answer(deps, ctx, intent));
  return done(intent, converse(deps, ctx, intent));
}

/** Quick-reply labels come back as text: map them to their intent exactly. */
function applyShortcuts(kb: KnowledgeBase, u: Understanding): Understanding {
  const t = u.text.trim();
  const byLabel = kb.intentByLabel(t) ?? (t === '重新估算' ? 'reimbursement_estimate' : t === '常见问题' ? 'help' : t === '转人工' ? 'human_agent' : undefined);
  if (byLabel) return { ...u, intent: byLabel, confidence: 1 };
  if (CANCEL_TEXT.test(t) && u.intent !== 'cancel' && t.length <= 8) return { ...u, intent: 'cancel', confidence: Math.max(u.confidence, 0.9) };
  return u;
}

function regionFromChoice(kb: KnowledgeBase, text: string): Region | undefined {
  const hit = kb.regionByName(text);
  return hit ? { code: hit.code, name: hit.name } : undefined;
}

/** What the person told us about themselves is remembered for later questions. */
function absorbProfile(session: Session, u: Understanding): void {
  const e = u.entities;
  session.slots = {
    ...session.slots,
    ...(e.insured_region ? { insured_region: e.insured_region } : {}),
    ...(e.destination ? { destination: e.destination } : {}),
    ...(e.person_category ? { person_category: e.person_category } : {}),
    ...(e.scheme ? { scheme: e.scheme } : {}),
    ...(e.hospital_class ? { hospital_class: e.hospital_class } : {}),
    ...(e.amount !== undefined ? { amount: e.amount } : {}),
  };
}

/**
 * A short out-of-scope fragment (“多久生效”) reads as a follow-up of the last answer when one of its
 * follow-ups ranks close behind; with no domain intent even at this level, a message is surely
 * about something else, whatever it looks like.
 */
const FRAGMENT_LENGTH = 10;
/** “那武汉怎么样”, “长沙的呢”: a place and the words of a follow-up, nothing else. */
const BARE_FOLLOW_UP_LENGTH = 6;
const FRAGMENT_FLOOR = 0.1;

/** The domain intents ranked at or above the floor, best first: what an unsure message may be about. */
const likelyDomainIntents = (u: Understanding): IntentId[] =>
  u.ranking.filter((r) => isDomainIntent(r.intent) && r.confidence >= FRAGMENT_FLOOR).map((r) => r.intent);

function contextualIntent(kb: KnowledgeBase, u: Understanding, session: Session): IntentId | undefined {
  const last = session.lastIntent;
  if (!last || u.intent !== 'out_of_scope') return undefined;
  if (u.normalized.replace(/[\s\p{P}]/gu, '').length > FRAGMENT_LENGTH) return undefined;
  const related = new Set<IntentId>([last, ...kb.intent(last).followups]);
  return u.ranking.slice(1, 4).find((r) => related.has(r.intent) && r.confidence >= FRAGMENT_FLOOR)?.intent;
}

/** “那转诊的呢”, “居民医保呢”, “湖南呢”, “不对，是居民医保”: the last question with a new slot. */
function followUpIntent(u: Understanding, session: Session): IntentId | undefined {
  const last = session.lastIntent;
  if (!last) return undefined;
  const e = u.entities;
  const newSlot = e.person_category ?? e.scheme ?? e.insured_region ?? e.hospital_class ?? e.amount;
  if (newSlot === undefined) return undefined;
  // “明天北京天气怎么样” names a place and ends like a follow-up, but says more than a follow-up
  // (“那武汉怎么样”) and is plainly about something else.
  const saysMore = u.normalized.replace(/[\s\p{P}]/gu, '').length > BARE_FOLLOW_UP_LENGTH;
  if (u.intent === 'out_of_scope' && saysMore && likelyDomainIntents(u).length === 0) return undefined;
  const text = u.normalized.trim();
  const elliptic = ELLIPSIS_TEXT.test(text) || text.length <= 8;
  const strongOther = isDomainIntent(u.intent) && u.intent !== last && u.confidence >= STRONG && !elliptic;
  if (strongOther) return undefined;
  if (elliptic || !isDomainIntent(u.intent) || u.confidence < STRONG) return last;
  return undefined;
}

function answer(deps: PolicyDeps, ctx: FlowCtx, id: IntentId): Reply[] {
  const { kb } = deps;
  const session = ctx.session;
  const region = session.slots.insured_region ?? deps.defaultRegion;
  const sel = kb.selectAnswer(id, { ...session.slots, insured_region: region });
  session.lastIntent = id;
  session.misses = 0;
  if (!sel) return [{ type: 'text', text: '抱歉，这个问题暂时没有可以引用的政策内容，请咨询参保地医保经办机构。' }];
  const rendered = renderAnswer(kb, sel);
  session.detail = rendered.detail;
  const replies = [...rendered.replies];
  if (id === 'contact' || id === 'human_agent') replies.splice(1, 0, ...contactReplies(kb, region));
  if (!region && kb.variesByRegion(id)) {
    session.pendingIntent = id;
    return [
      ...replies.filter((r) => r.type !== 'choices'),
      { type: 'text', text: '各地规定不完全相同。请问您在哪里参保？告诉我后给您当地的具体规定。' },
      regionChoices(kb),
    ];
  }
  return replies;
}

/** The region's hotlines and windows from the corpus (district-level where known). */
function contactReplies(kb: KnowledgeBase, region: Region | undefined): Reply[] {
  const contacts = kb.contacts(region);
  if (contacts.length === 0) return [];
  const lines = contacts.slice(0, 6).map((c) =>
    c.kind === 'hotline' ? `${c.district ?? c.name} 电话：${c.phone}` : `${c.district ?? c.name} 窗口：${c.address}`);
  const more = contacts.length > 6 ? `（共${contacts.length}条，完整列表见来源）` : '';
  return [sourceCard(kb, `联系方式（${kb.covering(region)!.name}）`, lines.join('\n') + more, contacts.map((c) => c.citation))];
}

function converse(deps: PolicyDeps, ctx: FlowCtx, id: IntentId): Reply[] {
  const { kb } = deps;
  const session = ctx.session;
  const intent = kb.intent(id);
  const text = intent.answers[0]?.text ?? '';
  const menu = followupChoices(kb, MENU_INTENTS);
  switch (id) {
    case 'greeting':
    case 'help':
      session.misses = 0;
      return [{ type: 'text', text }, ...menu];
    case 'human_agent':
      return [handoff(kb, session.slots.insured_region ?? deps.defaultRegion, text), ...contactReplies(kb, session.slots.insured_region ?? deps.defaultRegion)];
    case 'goodbye':
      session.pendingIntent = undefined;
      return [{ type: 'text', text }];
    case 'out_of_scope': {
      session.misses += 1;
      // Unsure rather than elsewhere: a long question touching several topics. Offer the likeliest.
      const likely = likelyDomainIntents(ctx.u).slice(0, 3);
      if (likely.length > 0 && session.misses < 2) {
        return [
          { type: 'text', text: '抱歉，我不太确定您想问的是哪一个问题。您是想问下面这些吗？也可以换个说法再问我。' },
          ...followupChoices(kb, likely),
        ];
      }
      if (session.misses >= 2) {
        session.misses = 0;
        const region = session.slots.insured_region ?? deps.defaultRegion;
        return [
          { type: 'text', text: '抱歉，我还是没有理解。我能解答异地就医备案和直接结算的问题，您可以点选下面的常见问题，或联系人工服务。' },
          ...menu,
          handoff(kb, region, ''),
        ];
      }
      return [{ type: 'text', text }, ...menu];
    }
    default:
      return [{ type: 'text', text }];
  }
}

/** The region's own line where the corpus has one, and 12393 (named in the national notice) for every region. */
function handoff(kb: KnowledgeBase, region: Region | undefined, intro: string): Reply {
  const contacts = kb.contacts(region).filter((c) => c.kind === 'hotline' && c.phone);
  const covered = kb.covering(region);
  const national = kb.say('national.handoff.12393');
  if (contacts.length > 0) {
    const main = contacts[0]!;
    return {
      type: 'handoff',
      text: [intro, `${covered!.name}${main.district ? main.district : ''}医保咨询电话：${main.phone}`, national].filter(Boolean).join('\n'),
      phone: main.phone!,
    };
  }
  const where = region ? `${region.name}` : '参保地';
  return {
    type: 'handoff',
    text: [intro, `我们收录的资料中没有${where}医保经办机构的电话，请联系${where}医保经办机构人工服务。`, national].filter(Boolean).join('\n'),
    phone: '12393',
  };
}

function startFlow(deps: PolicyDeps, def: FlowDef, ctx: FlowCtx): Reply[] {
  const session = ctx.session;
  session.flow = { name: def.name, retries: 0, answers: {}, confirming: false };
  session.pendingIntent = undefined;
  if (!session.slots.insured_region && deps.defaultRegion) {
    session.slots = { ...session.slots, insured_region: deps.defaultRegion };
  }
  if (def.name === 'estimate' && ctx.u.text.trim() === '重新估算') {
    const { hospital_class: _h, amount: _a, ...rest } = session.slots;
    session.slots = rest;
  }
  const intro: Reply[] = [];
  if (def.name === 'diagnosis') {
    const sel = deps.kb.selectAnswer('settlement_failed', session.slots);
    if (sel) intro.push({ type: 'text', text: [...sel.before, sel.answer.text, ...sel.after].join('\n') });
  }
  absorb(def, ctx);
  return [...intro, ...finishStep(def, ctx, advance(def, ctx))];
}

function finishStep(def: FlowDef, ctx: FlowCtx, outcome: { replies: Reply[]; done: boolean }): Reply[] {
  if (outcome.done) {
    ctx.session.flow = undefined;
    ctx.session.lastIntent = def.intent;
  }
  return outcome.replies;
}

function continueFlow(deps: PolicyDeps, def: FlowDef, ctx: FlowCtx): Reply[] {
  const { u, session } = ctx;
  if (u.intent === 'cancel') {
    session.flow = undefined;
    return [{ type: 'text', text: `好的，已取消“${def.title}”。还有其他问题可以随时问我。` }, ...followupChoices(deps.kb, MENU_INTENTS)];
  }

  const before = structuredClone(session);
  const asked = session.flow!.asked;
  const taken = absorb(def, ctx);
  const read = taken.length === 0 && !session.flow!.confirming ? readAsked(def, ctx) : 'none';
  const answered = taken.includes(asked ?? '') || read === 'taken';
  // “三甲医院” or “办了” answers the question asked, and “就医地改成三亚” corrects a slot, even when
  // they also resemble another intent (变更备案); a question is a side question.
  const attempt = answered || (taken.length > 0 && !QUESTION_WORDS.test(u.normalized)) || (read === 'invalid' && looksLikeBareAnswer(u));
  if (!attempt && u.confidence >= STRONG) {
    const other = FLOW_OF[u.intent];
    if (other && other !== def.name) {
      ctx.session = before;
      return [{ type: 'text', text: `好的，先不“${def.title}”了。` }, ...startFlow(deps, deps.flows[other], ctx)];
    }
    if (isDomainIntent(u.intent) && u.intent !== def.intent) {
      // A side question: nothing of it is taken as an answer to the flow.
      ctx.session = before;
      return interruption(deps, def, ctx);
    }
  }
  if (ctx.session.flow!.confirming) {
    if (taken.length > 0) return finishStep(def, ctx, def.complete(ctx));
    const confirmed = def.confirm?.(ctx);
    if (confirmed) return finishStep(def, ctx, confirmed);
    return finishStep(def, ctx, def.complete(ctx));
  }
  if (!answered && taken.length === 0) return finishStep(def, ctx, reask(def, ctx));
  return finishStep(def, ctx, advance(def, ctx));
}

const QUESTION_WORDS = /[吗呢么?？]|怎|什么|啥|多少|哪|几|能不能|可不可以|如何|为什么|咋/;

/** A short reply without a question word is someone answering, not asking. */
function looksLikeBareAnswer(u: Understanding): boolean {
  const t = u.normalized.replace(/[\s\p{P}]/gu, '');
  return t.length > 0 && t.length <= 6 && !QUESTION_WORDS.test(u.normalized);
}

/** Answers a side question, then reminds the person where the flow stands and asks again. */
function interruption(deps: PolicyDeps, def: FlowDef, ctx: FlowCtx): Reply[] {
  const flowState = ctx.session.flow!;
  const side = answer(deps, ctx, ctx.u.intent).filter((r) => r.type !== 'choices');
  ctx.session.pendingIntent = undefined;
  ctx.session.flow = flowState;
  const resume = flowState.confirming ? def.complete(ctx) : advance(def, ctx);
  return [...side, { type: 'text', text: `我们刚才在“${def.title}”，接着来：` }, ...resume.replies];
}
