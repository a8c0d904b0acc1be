import type { Response } from 'express';

/** The one error shape of the HTTP API: {"error":{"code","message"}}, never a stack trace. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}
