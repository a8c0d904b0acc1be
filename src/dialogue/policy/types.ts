/**
 * What every part of the policy reads and returns: its dependencies, its decision, and the turn as the
 * rules see it. The rules (src/dialogue/policy.ts lists them in order) each read one kind of message and
 * either decide the turn or pass it on; they answer through the turn (`answer`, `converse`) so that no
 * part of the policy imports the one that lists them.
 */
import type { Reply } from '../../domain/reply.js';
import type { IntentId } from '../../domain/intents.js';
import type { Region } from '../../domain/types.js';
import type { Understanding } from '../../domain/understanding.js';
import type { KnowledgeBase, RuleLevel } from '../../knowledge/base.js';
import type { FlowDriver } from '../flows/engine.js';
import type { FlowHooksRegistry, FlowServices, TurnCtx } from '../flows/types.js';
import type { Session } from '../session.js';

export interface PolicyDeps {
  kb: KnowledgeBase;
  services: FlowServices;
  /** The flows' hooks; the declared flows' own unless a test gives others. */
  hooks?: FlowHooksRegistry;
  /** DEFAULT_INSURED_REGION of the deployment (a kiosk in Weifang: 370700). */
  defaultRegion?: Region;
}

export interface Decision {
  intent: IntentId;
  confidence: number;
  session: Session;
  replies: Reply[];
  /** Where an answer was given: whether the local or the national rule answered (interfaces.md §2). */
  level?: RuleLevel;
}

/** The questions offered on the menu (greeting, help, after misunderstandings). */
export const MENU_INTENTS: IntentId[] = [
  'materials', 'filing_how', 'start_filing', 'reimbursement_estimate', 'settlement_failed', 'emergency',
  'filing_validity', 'contact',
];

/** One turn as the rules read it: the message's reading after the shortcuts and the 户口 rule, and the session being changed. */
export interface Turn {
  deps: PolicyDeps;
  ctx: TurnCtx;
  /** The reading every rule reads (`ctx.u` starts as it; a flow's side question may replace `ctx.u`). */
  u: Understanding;
  /** `ctx.session`: the session this turn changes (a copy of the one loaded). */
  session: Session;
  /** The message as typed, trimmed. */
  said: string;
  /** “不是工伤”: the topic the message says is not the case, read before any other reading replaced it. */
  deniedTopic?: IntentId;
  /** The same message a few times in a row (counted after a restart or step back would have ended the turn). */
  again: boolean;
  driver: FlowDriver;
  /** The decision for this intent and these replies (the 户口 note first, a set-aside flow's button kept). */
  done(intent: IntentId, replies: Reply[], confidence?: number): Decision;
  /** The answer to a topic for what the session knows (asks for the place where it varies and is unknown). */
  answer(intent: IntentId): Reply[];
  /** A conversation act's reply: greeting, help, a person, goodbye, not understood. */
  converse(intent: IntentId): Reply[];
}
