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
import { parseYamlData, usePreparsedYaml, type Knowledge } from './load.js';

/** The snapshot of the code that imports this module: dist/content.v8 for dist/knowledge/snapshot.js. */
export const SNAPSHOT_FILE = fileURLToPath(new URL('../content.v8', import.meta.url));

const CONTENT_DIRS = ['corpus', 'intents', 'prompts', 'flows'];

/**
 * Content files the understanding reads by itself (readYamlFile) at start-up or at its first
 * message: their parsed YAML goes in the snapshot too (~30 ms of YAML parsing at each start;
 * the gazetteer's places.yaml, since places round 4, another ~12 ms of CPU before the first answer).
 */
const PREPARSED_YAML = ['corpus/nlu/lexicon.yaml', 'corpus/documents.yaml', 'corpus/facts/rates.yaml', 'corpus/nlu/places.yaml'];

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
  // A file the content check read (documents, rates) is taken as it parsed it; the lexicon is parsed here.
  const yaml = Object.fromEntries(PREPARSED_YAML.flatMap((f) => {
    const data = knowledge.sources?.data(f) ?? parseYamlData(root, f);
    return data === undefined || data === null ? [] : [[f, data]];
  }));
  writeFileSync(file, serialize({ hash: contentHash(root), knowledge: { ...knowledge }, yaml }));
}

/**
 * The snapshot's knowledge when it was made from exactly these content files; undefined otherwise.
 * Its parsed YAML files are then handed to readYamlFile for this content root. With `evenIfChanged`
 * (the content on disk failed its checks), the last checked content whatever the files are now:
 * a bad edit then leaves the service answering what the build checked instead of stopping it.
 */
export function readSnapshot(root: string, file = SNAPSHOT_FILE, opts: { evenIfChanged?: boolean } = {}): Knowledge | undefined {
  let saved: { hash?: unknown; knowledge?: Knowledge; yaml?: Record<string, unknown> } | undefined;
  try {
    if (existsSync(file)) saved = deserialize(readFileSync(file)) as typeof saved;
  } catch {
    saved = undefined; // another Node's format, a torn file: read the YAML
  }
  const current = saved && (opts.evenIfChanged || saved.hash === contentHash(root)) ? saved : undefined;
  // Without a current snapshot the files are read again (a YAML taken from an earlier one is dropped).
  usePreparsedYaml(root, current?.yaml ?? {});
  return current?.knowledge;
}
