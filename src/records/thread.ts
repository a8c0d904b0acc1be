/**
 * Worker threads of the records (the writer, the inbox's training): a module beside the caller,
 * run as plain JS once built, and under tsx (development, tests) compiled through tsx's loader in
 * the thread.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Starts `name` (without its extension) of the folder of `here` (the caller's import.meta.url) in a thread. */
export function startThread(here: string, name: string, options: WorkerOptions): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), options);
  // tsx's ESM API (its `import` export of tsx/esm/api; the `require` one cannot register in a thread).
  const tsx = pathToFileURL(join(dirname(createRequire(here).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const entry = new URL(`./${name}.ts`, here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`, { ...options, eval: true });
}
