/**
 * Slot filling declared as data. A flow lists its questions; each turn takes any answer the
 * person gives (in any order, several at once, corrections included), then asks the next
 * missing one, or completes. The flow remembers which question it asked last so a bare
 * answer ("二类", "10000") is read against it.
 */
import type { Reply } from '../../domain/reply.js';
import type { IntentId } from '../../domain/intents.js';
import type { FlowName } from '../../domain/types.js';
import type { KnowledgeBase } from '../../knowledge/base.js';
import type { Session } from '../session.js';
import type { Understanding } from '../../domain/understanding.js';

export interface FlowServices {
  /** A signed link to the pre-filled filing form. */
  filingLink(form: import('../../rules/filing-token.js').FilingForm, now: Date): { url: string; expiresAt: Date };
}

export interface FlowCtx {
  kb: KnowledgeBase;
  u: Understanding;
  /** The session being built for this turn (mutable draft). */
  session: Session;
  now: Date;
  services: FlowServices;
}

export const INVALID = Symbol('invalid');
export type Read = unknown | typeof INVALID | undefined;

export interface Question {
  id: string;
  /** The question and its quick replies. */
  ask(ctx: FlowCtx): Reply[];
  /** Shown with a re-ask after an answer we could not use. */
  example: string;
  /** An answer found in any message (entities), whether or not this question was asked. */
  fromEntities?(ctx: FlowCtx, asked: boolean): unknown;
  /** An answer read from the bare text, only when this question was just asked. */
  fromText?(ctx: FlowCtx): Read;
  get(session: Session): unknown;
  set(session: Session, value: unknown): void;
  /** A question that does not apply (e.g. a step of another region). */
  skip?(ctx: FlowCtx): boolean;
}

export interface FlowOutcome {
  replies: Reply[];
  /** The flow is over (completed, ended by a guard, or given up). */
  done: boolean;
}

export interface FlowDef {
  name: FlowName;
  intent: IntentId;
  /** “估算报销金额” — used in reminders after an interruption. */
  title: string;
  questions: Question[];
  /** Runs after the answers are taken; may end the flow early (e.g. a region without rates). */
  guard?(ctx: FlowCtx): FlowOutcome | undefined;
  /** All questions answered. */
  complete(ctx: FlowCtx): FlowOutcome;
  /** While the flow waits for a confirmation (filing), this handles the turn. */
  confirm?(ctx: FlowCtx): FlowOutcome | undefined;
}

export const MAX_RETRIES = 2;

/** Takes every answer this message carries; returns the ids of the questions it answered. */
export function absorb(def: FlowDef, ctx: FlowCtx): string[] {
  const asked = ctx.session.flow?.asked;
  const taken: string[] = [];
  for (const q of def.questions) {
    const v = q.fromEntities?.(ctx, q.id === asked);
    if (v !== undefined) {
      q.set(ctx.session, v);
      taken.push(q.id);
    }
  }
  return taken;
}

export function nextQuestion(def: FlowDef, ctx: FlowCtx): Question | undefined {
  return def.questions.find((q) => !q.skip?.(ctx) && q.get(ctx.session) === undefined);
}

/** Reads a bare answer to the question just asked. */
export function readAsked(def: FlowDef, ctx: FlowCtx): 'taken' | 'invalid' | 'none' {
  const asked = def.questions.find((q) => q.id === ctx.session.flow?.asked);
  if (!asked?.fromText) return 'none';
  const v = asked.fromText(ctx);
  if (v === INVALID) return 'invalid';
  if (v === undefined) return 'none';
  asked.set(ctx.session, v);
  return 'taken';
}

/** Asks the next question, or completes the flow. */
export function advance(def: FlowDef, ctx: FlowCtx): FlowOutcome {
  const guarded = def.guard?.(ctx);
  if (guarded) return guarded;
  const q = nextQuestion(def, ctx);
  if (!q) return def.complete(ctx);
  ctx.session.flow = { ...ctx.session.flow!, asked: q.id, retries: q.id === ctx.session.flow?.asked ? ctx.session.flow.retries : 0 };
  return { replies: q.ask(ctx), done: false };
}

export function reask(def: FlowDef, ctx: FlowCtx): FlowOutcome {
  const flow = ctx.session.flow!;
  const q = def.questions.find((x) => x.id === flow.asked) ?? nextQuestion(def, ctx);
  if (!q) return def.complete(ctx);
  flow.retries += 1;
  if (flow.retries > MAX_RETRIES) {
    return {
      replies: [
        { type: 'text', text: `抱歉，我没能理解您的回答，先暂停“${def.title}”。您可以换个说法重新开始，或者查看常见问题、联系人工服务。` },
        // Button texts are intent labels, so a tap starts the flow again rather than being guessed at.
        { type: 'choices', options: [ctx.kb.intent(def.intent).label, ctx.kb.intent('help').label, ctx.kb.intent('human_agent').label] },
      ],
      done: true,
    };
  }
  return {
    replies: [{ type: 'text', text: `抱歉，没能识别您的回答。${q.example}` }, ...q.ask(ctx)],
    done: false,
  };
}
