import type { Region } from '../../domain/types.js';
import type { RateLimits } from '../../server/rate-limit.js';

/**
 * What the web channel needs besides the App, handed in by the composition root
 * (src/server/compose.ts) so the channel can be tested with fakes.
 */
export interface WebDeps {
  /** A GB/T 2260 code → the region (any level), or undefined when unknown. */
  regionByCode(code: string): Region | undefined;
  /** The address people reach the server at, without a trailing slash (links, QR codes). */
  baseUrl: string;
  /** Per-IP and per-session limits shared by the HTTP API and the websocket. */
  limits: RateLimits;
}
