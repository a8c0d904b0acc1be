/** A copy of the project's content to break on purpose, and where a string sits in one of its files. */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';

export function contentCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  for (const d of ['corpus', 'intents', 'prompts', 'flows']) {
    if (existsSync(join(PROJECT_ROOT, d))) cpSync(join(PROJECT_ROOT, d), join(dir, d), { recursive: true });
  }
  return dir;
}

/** Replaces the first `from` in `file` of the copy; fails loudly if it is not there. */
export function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const found = typeof from === 'string' ? text.includes(from) : from.test(text);
  if (!found) throw new Error(`${file} has no ${String(from)}`);
  writeFileSync(path, text.replace(from, to));
}

/** `file:line:column` of the first `needle` in the copy's file (1-based, as editors count). */
export function at(dir: string, file: string, needle: string, offset = 0): string {
  const text = readFileSync(join(dir, file), 'utf8');
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${file} has no ${needle}`);
  const before = text.slice(0, i + offset).split('\n');
  return `${file}:${before.length}:${before.at(-1)!.length + 1}`;
}
