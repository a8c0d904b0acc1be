/** `npm run validate`: the content checks alone, with a summary. Exit 1 on any problem. */
import { loadKnowledge } from '../knowledge/load.js';
import { summarize, validateKnowledge } from '../knowledge/validate.js';
import { formatNationalCoverage, nationalCoverage } from '../knowledge/national.js';
import { ContentError } from '../errors.js';

try {
  const knowledge = loadKnowledge();
  const problems = validateKnowledge(knowledge);
  const s = summarize(knowledge);
  console.log(
    `documents ${s.documents} · intents ${s.intents} (domain ${s.domainIntents}) · utterances ${s.utterances}` +
      ` · answers ${s.answers} · citations ${s.citations} · facts ${s.facts}`,
  );
  for (const line of formatNationalCoverage(nationalCoverage(knowledge))) console.log(line);
  for (const p of problems) console.log(`✗ ${p.message}`);
  console.log(problems.length ? `${problems.length} problem(s)` : 'content ok');
  process.exit(problems.length ? 1 : 0);
} catch (err) {
  if (err instanceof ContentError) {
    console.log(`✗ ${err.message}`);
    process.exit(1);
  }
  throw err;
}
