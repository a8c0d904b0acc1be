/**
 * When a request arrived, stamped by the HTTP server before any middleware runs. A deadline the
 * caller keeps (WeChat gives up 5 s after it sent a message) counts from here, not from when a
 * handler finally runs: under a burst, reading the body and waiting for the event loop can take
 * a good part of those 5 s.
 */
import type { IncomingMessage } from 'node:http';

const ARRIVED = Symbol('arrivedAt');

type Stamped = IncomingMessage & { [ARRIVED]?: number };

export function markArrival(req: IncomingMessage, at: number = Date.now()): void {
  (req as Stamped)[ARRIVED] = at;
}

/** Epoch ms the request arrived, or `fallback` for a request no server stamped (tests, other hosts). */
export function arrivalOf(req: IncomingMessage, fallback: number): number {
  return (req as Stamped)[ARRIVED] ?? fallback;
}
