/**
 * Cross-checks of the rate tables (corpus/facts/rates.yaml) that their schema cannot see: the
 * estimate shows a reduction for the classes it names, and the NLU reads the classes its mentions
 * name, so every class id named must be one of the table's.
 */
import { ContentError } from '../errors.js';
import type { RateTable } from './schema.js';

const FILE = 'corpus/facts/rates.yaml';

export function checkRateTables(tables: readonly RateTable[]): ContentError[] {
  const problems: ContentError[] = [];
  tables.forEach((t, i) => {
    const ids = new Set([...t.schemes.employee.classes, ...t.schemes.resident.classes].map((c) => c.id));
    // A mention may name a family: “class1” stands for the table's only 一类 row of a scheme.
    const known = (id: string) => ids.has(id) || [...ids].some((x) => x.startsWith(`${id}_`));
    t.reductions.forEach((r, n) => r.classes.forEach((c, k) => {
      if (!ids.has(c)) problems.push(new ContentError(FILE, `tables.${i}.reductions.${n}.classes.${k}`, `${t.region.name}的表里没有类别 ${c}`));
    }));
    t.class_mentions.forEach((m, n) => {
      if (!known(m.class)) problems.push(new ContentError(FILE, `tables.${i}.class_mentions.${n}.class`, `${t.region.name}的表里没有类别 ${m.class}`));
    });
  });
  return problems;
}
