import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Assistant } from '../../core/assistant.js';
import type { Region } from '../../domain/types.js';
import type { Understander } from '../../domain/understanding.js';
import type { KnowledgeBase } from '../../knowledge/base.js';
import type { RateLimits } from '../http/rate-limit.js';

/** The parts of the application the web channel uses (the composition root hands in its App). */
export interface WebApp {
  config: Pick<Config, 'KIOSK_IDLE_SECONDS'>;
  kb: KnowledgeBase;
  nlu: Understander;
  assistant: Assistant;
  filingSecret: string;
  logger: Logger;
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
