/**
 * The checked content as one file beside the built code, so that `npm run start:prod` does not
 * parse 750 kB of YAML and run every cross-file check at each start (about 0.6 s of CPU; reading
 * the snapshot takes under 10 ms). `npm run build` writes it after `inspectContent` passed; a
 * start uses it only when the content files are byte for byte those it was made from (a content
 * hash over corpus/, intents/, prompts/ and flows/) and the Node version is the same (V8's
 * serialisation format), and otherwise reads and checks the YAML as always. Under tsx (`npm start`)
 * there is no snapshot: it lives in dist/, written by the same build as the code that reads it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { Knowledge } from './load.js';

/** The snapshot of the code that imports this module: dist/content.v8 for dist/knowledge/snapshot.js. */
export const SNAPSHOT_FILE = fileURLToPath(new URL('../content.v8', import.meta.url));

const CONTENT_DIRS = ['corpus', 'intents', 'prompts', 'flows'];

function files(root: string, dir: string): string[] {
  const path = join(root, dir);
  if (!existsSync(path)) return [];
  return readdirSync(path, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(root, join(dir, e.name)) : [join(dir, e.name)]);
}

/** A hash of every content file's path and bytes (and the Node version that serialises). */
export function contentHash(root: string): string {
  const hash = createHash('sha256').update(process.version);
  for (const file of CONTENT_DIRS.flatMap((d) => files(root, d)).sort()) {
    hash.update(`\0${relative(root, join(root, file))}\0`).update(readFileSync(join(root, file)));
  }
  return hash.digest('hex');
}

/** Writes the knowledge (already checked) with the hash of the content it came from. */
export function writeSnapshot(root: string, knowledge: Knowledge, file = SNAPSHOT_FILE): void {
  // The YAML positions (sources) are not enumerable, so they stay out: nothing at run time needs them.
  writeFileSync(file, serialize({ hash: contentHash(root), knowledge: { ...knowledge } }));
}

/** The snapshot's knowledge when it was made from exactly these content files; undefined otherwise. */
export function readSnapshot(root: string, file = SNAPSHOT_FILE): Knowledge | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const saved = deserialize(readFileSync(file)) as { hash?: unknown; knowledge?: Knowledge };
    return saved.hash === contentHash(root) ? saved.knowledge : undefined;
  } catch {
    return undefined; // another Node's format, a torn file: read the YAML
  }
}
