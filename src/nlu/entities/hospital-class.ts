/**
 * Hospital class in the words of a rate table (芮城: 三类 / 二类 / 一类 / 省、市级 / 省外). The
 * vocabulary is content of the region that published the table: `class_mentions` in
 * corpus/facts/rates.yaml. A hospital grade (三甲, 二级) is a different thing and is never mapped
 * to a class.
 */
import { PROJECT_ROOT, readYamlFile } from '../../knowledge/load.js';
import { RatesFileSchema, type RateTable } from '../../knowledge/schema.js';

type Mentions = Array<[classId: string, pattern: RegExp]>;

/** Every table's mentions in order; a message is read before its region is known. */
export function classMentions(tables: readonly RateTable[]): Mentions {
  return tables.flatMap((t) => t.class_mentions.flatMap((m) => m.patterns.map((p): [string, RegExp] => [m.class, new RegExp(p, 'u')])));
}

let tables: readonly RateTable[] | undefined;
/** The corpus's rate tables, read once, on first use (a built server has registered its checked content by then). */
export const corpusRateTables = (): readonly RateTable[] =>
  (tables ??= readYamlFile(PROJECT_ROOT, 'corpus/facts/rates.yaml', RatesFileSchema).tables);

let fromCorpus: Mentions | undefined;
/** The corpus's mentions, read once. */
const corpusMentions = (): Mentions => (fromCorpus ??= classMentions(corpusRateTables()));

export function extractHospitalClass(text: string, mentions: Mentions = corpusMentions()): string | undefined {
  for (const [id, pattern] of mentions) if (pattern.test(text)) return id;
  return undefined;
}
