/**
 * The conversation scripts (test/conversations/*.yaml) replayed through the whole assistant — NLU,
 * dialogue and flows, each script in its own session as the test runs it — once per seed of the
 * regression (NLU_PARAMS' `seed`), and the script turns whose outcome a person would notice changes
 * with the seed: the intent answered, the flow, or the reply's text and buttons. Where
 * scripts/measure-order.ts counts each distinct user text understood alone, out of context, this counts
 * the turns as the scripts have them, in context (a flow's “职工” is read by the flow, not the classifier).
 *
 *   npx tsx scripts/measure-script-seeds.ts [--seeds 3] [--file people11]
 *
 * Training data only (the conversation scripts are the project's own tests): no test split is read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { renderText } from '../src/core/text-render.js';
import { createLogger } from '../src/logger.js';
import { DEFAULT_PARAMS } from '../src/nlu/classifier.js';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '3' }, file: { type: 'string' } } });
const seeds = Number(values.seeds);
const dir = join(import.meta.dirname, '..', 'test/conversations');
interface Script { name: string; now?: string; env?: Record<string, string>; turns: Array<{ user: string }> }
const scripts = readdirSync(dir).filter((f) => f.endsWith('.yaml') && (!values.file || f.includes(values.file))).sort()
  .flatMap((f) => (parseYaml(readFileSync(join(dir, f), 'utf8')) as Script[]).map((s) => ({ file: f, ...s })));

/** One seed's replay, in this process: NLU_PARAMS is read once, as the modules load. */
async function replay(): Promise<string[]> {
  const out: string[] = [];
  const apps = new Map<string, Awaited<ReturnType<typeof createApp>>>();
  for (const [k, s] of scripts.entries()) {
    const key = JSON.stringify(s.env ?? {});
    if (!apps.has(key)) {
      const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'seeds-')), LOG_LEVEL: 'silent', ...s.env });
      apps.set(key, await createApp(config, createLogger('silent')));
    }
    const app = apps.get(key)!;
    const [y, m, d] = (s.now ?? '2026-11-22').split('-').map(Number);
    const now = new Date(y!, m! - 1, d!, 12);
    // A session per script, as the test makes one: some files reuse a script name.
    const session = `${s.file}#${k}`;
    for (const t of s.turns) {
      const o = await app.assistant.handle({ channel: 'test', sessionId: session, text: t.user, now });
      out.push(`${o.intent} | ${o.flow ?? '-'} | ${renderText(o.replies, app.kb, { choices: 'bullets' }).replace(/https?:\S+/g, 'URL')}`);
    }
  }
  for (const app of apps.values()) await app.close();
  return out;
}

if (process.env.SCRIPT_SEEDS_OUT) {
  writeFileSync(process.env.SCRIPT_SEEDS_OUT, JSON.stringify(await replay()));
  process.exit(0);
}
const turns = scripts.flatMap((s) => s.turns.map((t, k) => ({ where: `${s.file}: ${s.name} #${k + 1}`, user: t.user })));
const runs: string[][] = [];
// Each seed in a process of its own (the seeds of measure-order.ts: the default, then +1013, +2026 …).
const outDir = mkdtempSync(join(tmpdir(), 'script-seeds-'));
for (let k = 0; k <= seeds; k++) {
  const file = join(outDir, `seed-${k}.json`);
  const env = { ...process.env, SCRIPT_SEEDS_OUT: file, NLU_PARAMS: JSON.stringify({ seed: DEFAULT_PARAMS.seed + k * 1013 }) };
  execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, ...process.argv.slice(2)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  runs.push(JSON.parse(readFileSync(file, 'utf8')) as string[]);
}
const intentOf = (o: string) => o.split(' | ')[0]!;
const seenOf = (o: string) => o.slice(o.indexOf(' | ') + 3);
const differ = (i: number, f: (o: string) => string) => new Set(runs.map((r) => f(r[i]!))).size > 1;
const seen = turns.map((_, i) => i).filter((i) => differ(i, seenOf));
const labelOnly = turns.map((_, i) => i).filter((i) => !differ(i, seenOf) && differ(i, intentOf));
console.log(`${seeds + 1} seeds; of the ${turns.length} script turns, ${seen.length} change what the person sees (the flow or the reply), ${labelOnly.length} more only the intent reported`);
for (const i of seen) console.log(`  ${turns[i]!.where} “${turns[i]!.user}”: ${runs.map((r) => intentOf(r[i]!)).join(' / ')}`);
if (labelOnly.length > 0) console.log(`the intent reported only: ${labelOnly.map((i) => `“${turns[i]!.user}”`).join(' ')}`);
