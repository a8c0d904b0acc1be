/** Shared by the NLU tests: one trained NLU per test file and the fixed "today" of the brief. */
import { INTENT_IDS } from '../../src/domain/intents.js';
import type { Understanding } from '../../src/domain/understanding.js';
import { loadIntentFiles } from '../../src/knowledge/load.js';
import { createNlu, type Nlu } from '../../src/nlu/index.js';

/** 2026-11-22 (a Sunday), noon local time — as `--now 2026-11-22` sets it. */
export const NOW = new Date(2026, 10, 22, 12);

let nlu: Nlu | undefined;
export function trainedNlu(): Nlu {
  nlu ??= createNlu(loadIntentFiles());
  return nlu;
}

export const parse = (text: string): Understanding => trainedNlu().parse(text, { now: NOW });

const CATALOGUE = new Set<string>(INTENT_IDS);

/** Problems with an understanding's shape (empty when it is a valid result of the contract). */
export function shapeProblems(u: Understanding): string[] {
  const problems: string[] = [];
  if (typeof u.text !== 'string') problems.push('text is not a string');
  if (!CATALOGUE.has(u.intent)) problems.push(`intent ${String(u.intent)} is not in the catalogue`);
  if (!(Number.isFinite(u.confidence) && u.confidence >= 0 && u.confidence <= 1)) problems.push(`confidence ${u.confidence}`);
  if (!Array.isArray(u.ranking) || u.ranking.length < 3) problems.push(`ranking has ${u.ranking?.length} entries`);
  for (const r of u.ranking ?? []) {
    if (!CATALOGUE.has(r.intent)) problems.push(`ranking intent ${String(r.intent)}`);
    if (!(Number.isFinite(r.confidence) && r.confidence >= 0 && r.confidence <= 1)) problems.push(`ranking confidence ${r.confidence}`);
  }
  if (u.ranking?.[0]?.intent !== u.intent) problems.push('ranking does not start with the intent');
  else if (u.ranking[0].confidence !== u.confidence) problems.push(`ranking starts at ${u.ranking[0].confidence}, the intent's confidence is ${u.confidence}`);
  // In descending order of confidence (shared/design/interfaces.md §1), whatever was decided.
  (u.ranking ?? []).forEach((r, i) => {
    if (i > 0 && r.confidence > u.ranking[i - 1]!.confidence) problems.push(`ranking not descending at ${i}: ${u.ranking[i - 1]!.intent} ${u.ranking[i - 1]!.confidence} < ${r.intent} ${r.confidence}`);
  });
  if (typeof u.entities !== 'object' || u.entities === null) problems.push('entities is not an object');
  return problems;
}
