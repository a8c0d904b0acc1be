/** The build's content snapshot stands in for the YAML only while the YAML is what it was made from. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshot, writeSnapshot } from '../../src/knowledge/snapshot.js';
import { inspectContent } from '../../src/knowledge/validate.js';
import { contentCopy, edit } from './support.js';

describe('content snapshot', () => {
  const dir = contentCopy();
  const file = join(mkdtempSync(join(tmpdir(), 'snapshot-')), 'content.v8');
  const { knowledge } = inspectContent(dir);
  writeSnapshot(dir, knowledge!, file);

  it('gives the same knowledge as reading the YAML, while the content is unchanged', () => {
    const snap = readSnapshot(dir, file);
    expect(snap).toEqual({ ...knowledge! });
    expect(snap!.prompts.get('core.turn_failed')?.text).toBe(knowledge!.prompts.get('core.turn_failed')?.text);
  });

  it('is ignored once an editor changes a content file, and when it is torn or missing', () => {
    edit(dir, 'prompts/core.yaml', /turn_failed:/, 'turn_failed:');
    expect(readSnapshot(dir, file)).toBeDefined(); // the same bytes: still in use
    edit(dir, 'intents/emergency.yaml', '急诊入院后3天内', '急诊入院后5天内');
    expect(readSnapshot(dir, file)).toBeUndefined();
    const torn = `${file}.torn`;
    writeFileSync(torn, 'not a snapshot');
    expect(readSnapshot(dir, torn)).toBeUndefined();
    expect(readSnapshot(dir, `${file}.missing`)).toBeUndefined();
  });
});
