/**
 * The charset of a JSON body, checked once for every JSON route (express's and POST /api/chat's short
 * path, src/server/hot-chat.ts): the contract says all text is UTF-8. Accepted: no charset, or one
 * charset parameter naming UTF-8 — `utf-8`, or `utf8` (PHP's and some Java and Go libraries,
 * hand-written curl lines; the WHATWG Encoding Standard lists it as a label of UTF-8), in any case,
 * quoted or not. Anything else — UTF-16, UTF-32, UTF-7 (which smuggles text past every check on the
 * bytes), Latin-1, or a second charset parameter — is refused with 415 before the body is read; the
 * body parser itself would read any charset iconv knows.
 */
import type { NextFunction, Request, Response } from 'express';

const CHARSET = /;\s*charset\s*=\s*("[^"]*"|[^;\s]*)/gi;
const UTF8 = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

/** True when a Content-Type names no charset, or names UTF-8 once. */
export function utf8OrNone(type: string | undefined): boolean {
  if (type === undefined) return true;
  const found = [...type.matchAll(CHARSET)].map((m) => m[1]!.replace(/^"|"$/g, '').toLowerCase());
  return found.length === 0 || (found.length === 1 && UTF8.has(found[0]!));
}

/** The error express's body parser raises for a charset it will not read (415, handled with the others). */
function unsupported(): Error {
  return Object.assign(new Error('the body must be UTF-8 (charset=utf-8 or none)'), { status: 415, statusCode: 415, expose: true, type: 'charset.unsupported' });
}

export function utf8Label(req: Request, _res: Response, next: NextFunction): void {
  const type = req.headers['content-type'];
  // Only a body has a charset (a GET with a stray header is not refused).
  const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';
  if (hasBody && !utf8OrNone(type)) return next(unsupported());
  // The parser knows only `utf-8`: the other labels of UTF-8 are said as that.
  if (type !== undefined) req.headers['content-type'] = type.replace(CHARSET, '; charset=utf-8');
  next();
}
