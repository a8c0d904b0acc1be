/** The build's content snapshot stands in for the YAML only while the YAML is what it was made from. */
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { parseYamlData, readYamlFile } from '../../src/knowledge/load.js';
import { LexiconSchema, PlacesFileSchema } from '../../src/knowledge/schema.js';
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

describe('the YAML the understanding reads by itself (the lexicon) in the snapshot', () => {
  const dir = contentCopy();
  const file = join(mkdtempSync(join(tmpdir(), 'snapshot-')), 'content.v8');
  const lexicon = 'corpus/nlu/lexicon.yaml';
  const fromYaml = readYamlFile(dir, lexicon, LexiconSchema);
  writeSnapshot(dir, inspectContent(dir).knowledge!, file);

  it('is taken from the snapshot while the content is unchanged: the file is not read again', () => {
    expect(readSnapshot(dir, file)).toBeDefined();
    const aside = join(dir, `${lexicon}.aside`);
    renameSync(join(dir, lexicon), aside);
    try {
      expect(readYamlFile(dir, lexicon, LexiconSchema)).toEqual(fromYaml);
    } finally {
      renameSync(aside, join(dir, lexicon));
    }
  });

  it('is read from the file again once the content changed', () => {
    expect(fromYaml.words).not.toContain('补办手续');
    edit(dir, lexicon, '  - 补办\n', '  - 补办\n  - 补办手续\n');
    expect(readSnapshot(dir, file)).toBeUndefined();
    expect(readYamlFile(dir, lexicon, LexiconSchema).words).toContain('补办手续');
  });
});

describe("the gazetteer's places.yaml in the snapshot", () => {
  it('is taken from the snapshot while the content is unchanged: the file is not read again', () => {
    const dir = contentCopy();
    const file = join(mkdtempSync(join(tmpdir(), 'snapshot-')), 'content.v8');
    const places = 'corpus/nlu/places.yaml';
    const fromYaml = readYamlFile(dir, places, PlacesFileSchema);
    writeSnapshot(dir, inspectContent(dir).knowledge!, file);
    expect(readSnapshot(dir, file)).toBeDefined();
    const aside = join(dir, `${places}.aside`);
    renameSync(join(dir, places), aside);
    try {
      expect(readYamlFile(dir, places, PlacesFileSchema)).toEqual(fromYaml);
    } finally {
      renameSync(aside, join(dir, places));
    }
  });
});

describe('the YAML the content check already read (documents, rates) in the snapshot', () => {
  it('is taken as the check parsed it, not read from the file again', () => {
    const dir = contentCopy();
    const file = join(mkdtempSync(join(tmpdir(), 'snapshot-')), 'content.v8');
    const documents = 'corpus/documents.yaml';
    const parsed = parseYamlData(dir, documents);
    const { knowledge } = inspectContent(dir);
    const aside = join(dir, `${documents}.aside`);
    renameSync(join(dir, documents), aside);
    try {
      writeSnapshot(dir, knowledge!, file);
    } finally {
      renameSync(aside, join(dir, documents));
    }
    const saved = deserialize(readFileSync(file)) as { yaml: Record<string, unknown> };
    expect(parsed).toBeDefined();
    expect(saved.yaml[documents]).toEqual(parsed);
  });
});
