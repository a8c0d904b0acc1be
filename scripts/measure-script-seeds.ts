/**
 * The conversation scripts (test/conversations/*.yaml) replayed through the whole assistant — NLU,
 * dialogue and flows, each script in its own session and on its channel, played as the test plays it
 * (test/dialogue/scripts.ts) — once per seed of the
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
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PARAMS } from '../src/nlu/classifier.js';
import { loadScripts, playTurn, ScriptApps } from '../test/dialogue/scripts.js';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '3' }, file: { type: 'string' } } });
const seeds = Number(values.seeds);
const scripts = loadScripts(values.file);

/** One seed's replay, in this process: NLU_PARAMS is read once, as the modules load. */
async function replay(): Promise<string[]> {
  const out: string[] = [];
  const apps = new ScriptApps();
  for (const [k, { file, script }] of scripts.entries()) {
    const app = await apps.for(script.env);
    // A session per script, as the test makes one: some files reuse a script name.
    const session = `${file}#${k}`;
    for (const n of script.turns.keys()) {
      // Played on the script's channel (the kiosk's, the console, a text channel), as the test plays it.
      const played = await playTurn(app, script, n, session);
      const [intent, flow] = played.on === 'agent' ? [played.intent, '-'] : [played.out.intent, played.out.flow ?? '-'];
      out.push(`${intent} | ${flow} | ${played.seen.replace(/https?:\S+/g, 'URL')}`);
    }
  }
  await apps.close();
  return out;
}

if (process.env.SCRIPT_SEEDS_OUT) {
  writeFileSync(process.env.SCRIPT_SEEDS_OUT, JSON.stringify(await replay()));
  process.exit(0);
}
const turns = scripts.flatMap(({ file, script }) => script.turns.map((t, k) => ({ where: `${file}: ${script.name} #${k + 1}`, user: t.user })));
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
