/**
 * A request body as UTF-8 text, read without express's body parsers (the server's short paths:
 * src/server/hot-chat.ts, the WeChat channel's POST). Rejects with `tooLarge` past `limit` bytes
 * (and stops reading), and with an Error when the client goes away mid-body.
 */
import type { IncomingMessage } from 'node:http';

export function readBody(req: IncomingMessage, limit: number, tooLarge: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(tooLarge);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8')));
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('aborted')));
  });
}
