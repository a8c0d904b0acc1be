/**
 * The contracts between the flow engine and the flows. A flow is declared in flows/<name>.yaml
 * (steps, prompts, buttons, endings); its TypeScript side is only a FlowHooks: its private state,
 * and what it does at start, as a guard, to summarise for a confirmation and to complete.
 */
import type { Reply } from '../../domain/reply.js';
import type { FlowName } from '../../domain/types.js';
import type { KnowledgeBase, RuleLevel } from '../../knowledge/base.js';
import type { FlowFile, FlowStep } from '../../knowledge/flows.js';
import type { FilingForm } from '../../rules/filing-token.js';
import type { Understanding } from '../../domain/understanding.js';
import type { FlowStateOf, ReferralStatus, Session, YesNo } from '../session.js';

export interface FlowServices {
  /**
   * A signed link to the pre-filled filing form. Its lifetime runs on the real clock, the one the
   * server checks it against when it is opened — never on a turn's simulated date (`--now`), which
   * would issue links already expired, or valid for longer than FILING_TOKEN_TTL_DAYS.
   */
  filingLink(form: FilingForm): { url: string; expiresAt: Date };
}

/** One turn: what was understood and the session being built for it (a mutable draft). */
export interface TurnCtx {
  kb: KnowledgeBase;
  u: Understanding;
  session: Session;
  now: Date;
  services: FlowServices;
  /** The level of the answer given in this turn, if one was (the turn's output says it). */
  level?: RuleLevel;
  /**
   * The running flow took the message as an answer to its questions (“潍坊” at the place question): the
   * turn is the flow's, reported with the flow's intent rather than the classifier's reading of the words.
   */
  flowAnswer?: boolean;
  /** What the person told of themselves was said back before the replies (the 户口 rule for their place). */
  told?: boolean;
  /**
   * The message asks something plainly outside our topics (“今天天气怎么样” at the filing's date question):
   * a date or place said in it answers no question of the flow's.
   */
  offTopic?: boolean;
}

/** A turn inside a running flow: its declaration and its state (the same object as session.flow). */
export interface FlowCtx<N extends FlowName = FlowName> extends TurnCtx {
  flow: FlowFile;
  state: FlowStateOf<N>;
}

/** A flow-private answer: a diagnosis step's 是/否/不清楚, or whether referral/filing was done. */
export type PrivateValue = YesNo | ReferralStatus;

export interface FlowHooks<N extends FlowName> {
  /** The flow's own state when it starts (besides what the engine keeps). */
  init(): Omit<FlowStateOf<N>, 'name' | 'asked' | 'retries'>;
  /** The answer to a flow-private step (a step without a slot). */
  getPrivate?(state: FlowStateOf<N>, step: FlowStep): PrivateValue | undefined;
  setPrivate?(state: FlowStateOf<N>, step: FlowStep, value: PrivateValue): void;
  /** Values a step's question fills in besides {region} (the rate table's note on its classes). */
  askVars?(ctx: FlowCtx<N>, step: FlowStep): Record<string, string>;
  /** Whether a step applies (a diagnosis step of another region does not). */
  applies?(ctx: FlowCtx<N>, step: FlowStep): boolean;
  /**
   * Runs after the answers are taken: may correct the slots (a class of another scheme's table),
   * or end the flow with its replies (a region without rates, a cause found).
   */
  guard?(ctx: FlowCtx<N>): Reply[] | undefined;
  /**
   * Runs after the guard: may ask back about an answer without ending the flow (an amount
   * implausible for a hospital bill); its replies are the turn's, and the flow goes on next turn.
   */
  hold?(ctx: FlowCtx<N>): Reply[] | undefined;
  /**
   * An insured place none of whose own rules the corpus holds, just taken (“其他地区”, then “广州”): what
   * the flow can and cannot do for it, said before the next question.
   */
  uncoveredPlace?(ctx: FlowCtx<N>, place: string): string;
  /** A start date already past, just taken (“上个月5号”): the lead of the late-filing rule said with it. */
  pastDate?(ctx: FlowCtx<N>, date: string): string;
  /** The summary a declared confirmation shows ({summary}). */
  summary?(ctx: FlowCtx<N>): string;
  /** Every step answered (and confirmed): the result. The engine adds the declared buttons. */
  complete(ctx: FlowCtx<N>): Reply[];
}

/** The hooks of every flow, by name. */
export type FlowHooksRegistry = { [N in FlowName]: FlowHooks<N> };
