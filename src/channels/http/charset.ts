/**
 * `charset=utf8` (no hyphen) read as UTF-8. Clients send it (PHP's and some Java and Go libraries,
 * hand-written curl lines), the WHATWG Encoding Standard lists “utf8” as a label of UTF-8, and the
 * body parser refused it with 415 as if the body were in another charset. Rewritten on the request's
 * header before express.json reads it; every other charset stays as sent (and is refused there).
 */
import type { NextFunction, Request, Response } from 'express';

const UTF8_LABEL = /(;\s*charset\s*=\s*)"?(?:utf8|unicode-1-1-utf-8)"?\s*(?=;|$)/i;

export function utf8Label(req: Request, _res: Response, next: NextFunction): void {
  const type = req.headers['content-type'];
  if (type !== undefined && UTF8_LABEL.test(type)) req.headers['content-type'] = type.replace(UTF8_LABEL, '$1utf-8');
  next();
}
