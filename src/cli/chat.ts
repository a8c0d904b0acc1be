/**
 * `npm run --silent chat -- --jsonl [--now YYYY-MM-DD]`: scripted conversations, one JSON line
 * in ({"session","text"}), one JSON line out. Without --jsonl: an interactive terminal chat.
 * Logs go to stderr; stdout carries only the contract.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { Reply } from '../domain/reply.js';
import { createLogger } from '../logger.js';
import { parseDay } from './args.js';

const { values } = parseArgs({
  options: { jsonl: { type: 'boolean', default: false }, now: { type: 'string' }, session: { type: 'string', default: 'cli' } },
});

const now = parseDay(values.now);
const config = loadConfig();
const logger = createLogger(values.jsonl ? 'warn' : config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
// The terminal keeps its sessions in memory even where REDIS_URL is set for the server.
const app = await createApp({ ...config, REDIS_URL: undefined }, logger);

function show(r: Reply): string {
  switch (r.type) {
    case 'text': return r.text;
    case 'choices': return r.options.map((o, i) => `  [${i + 1}] ${o}`).join('\n');
    case 'link': return `🔗 ${r.title}: ${r.url}`;
    case 'image': return `🖼 ${r.alt}: ${r.url}`;
    case 'card': return `— ${r.title} —\n${(r.source ?? []).map((s) => `  来源《${s.title}》：“${s.quote}”`).join('\n')}`;
    case 'handoff': return `☎ ${r.text}`;
  }
}

const rl = createInterface({ input: process.stdin, terminal: !values.jsonl && process.stdin.isTTY });
if (values.jsonl) {
  for await (const line of rl) {
    if (!line.trim()) continue;
    let input: unknown;
    try {
      input = JSON.parse(line);
    } catch {
      input = undefined;
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      process.stdout.write(`${JSON.stringify({ error: { code: 'bad_json', message: 'each line must be a JSON object {"session","text"}' } })}\n`);
      continue;
    }
    const { session, text } = input as { session?: unknown; text?: unknown };
    const sessionId = typeof session === 'string' && session ? session : 'default';
    const out = await app.assistant.handle({ channel: 'cli', sessionId, text: typeof text === 'string' ? text : '', ...(now ? { now } : {}) });
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
} else {
  let lastChoices: string[] = [];
  process.stdout.write('异地就医直接结算助手（输入问题，数字选择按钮，Ctrl+D 退出）\n> ');
  for await (const line of rl) {
    const pick = /^\d+$/.test(line.trim()) ? lastChoices[Number(line.trim()) - 1] : undefined;
    const out = await app.assistant.handle({ channel: 'cli', sessionId: values.session!, text: pick ?? line, ...(now ? { now } : {}) });
    lastChoices = out.replies.flatMap((r) => (r.type === 'choices' ? r.options : []));
    process.stdout.write(`${out.replies.map(show).join('\n')}\n> `);
  }
}
await app.close();
