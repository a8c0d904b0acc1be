/**
 * `npm run --silent chat -- --jsonl [--now YYYY-MM-DD]`: scripted conversations, one JSON line
 * in ({"session","text"}), one JSON line out. Without --jsonl: an interactive terminal chat, a
 * text channel like Wechaty (numbered choices; the turn maps a bare number back to its option).
 * Logs go to stderr; stdout carries only the contract.
 */
import { createInterface } from 'node:readline';
import { appOrExit, configOrExit } from '../bootstrap.js';
import { checkChatRequest } from '../channels/web/chat-request.js';
import type { TextFormat } from '../core/message.js';
import { createLogger } from '../logger.js';
import { parseDay, parseOptions } from './args.js';
import { inputLines } from './lines.js';
import { quietWhenReaderStops } from './stdout.js';

quietWhenReaderStops();

const TERMINAL_TEXT: TextFormat = { choices: 'numbered' };

const { values } = parseOptions({
  options: { jsonl: { type: 'boolean', default: false }, now: { type: 'string' }, session: { type: 'string', default: 'cli' } },
}, 'npm run chat -- [--jsonl] [--now YYYY-MM-DD] [--session ID]');

const now = parseDay(values.now);
// A bad variable is named on stderr (exit 2), never a stack trace.
const config = configOrExit();
const logger = createLogger(values.jsonl ? 'warn' : config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
// The terminal keeps its sessions in memory even where REDIS_URL is set for the server, and keeps
// no conversation records: scripted runs are tests, not what people asked.
const app = await appOrExit({ ...config, REDIS_URL: undefined, RECORDS: 'off' }, logger);

if (values.jsonl) {
  const write = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
  // One output line per input line, so a client can zip them: a line that is no turn gets an error
  // line in its place (never skipped), checked as POST /api/chat checks its body.
  for await (const line of inputLines(process.stdin)) {
    let input: unknown;
    try {
      input = JSON.parse(line);
    } catch {
      input = undefined;
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      write({ error: { code: 'bad_json', message: 'each line must be a JSON object {"session","text"}' } });
      continue;
    }
    const checked = checkChatRequest(input);
    if (!checked.ok) {
      const { session } = input as { session?: unknown };
      write({ ...(typeof session === 'string' && session.trim() ? { session } : {}), error: { code: 'bad_request', message: checked.problem } });
      continue;
    }
    const { session, text } = checked.request;
    write(await app.assistant.handle({ channel: 'cli', sessionId: session, text, ...(now ? { now } : {}) }));
  }
} else {
  process.stdout.write(`${app.kb.say('channel.cli.welcome')}\n> `);
  for await (const line of createInterface({ input: process.stdin, terminal: process.stdin.isTTY })) {
    // An empty line is Enter pressed on nothing (or twice): no turn, the prompt again — it was answered
    // as a message out of scope, and counted as a miss.
    if (!line.trim()) {
      process.stdout.write('> ');
      continue;
    }
    const turn = await app.assistant.handleText({ channel: 'cli', sessionId: values.session!, text: line, ...(now ? { now } : {}) }, TERMINAL_TEXT);
    process.stdout.write(`${turn.text}\n> `);
  }
}
await app.close();
