/**
 * The short paths of the server's listener (POST /api/chat, POST /wechat) answer a request as Node
 * gave it: changing an object's prototype slows every later access Node's HTTP code makes to it,
 * so express's prototypes are set only when an answer needs them (a JSON error, a forwarded client
 * address, a body only express's parsers read). This is how such a path asks for them.
 */
import type { Request, Response } from 'express';

/** The request and response as express's (its prototypes set): made at the first call only. */
export type ToExpress = () => [Request, Response];
