/**
 * `npm run bench`: the understanding (nlu.parse = classification + entities) next to NLP.js
 * (manager.process, through trainNlpJs) on the same inputs — the held-out questions of
 * test/eval/heldout.jsonl, cycled. Each system runs in its own child process, so memory is not
 * shared, one after the other, so they do not compete for the CPU:
 *   cold start      in the child, from before importing the engine and loading the intents to ready;
 *                   for ours also with the trained model read from its cache (a short extra child)
 *   RSS after load  process.memoryUsage().rss once trained, after a full GC
 *   latency         p50 / p99 of each message, after a warm-up
 *   throughput      messages per second of the same sequential loop (one thread, one core)
 * Options: --messages N (timed messages per system), --warmup N, --json. No network; bounded loops.
 * `--http` benchmarks the HTTP server instead (src/cli/bench-http.ts).
 * `--cold [--runs N]` measures the cold start of start:prod, one process and WORKERS=2 (src/cli/bench-cold.ts).
 * `--records [--conversations N] [--windows N]` instead measures the reply-path cost of conversation
 * records (src/cli/bench-records.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadIntentFiles, PROJECT_ROOT } from '../knowledge/load.js';
import { loadHeldout } from '../nlu/evaluation.js';
import { summarize, type LatencySummary } from './bench-stats.js';
import { parseOptions } from './args.js';

const SYSTEMS = ['none', 'ours', 'ours-model-cached', 'nlpjs', 'nlpjs-cached'] as const;
type System = (typeof SYSTEMS)[number];

export interface ChildResult {
  system: System;
  trainingUtterances: number;
  distinctInputs: number;
  coldStartMs: number;
  rssAfterLoadBytes: number;
  messages: number;
  warmup: number;
  loopMs: number;
  perSecond: number;
  latency: LatencySummary;
}

const RESULT_PREFIX = 'BENCH_RESULT ';
const CHILD_TIMEOUT_MS = 90_000;
/** The day relative dates resolve against, as in `npm run eval`. */
const NOW = new Date(2026, 10, 22, 12);

const { values } = parseOptions({
  options: {
    child: { type: 'string' },
    messages: { type: 'string', default: '20000' },
    warmup: { type: 'string', default: '2000' },
    json: { type: 'boolean', default: false },
    http: { type: 'boolean', default: false },
    connections: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    workers: { type: 'string', default: '1' },
    wechat: { type: 'string', default: '0' },
    redis: { type: 'string' },
    client: { type: 'string' },
    'node-flags': { type: 'string' },
    records: { type: 'boolean', default: false },
    cold: { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    conversations: { type: 'string', default: '500' },
    windows: { type: 'string', default: '4' },
  },
}, 'npm run bench -- [--messages N] [--warmup N] [--json] | --http [--connections N] [--duration S] [--workers N] [--wechat N] [--redis URL] [--client autocannon|wrk|both] [--node-flags="…"] | --cold [--runs N] | --records [--conversations N] [--windows N]');

function count(name: string, value: string | undefined, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    process.stderr.write(`--${name} must be an integer 0…${max}, got "${value}"\n`);
    process.exit(2);
  }
  return n;
}
const messages = Math.max(1, count('messages', values.messages, 1_000_000));
const warmup = count('warmup', values.warmup, 100_000);

const gc = (globalThis as { gc?: () => void }).gc;
const fullGc = () => {
  if (gc) for (let i = 0; i < 3; i++) gc();
};

/**
 * NLP.js keeps the tokens of every text it has processed (an hour-long cache keyed by the text), so
 * a benchmark cycling a few hundred questions would time cache hits, not understanding. Each
 * message is a new one for our NLU; for a like-for-like comparison NLP.js forgets its earlier texts
 * too. (`nlpjs-cached` keeps the cache, as shipped, for reference.)
 */
function disableNlpJsResultCache(): void {
  const fromNodeNlp = createRequire(createRequire(import.meta.url).resolve('node-nlp'));
  type Prepare = (this: { cache?: { results: object } }, input: unknown) => unknown;
  const { Nlu } = fromNodeNlp('@nlpjs/nlu') as { Nlu: { prototype: { defaultPipelinePrepare: Prepare } } };
  const original = Nlu.prototype.defaultPipelinePrepare;
  Nlu.prototype.defaultPipelinePrepare = function (this: { cache?: { results: object } }, input: unknown) {
    if (this.cache) this.cache.results = {};
    return original.call(this, input);
  };
}

async function runChild(system: System): Promise<ChildResult> {
  // The inputs are read before the clock starts and kept by every child, the bare one too.
  const texts = loadHeldout().map((c) => c.text);
  const intents = () => loadIntentFiles();
  let understand: (text: string) => unknown;
  let trainingUtterances = 0;

  const t0 = performance.now();
  if (system === 'ours' || system === 'ours-model-cached') {
    const { createNlu } = await import('../nlu/index.js');
    // ours-model-cached: the trained model read from the cache the parent wrote (as `npm start` does).
    const nlu = createNlu(intents(), system === 'ours' ? {} : { cacheDir: process.env.BENCH_MODEL_DIR! });
    if (system === 'ours-model-cached' && nlu.model !== 'cached') throw new Error('the model cache was not read');
    trainingUtterances = nlu.training.length;
    understand = (text) => nlu.parse(text, { now: NOW });
  } else if (system === 'nlpjs' || system === 'nlpjs-cached') {
    if (system === 'nlpjs') disableNlpJsResultCache();
    const { trainNlpJs } = await import('./nlpjs-baseline.js');
    // The same examples nlu.training holds (and `nlu --export-training` writes).
    const training = intents().flatMap((i) => i.utterances.map((text) => ({ text, intent: i.id })));
    trainingUtterances = training.length;
    const nlp = await trainNlpJs(training);
    understand = (text) => nlp.rank(text);
  } else {
    understand = (text) => text.length;
  }
  const coldStartMs = performance.now() - t0;

  fullGc();
  const rssAfterLoadBytes = process.memoryUsage().rss;

  for (let i = 0; i < warmup; i++) {
    const r = understand(texts[i % texts.length]!);
    if (r instanceof Promise) await r;
  }
  fullGc();

  const latencies = new Float64Array(messages);
  const start = process.hrtime.bigint();
  for (let i = 0; i < messages; i++) {
    const text = texts[i % texts.length]!;
    const s = process.hrtime.bigint();
    const r = understand(text);
    if (r instanceof Promise) await r;
    latencies[i] = Number(process.hrtime.bigint() - s) / 1e6;
  }
  const loopMs = Number(process.hrtime.bigint() - start) / 1e6;

  return {
    system, trainingUtterances, distinctInputs: texts.length, coldStartMs, rssAfterLoadBytes,
    messages, warmup, loopMs, perSecond: messages / (loopMs / 1000), latency: summarize(latencies),
  };
}

/** One child per system: the same file, run by the same node with tsx's loader. */
function spawnChild(system: System, env: Record<string, string> = {}, n = messages): Promise<ChildResult> {
  const args = ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url),
    '--child', system, '--messages', String(n), '--warmup', String(Math.min(warmup, n))];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').reverse().find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult);
      else reject(new Error(`bench child "${system}" failed (exit ${code ?? signal})${signal === 'SIGKILL' ? ` after ${CHILD_TIMEOUT_MS / 1000} s` : ''}\n${err.slice(-2000)}`));
    });
  });
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const fixed = (n: number, digits: number) => n.toFixed(digits);

function table(ours: ChildResult, nlpjs: ChildResult, cached: ChildResult, floor: ChildResult): string {
  type Row = [name: string, get: (r: ChildResult) => number, digits: number, lowerIsBetter: boolean];
  const rows: Row[] = [
    ['latency p50 (ms)', (r) => r.latency.p50, 3, true],
    ['latency p99 (ms)', (r) => r.latency.p99, 3, true],
    ['latency mean (ms)', (r) => r.latency.mean, 3, true],
    ['latency max (ms)', (r) => r.latency.max, 2, true],
    ['throughput (msg/s, 1 core)', (r) => r.perSecond, 0, false],
    ['RSS after load (MB)', (r) => mb(r.rssAfterLoadBytes), 1, true],
    ['cold start: load+train (ms)', (r) => r.coldStartMs, 0, true],
  ];
  const w = [28, 15, 10, 15, 8, 17];
  const cells = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(w[0]!) : x.padStart(w[i]!))).join('');
  const lines = [
    cells(['metric', 'this assistant', 'NLP.js', 'ours ÷ NLP.js', 'better', 'NLP.js cache on*']),
    '-'.repeat(w.reduce((a, b) => a + b, 0)),
  ];
  for (const [name, get, d, lower] of rows) {
    const a = get(ours);
    const b = get(nlpjs);
    const better = a === b ? '=' : (a < b) === lower ? 'ours' : 'NLP.js';
    lines.push(cells([name, fixed(a, d), fixed(b, d), b === 0 ? '–' : fixed(a / b, 2), better, fixed(get(cached), d)]));
  }
  lines.push(
    '',
    '* NLP.js caches the tokens of each text it has seen; with 533 questions cycled every timed message',
    '  is a cache hit there. The NLP.js column forgets them (each message new, as for our NLU); the last',
    '  column is NLP.js as shipped, for reference only.',
    `RSS of a bare child (node + tsx + content loader, no engine): ${fixed(mb(floor.rssAfterLoadBytes), 1)} MB`,
  );
  return lines.join('\n');
}

/** `--node-flags="--a --b"` (with “=”: the value starts with a dash): V8/Node flags added to the assistant's start, for an A/B in one command. */
function nodeFlags(value: string): string[] {
  const flags = value.trim().split(/\s+/).filter(Boolean);
  const bad = flags.find((f) => !/^--[a-z0-9-]+(=[\w./-]+)?$/i.test(f));
  if (bad !== undefined) {
    process.stderr.write(`--node-flags takes node's own flags (--name or --name=value), got "${bad}"\n`);
    process.exit(2);
  }
  return flags;
}

function loadClient(value: string): 'autocannon' | 'wrk' | 'both' {
  if (value === 'autocannon' || value === 'wrk' || value === 'both') return value;
  process.stderr.write(`--client must be autocannon, wrk or both, got "${value}"\n`);
  process.exit(2);
}

if (values.http) {
  const { runHttpBench } = await import('./bench-http.js');
  await runHttpBench({
    connections: Math.max(1, count('connections', values.connections, 2000)),
    durationS: Math.max(1, count('duration', values.duration, 600)),
    workers: Math.max(1, count('workers', values.workers, 64)),
    wechatUsers: count('wechat', values.wechat, 5000),
    ...(values.redis ? { redisUrl: values.redis } : {}),
    ...(values.client ? { client: loadClient(values.client) } : {}),
    ...(values['node-flags'] ? { nodeFlags: nodeFlags(values['node-flags']) } : {}),
    json: values.json,
  });
} else if (values.cold) {
  const { runColdBench } = await import('./bench-cold.js');
  await runColdBench({ runs: Math.max(1, count('runs', values.runs, 100)), json: values.json });
} else if (values.records) {
  const { benchRecords, recordsTable } = await import('./bench-records.js');
  const result = await benchRecords({
    conversations: Math.max(1, count('conversations', values.conversations, 5000)),
    windows: Math.max(1, count('windows', values.windows, 1000)),
  });
  console.log(values.json ? JSON.stringify(result, null, 2) : recordsTable(result));
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} logical cores), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} else if (values.child !== undefined) {
  const system = values.child as System;
  if (!SYSTEMS.includes(system)) {
    process.stderr.write(`--child must be one of ${SYSTEMS.join(', ')}\n`);
    process.exit(2);
  }
  const result = await runChild(system);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
} else {
  const cpu = cpus();
  const machine = `${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} logical cores), ${platform()} ${release()}, Node ${process.version}`;
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const command = `npm run bench -- --messages ${messages} --warmup ${warmup}`;
  const started = performance.now();
  // One after the other, never side by side: each gets the CPU to itself.
  const floor = await spawnChild('none');
  const ours = await spawnChild('ours');
  // The model cache written here, then read by a child of its own (a short run: cold start and memory).
  const modelDir = mkdtempSync(join(tmpdir(), 'bench-model-'));
  const { createNlu } = await import('../nlu/index.js');
  createNlu(loadIntentFiles(), { cacheDir: modelDir });
  const oursCached = await spawnChild('ours-model-cached', { BENCH_MODEL_DIR: modelDir }, Math.min(messages, 2000));
  rmSync(modelDir, { recursive: true, force: true });
  const nlpjs = await spawnChild('nlpjs');
  const cached = await spawnChild('nlpjs-cached');
  const totalS = (performance.now() - started) / 1000;

  if (values.json) {
    console.log(JSON.stringify({ machine, loadAverage: load, command, ours, oursModelCached: oursCached, nlpjs, nlpjsCacheOn: cached, bareChild: floor }, null, 2));
  } else {
    console.log(`understanding benchmark: ${messages} messages per system after ${warmup} warm-up, cycling the ${ours.distinctInputs} held-out questions (test/eval/heldout.jsonl)`);
    console.log(`both trained on the same ${ours.trainingUtterances} utterances${ours.trainingUtterances === nlpjs.trainingUtterances ? '' : ` (NLP.js: ${nlpjs.trainingUtterances}!)`}; ours = nlu.parse (classification + entities), NLP.js = manager.process (zh)\n`);
    console.log(table(ours, nlpjs, cached, floor));
    console.log(`cold start with the trained model read from its cache (DATA_DIR/nlu-model-<hash>.bin, as npm start after the first): ${fixed(oursCached.coldStartMs, 0)} ms, RSS after load ${fixed(mb(oursCached.rssAfterLoadBytes), 1)} MB`);
    console.log(`\nmachine: ${machine}; load average at start: ${load}`);
    console.log(`each system in its own child process, run one after the other; whole run ${totalS.toFixed(1)} s`);
    console.log(`reproduce: ${command}`);
  }
}
