/**
 * `npm run build`: src/ → dist/ as plain JavaScript (esbuild, one file per module, same tree), so
 * `npm run start:prod` starts without compiling TypeScript at start-up. Paths the code finds
 * relative to its own file (the project root, the kiosk's static files) keep working because the
 * tree keeps its depth; the static files are copied beside the code that serves them. The checked
 * content goes beside the code as dist/content.v8 (src/knowledge/snapshot.ts), which a start
 * uses while the content files are unchanged; content with problems gets no snapshot (the start
 * reports them, as `npm run validate` does). Then the built code trains the understanding once and
 * caches the model in DATA_DIR (`.data` by default), so that the first `start:prod` reads it
 * instead of training (src/nlu/model-cache.ts).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../src/knowledge/load.js';
import { writeSnapshot } from '../src/knowledge/snapshot.js';
import { inspectContent } from '../src/knowledge/validate.js';

const SRC = join(PROJECT_ROOT, 'src');
const OUT = join(PROJECT_ROOT, 'dist');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'public' ? [] : sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function publicDirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (!e.isDirectory()) return [];
    const path = join(dir, e.name);
    return e.name === 'public' ? [path] : publicDirs(path);
  });
}

rmSync(OUT, { recursive: true, force: true });
const entryPoints = sources(SRC);
await build({
  entryPoints,
  outdir: OUT,
  outbase: SRC,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
// Every public/ folder as it is (the web channel's pages and the admin pages' style and charts): served from
// beside the module that serves it.
for (const dir of publicDirs(SRC)) cpSync(dir, join(OUT, relative(SRC, dir)), { recursive: true });
const { knowledge, problems } = inspectContent(PROJECT_ROOT);
if (knowledge) writeSnapshot(PROJECT_ROOT, knowledge, join(OUT, 'content.v8'));
else process.stderr.write(`content has ${problems.length} problem(s) (npm run validate): no content snapshot, start:prod reads the YAML\n`);
process.stdout.write(`built ${entryPoints.length} modules${knowledge ? ' and the content snapshot' : ''} into ${relative(process.cwd(), OUT) || 'dist'}/\n`);

// By the built code itself: the model's cache key covers the code that trains and reads it. (Content
// with problems gets no model either: the start reports the problems.)
const dataDir = process.env.DATA_DIR ?? '.data';
const built = (path: string) => JSON.stringify(pathToFileURL(join(OUT, path)).href);
if (knowledge) execFileSync(process.execPath, ['--input-type=module', '-e', `
  const { loadIntentFiles } = await import(${built('knowledge/load.js')});
  const { createNlu } = await import(${built('nlu/index.js')});
  const nlu = createNlu(loadIntentFiles(), { cacheDir: ${JSON.stringify(dataDir)} });
  process.stdout.write('understanding model ' + (nlu.model === 'cached' ? 'read from' : 'trained and cached in') + ' ' + ${JSON.stringify(dataDir)} + '/\\n');
`], { cwd: PROJECT_ROOT, stdio: 'inherit' });
