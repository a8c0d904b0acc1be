/**
 * The last handler before 404: a path that exists under other methods answers 405 with the
 * methods it does take in `Allow` (RFC 9110 §15.5.6), the same list express's own OPTIONS answer
 * gives; a path no route has stays 404. The methods come from a table the app owns: every router
 * made by `declaredRouter` writes down each route as it is declared, so a route added anywhere is
 * covered without a list kept beside it, and nothing of express's internals is read.
 */
import { Router, type RequestHandler, type RouterOptions } from 'express';
import { sendError } from './http-error.js';

/** A router's own routes (GET, POST and a mount's files), and the declared routers mounted in it. */
interface Declared {
  routes: Array<{ methods: readonly string[]; match: RegExp }>;
  mounted: Array<{ prefix: string; router: Router }>;
  flags: string;
}

const DECLARED = new WeakMap<Router, Declared>();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A path as express reads a route's: literal segments and `:name` ones (one segment each); with
 * `under`, any path below it too (a mount). A trailing slash is the same path (express's non-strict routing).
 */
function pattern(path: string, flags: string, under = false): RegExp {
  const body = path.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : escape(seg))).join('/').replace(/\/$/, '');
  return new RegExp(`^${body}${under ? '(?:/.*)?' : '/?'}$`, flags);
}

/** An express Router whose routes go in the app's route table (get, post; use of another declared router). */
export function declaredRouter(options: RouterOptions = {}): Router {
  const router = Router(options);
  const own: Declared = { routes: [], mounted: [], flags: options.caseSensitive ? '' : 'i' };
  DECLARED.set(router, own);
  for (const [name, methods] of [['get', ['GET', 'HEAD']], ['post', ['POST']]] as const) {
    const declare = router[name].bind(router) as (...args: unknown[]) => Router;
    router[name] = ((path: unknown, ...handlers: unknown[]) => {
      if (typeof path === 'string') own.routes.push({ methods, match: pattern(path, own.flags) });
      return declare(path, ...handlers);
    }) as Router[typeof name];
  }
  const use = router.use.bind(router) as (...args: unknown[]) => Router;
  router.use = ((...args: unknown[]) => {
    const prefix = typeof args[0] === 'string' ? args[0] : '';
    for (const a of args) {
      if (DECLARED.has(a as Router)) own.mounted.push({ prefix, router: a as Router });
    }
    return use(...args);
  }) as Router['use'];
  return router;
}

/** Files served under `prefix` (express.static: GET and HEAD), mounted on `router` and written in its table. */
export function serveFiles(router: Router, prefix: string, files: RequestHandler): void {
  router.use(prefix, files);
  DECLARED.get(router)?.routes.push({ methods: ['GET', 'HEAD'], match: pattern(prefix, DECLARED.get(router)!.flags, true) });
}

function collect(router: Router, path: string, into: Set<string>): void {
  const own = DECLARED.get(router);
  if (!own) return;
  for (const r of own.routes) {
    if (r.match.test(path)) r.methods.forEach((m) => into.add(m));
  }
  for (const { prefix, router: inner } of own.mounted) {
    if (!prefix) {
      collect(inner, path, into);
      continue;
    }
    // A router mounted on a prefix sees the rest of the path, as when it dispatches.
    const at = pattern(prefix, own.flags, true).exec(path);
    if (at) collect(inner, path.slice(prefix.replace(/\/$/, '').length) || '/', into);
  }
}

/** The methods the routers' routes take on `path`, in a stable order; empty when none has it. */
export function allowedMethods(routers: readonly Router[], path: string): string[] {
  const found = new Set<string>();
  for (const r of routers) collect(r, path, found);
  return [...found].sort();
}

export function methodNotAllowed(routers: readonly Router[]): RequestHandler {
  return (req, res, next) => {
    const allowed = allowedMethods(routers, req.path);
    if (!allowed.length || allowed.includes(req.method)) return next();
    res.setHeader('Allow', allowed.join(', '));
    // Where express has no route to answer OPTIONS itself (files under a mount), as it would.
    if (req.method === 'OPTIONS') return void res.status(200).type('text').send(allowed.join(', '));
    sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed on ${req.path.slice(0, 200)}; allowed: ${allowed.join(', ')}`);
  };
}
