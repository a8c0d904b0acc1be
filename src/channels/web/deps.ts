import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { AgentAid } from '../../core/agent-answer.js';
import type { Assistant } from '../../core/assistant.js';
import type { FilingForms } from '../../core/filing-form.js';
import type { TurnRecorder } from '../../core/recorder.js';
import type { Prompts } from '../../core/text-render.js';
import type { Source } from '../../domain/reply.js';
import type { Region } from '../../domain/types.js';
import type { RateLimits } from '../http/rate-limit.js';

/** The sentences of prompts/*.yaml, and the quoted sources of one that states policy (the kiosk's 12393). */
export interface PagePrompts extends Prompts {
  sourcesOf(id: string): Source[];
}

/**
 * What the web channel uses of the application, built by the composition root
 * (src/server/compose.ts `webApp`): the turn, the agent console's look-up, the filing forms, its
 * sentences. No knowledge base, NLU, store or secret.
 */
export interface WebApp {
  config: Pick<Config, 'KIOSK_IDLE_SECONDS' | 'KIOSK_HELP_DESK'>;
  assistant: Assistant;
  agent: AgentAid;
  filingForms: FilingForms;
  prompts: PagePrompts;
  logger: Logger;
  /** Conversation records, when kept: the agent console's look-ups are recorded too. */
  records?: { recorder: TurnRecorder } | undefined;
}

/**
 * What else the web channel needs, handed in by the composition root
 * (src/server/compose.ts) so the channel can be tested with fakes.
 */
export interface WebDeps {
  /** A GB/T 2260 code → the region (any level), or undefined when unknown. */
  regionByCode(code: string): Region | undefined;
  /** A place name (潍坊, 寿光市, 北京市朝阳区) → the region, or undefined when unknown. */
  regionByName(name: string): Region | undefined;
  /** The address people reach the server at, without a trailing slash (links, QR codes). */
  baseUrl: string;
  /** Per-IP and per-session limits shared by the HTTP API and the websocket. */
  limits: RateLimits;
}
