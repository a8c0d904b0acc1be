/**
 * The last handler before 404: a path that exists under other methods answers 405 with the
 * methods it does take in `Allow` (RFC 9110 §15.5.6), the same list express's own OPTIONS answer
 * gives; a path no route has stays 404. The methods are read from the app's routes themselves, so
 * a route added anywhere is covered without a list kept beside it.
 */
import type { Express, RequestHandler } from 'express';
import { sendError } from './http-error.js';

/** What this handler reads of express 5's (router 2) layers. */
interface LayerLike {
  route?: { _methods(): string[] };
  handle?: { stack?: unknown };
  match(path: string): false | { path: string };
}

function collect(stack: readonly LayerLike[], path: string, into: Set<string>): void {
  for (const layer of stack) {
    let matched: false | { path: string };
    try {
      matched = layer.match(path);
    } catch {
      continue; // a path that does not decode matches nothing here
    }
    if (!matched) continue;
    if (layer.route) {
      for (const method of layer.route._methods()) into.add(method);
    } else if (Array.isArray(layer.handle?.stack)) {
      // A router mounted on a prefix sees the rest of the path, as when it dispatches.
      collect(layer.handle.stack as LayerLike[], path.slice(matched.path.length) || '/', into);
    }
  }
}

/** The methods the app's routes take on `path`, in a stable order; empty when none has it. */
export function allowedMethods(app: Express, path: string): string[] {
  const stack = (app as unknown as { router?: { stack?: LayerLike[] } }).router?.stack ?? [];
  const found = new Set<string>();
  collect(stack, path, found);
  return [...found].sort();
}

export function methodNotAllowed(app: Express): RequestHandler {
  return (req, res, next) => {
    const allowed = allowedMethods(app, req.path);
    if (!allowed.length || allowed.includes(req.method)) return next();
    res.setHeader('Allow', allowed.join(', '));
    sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed on ${req.path.slice(0, 200)}; allowed: ${allowed.join(', ')}`);
  };
}
