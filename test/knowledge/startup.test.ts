/** Start-up on broken content stops with every problem, each logged on its own line with its position. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ContentErrors } from '../../src/errors.js';
import { readSnapshot, writeSnapshot } from '../../src/knowledge/snapshot.js';
import { inspectContent } from '../../src/knowledge/validate.js';
import { createLogger } from '../../src/logger.js';
import { at, contentCopy, edit } from './support.js';

describe('start-up on broken content', () => {
  it('reports every problem at once, not the first', async () => {
    const dir = contentCopy();
    edit(dir, 'intents/emergency.yaml', '急诊入院后3天内', '急诊入院后5天内');
    edit(dir, 'intents/definition.yaml', /quote: .+/, 'quote: 这句话不在任何文件里出现过');
    edit(dir, 'corpus/facts/rates.yaml', /ratio: 0\.9\b/, 'ratio: 9');
    const lines: Array<{ msg: string; file: string; line: number; column: number }> = [];
    const sink = { write: (line: string) => { lines.push(JSON.parse(line)); } };
    const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'startup-')) });
    const started = createApp(config, createLogger('error', sink), { contentRoot: dir });
    await expect(started).rejects.toBeInstanceOf(ContentErrors);
    const error = (await started.catch((e: unknown) => e)) as ContentErrors;
    const expected = [
      at(dir, 'corpus/facts/rates.yaml', 'ratio: 9', 7),
      at(dir, 'intents/definition.yaml', '这句话不在任何文件里出现过'),
      at(dir, 'intents/emergency.yaml', '5天内'),
    ];
    expect(error.problems.map((p) => p.where)).toEqual(expected);
    expect(lines.map((l) => `${l.file}:${l.line}:${l.column}`)).toEqual(expected);
    expect(lines.every((l) => l.msg.startsWith(`${l.file}:${l.line}:${l.column}: `))).toBe(true);
  });

  it('after a build, answers with the content the build checked and logs what to fix: a bad edit does not stop the service', async () => {
    const dir = contentCopy();
    const snapshotFile = join(mkdtempSync(join(tmpdir(), 'snapshot-')), 'content.v8');
    writeSnapshot(dir, inspectContent(dir).knowledge!, snapshotFile);
    // an editor's typo in one answer file after the build
    edit(dir, 'intents/emergency.yaml', '急诊入院后3天内', '急诊入院后5天内');
    edit(dir, 'intents/materials.yaml', /\n(\s+)detail:/, '\n$1detial:');
    expect(readSnapshot(dir, snapshotFile)).toBeUndefined();
    const lines: Array<{ msg: string; file?: string }> = [];
    const sink = { write: (line: string) => { lines.push(JSON.parse(line)); } };
    const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'startup-')), RECORDS: 'off' });
    const app = await createApp(config, createLogger('error', sink), { contentRoot: dir, snapshotFile });
    try {
      // the checked answer, not the edited one
      const emergency = JSON.stringify(app.kb.intent('emergency'));
      expect(emergency).toContain('急诊入院后3天内');
      expect(emergency).not.toContain('急诊入院后5天内');
      expect(lines.filter((l) => l.file).map((l) => l.file).sort()).toEqual(['intents/emergency.yaml', 'intents/materials.yaml']);
      expect(lines.at(-1)!.msg).toMatch(/content checked at build time/);
    } finally {
      await app.close();
    }
  });
});
