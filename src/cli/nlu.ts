/**
 * `npm run --silent nlu`: one question per line in, one JSON line out (shared/design/interfaces.md §1),
 * with the decision added: {"kind":"answer"}, {"kind":"clarify","candidates":[…]} or {"kind":"out_of_scope"}.
 * `--export-training`: every training utterance as {"text","intent"}. stdout carries only the contract.
 */
import { decisionOf } from '../domain/understanding.js';
import { loadIntentFiles } from '../knowledge/load.js';
import { createNlu } from '../nlu/index.js';
import { parseDay, parseOptions } from './args.js';
import { inputLines } from './lines.js';
import { quietWhenReaderStops } from './stdout.js';

quietWhenReaderStops();

const { values } = parseOptions({
  options: { 'export-training': { type: 'boolean', default: false }, now: { type: 'string' } },
}, 'npm run --silent nlu -- [--now YYYY-MM-DD] [--export-training]   (one question per line on stdin)');

const nlu = createNlu(loadIntentFiles());
const write = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

if (values['export-training']) {
  for (const example of nlu.training) write(example);
} else {
  const now = parseDay(values.now);
  for await (const line of inputLines(process.stdin)) {
    const u = nlu.parse(line, now ? { now } : {});
    // `decision` (added, compatible): answer, clarify with the topics to offer, or out_of_scope — what
    // `intent` alone cannot say, since a clarification's intent is out_of_scope too.
    write({ text: u.text, intent: u.intent, confidence: u.confidence, ranking: u.ranking, entities: u.entities, decision: decisionOf(u) });
  }
}
