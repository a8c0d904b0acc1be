/**
 * The lines of a CLI's stdin as a client counts them (interfaces.md §1–§2: one output line per input
 * line, zipped by the client): split at “\n” only, a CRLF's “\r” dropped, and the byte order mark a
 * Windows editor writes at the start of a file dropped — it is no part of the first question.
 * node:readline also ends a line at a lone “\r”, which gave two output lines for one input line.
 * Invalid UTF-8 is decoded to U+FFFD, as readline did. A last line without “\n” still counts.
 */
import { StringDecoder } from 'node:string_decoder';

export async function* inputLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let first = true;
  const line = (raw: string): string => {
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (first && text.startsWith('\uFEFF')) text = text.slice(1);
    first = false;
    return text;
  };
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    let end: number;
    while ((end = pending.indexOf('\n', start)) !== -1) {
      yield line(pending.slice(start, end));
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending) yield line(pending);
}
