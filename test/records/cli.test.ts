/** The operators' commands: `admin:hash`, `inbox -- --export` and the answers' patch, run as people run them. */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/channels/admin/auth.js';
import { loadConfig } from '../../src/config.js';
import { KnowledgeBase, PromptWords } from '../../src/knowledge/base.js';
import { loadKnowledge, loadPrompts, PROJECT_ROOT, readIntentFile } from '../../src/knowledge/load.js';
import { inspectContent } from '../../src/knowledge/validate.js';
import { answerKey, ContentEdits } from '../../src/records/content-edits.js';
import { RecordStore } from '../../src/records/store.js';

const TSX = join(PROJECT_ROOT, 'node_modules/.bin/tsx');
/** The commands' words as prompts/ has them today: the tests follow a rewording. */
const words = new PromptWords(loadPrompts());

function withInput(file: string, args: string[], env: Record<string, string>, input: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(TSX, [file, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      (err ? reject(Object.assign(err, { stderr })) : resolve({ stdout, stderr })));
    child.stdin!.end(input);
  });
}

describe('npm run admin:hash', () => {
  it('prints a hash the config accepts and the sign-in verifies', async () => {
    const { stdout } = await withInput('src/cli/admin-hash.ts', [], {}, 'a long enough password\n');
    const hash = stdout.trim();
    expect(loadConfig({ ADMIN_PASSWORD_HASH: hash }).ADMIN_PASSWORD_HASH).toBe(hash);
    expect(await verifyPassword('a long enough password', hash)).toBe(true);
    expect(await verifyPassword('another password', hash)).toBe(false);
    expect(stdout).not.toContain('a long enough password');
  });

  it('refuses a short password', async () => {
    await expect(withInput('src/cli/admin-hash.ts', [], {}, 'short\n')).rejects.toMatchObject({ code: 2 });
  });
});

describe('npm run inbox -- --export', () => {
  it('writes the accepted utterances not yet in intents/ as a YAML patch', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'inbox-cli-'));
    const store = await RecordStore.open({ dataDir });
    const at = new Date().toISOString();
    await store.decide({ key: '长护险异地怎么办', text: '长护险异地怎么办', decision: 'assigned', intent: 'process', editor: 'x', at });
    await store.decide({ key: '电话多少', text: '电话多少', decision: 'assigned', intent: 'contact', editor: 'x', at });
    await store.decide({ key: '天气', text: '今天天气', decision: 'dismissed', intent: null, editor: 'x', at });
    await store.close();
    const out = join(dataDir, 'patch.yaml');
    const { stderr } = await withInput('src/cli/inbox.ts', ['--export', '--out', out], { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, '');
    // 电话多少 is already an utterance of contact: only the new one is in the patch.
    expect(parse(readFileSync(out, 'utf8'))).toEqual({ 'intents/process.yaml': { append_utterances: ['长护险异地怎么办'] } });
    expect(stderr).toContain(words.say('admin.export.utterances', { count: 1 }));
  });
});

describe('npm run inbox -- --export-content and --apply-content', () => {
  it('exports nothing and says why, exit code 1, when the edits cannot be read (it waited for ever on a re-check that never began)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'content-cli-unread-'));
    const store = await RecordStore.open({ dataDir });
    // A records database whose answer-edit table is gone: the export's read of it fails.
    await store.db.schema.dropTable('content_edits').execute();
    await store.close();
    const failed = await withInput('src/cli/inbox.ts', ['--export-content'], { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, '')
      .then((done) => ({ code: 0, ...done }), (err: { code: number; stdout?: string; stderr?: string }) => err);
    expect(failed).toMatchObject({ code: 1 });
    // The prompt's text up to its {error}: what the database said varies.
    expect(String(failed.stderr)).toContain(words.say('admin.content.export.unchecked', { error: '\u0000' }).split('\u0000')[0]);
    expect(String(failed.stderr)).not.toMatch(/\n\s+at /);
    expect(String(failed.stdout ?? '')).toBe('');
  });

  it('writes the reworded answers as a patch that applies to a copy of intents/ and passes the checks', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'content-cli-'));
    const store = await RecordStore.open({ dataDir });
    const kb = new KnowledgeBase(loadKnowledge());
    const content = new ContentEdits({ store, kb, root: PROJECT_ROOT, logger: { info: () => undefined, warn: () => undefined }, noteLine: (note) => kb.say('admin.content.note_in_reply', { note }) });
    const key = 'filing_validity.420100.-.-.-';
    const text = `${content.find(key)!.repository.text}备案后在武汉和就医地都能正常看病。`;
    expect((await content.publish(key, { text, detail: null, note: '线上备案节假日照常办理。' }, '钱编辑')).problems).toEqual([]);
    await store.close();

    const out = join(dataDir, 'content.yaml');
    const exported = await withInput('src/cli/inbox.ts', ['--export-content', '--out', out], { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, '');
    expect(exported.stderr).toContain(words.say('admin.content.export.summary', { count: 1 }));
    const copy = mkdtempSync(join(tmpdir(), 'content-copy-'));
    for (const f of ['corpus', 'intents', 'prompts', 'flows']) cpSync(join(PROJECT_ROOT, f), join(copy, f), { recursive: true });
    const applied = await withInput('src/cli/inbox.ts', ['--apply-content', out, '--content', copy], { LOG_LEVEL: 'silent' }, '');
    expect(applied.stderr).toContain(words.say('admin.content.patch.written', { count: 1 }));
    expect(inspectContent(copy).problems).toEqual([]);
    const answer = readIntentFile(copy, 'intents/filing_validity.yaml').answers.find((a) => answerKey('filing_validity', a) === key)!;
    expect(answer.text).toBe(`${text}\n\n【运营方说明】线上备案节假日照常办理。`);
    // A patch made for another answer at that place is not written.
    const wrong = readFileSync(out, 'utf8').replace("region: \"420100\"", 'region: "430000"');
    writeFileSync(out, wrong);
    await expect(withInput('src/cli/inbox.ts', ['--apply-content', out, '--content', copy], { LOG_LEVEL: 'silent' }, '')).rejects.toMatchObject({ code: 1 });
    // Not a patch at all (an answer index as text): said so, exit code 2, nothing written and no stack trace.
    writeFileSync(out, wrong.replace(/answer: (\d+)/, 'answer: "$1"'));
    const malformed = await withInput('src/cli/inbox.ts', ['--apply-content', out, '--content', copy], { LOG_LEVEL: 'silent' }, '').then(() => undefined, (err: { code: number; stderr?: string }) => err);
    expect(malformed).toMatchObject({ code: 2 });
    expect(String(malformed?.stderr)).toContain(words.say('admin.content.patch.malformed', { file: out }));
    expect(String(malformed?.stderr)).not.toMatch(/\n\s+at /);
  });

  it('says the project’s content does not load, exit code 1 and no stack trace, when an intents/ file is broken', async () => {
    // A copy of the project (its code too: the command reads the content next to it) with one intents/ file broken.
    const copy = mkdtempSync(join(tmpdir(), 'content-broken-'));
    for (const f of ['src', 'corpus', 'intents', 'prompts', 'flows']) cpSync(join(PROJECT_ROOT, f), join(copy, f), { recursive: true });
    for (const f of ['package.json', 'tsconfig.json']) cpSync(join(PROJECT_ROOT, f), join(copy, f));
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(copy, 'node_modules'));
    writeFileSync(join(copy, 'intents/filing_validity.yaml'), 'id: filing_validity\nanswers: [unclosed\n');
    const patch = join(copy, 'patch.yaml');
    writeFileSync(patch, '{}\n');
    const failed = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(TSX, [join(copy, 'src/cli/inbox.ts'), '--apply-content', patch], { cwd: copy, env: { ...process.env, LOG_LEVEL: 'silent' } },
        (err, _stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stderr }));
    });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(words.say('admin.content.patch.unreadable', { root: copy, error: '\u0000' }).split('\u0000')[0]);
    expect(failed.stderr).toContain(words.say('admin.content.patch.written', { count: 0 }));
    expect(failed.stderr).not.toMatch(/\n\s+at /);
  });
  it('says in one fixed line, in Chinese and English, that prompts/ does not load: exit code 1, no English loader message, no stack trace', async () => {
    // A copy of the project whose prompts/admin.yaml is broken: there are no words from prompts/ to say anything in.
    const copy = mkdtempSync(join(tmpdir(), 'prompts-broken-'));
    try {
      for (const f of ['src', 'corpus', 'intents', 'prompts', 'flows']) cpSync(join(PROJECT_ROOT, f), join(copy, f), { recursive: true });
      for (const f of ['package.json', 'tsconfig.json']) cpSync(join(PROJECT_ROOT, f), join(copy, f));
      symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(copy, 'node_modules'));
      writeFileSync(join(copy, 'prompts/admin.yaml'), 'prompts: [unclosed\n');
      let loaderSaid = '';
      try {
        loadPrompts(copy);
      } catch (err) {
        loaderSaid = (err as Error).message;
      }
      expect(loaderSaid).not.toBe('');
      for (const args of [['--apply-content', join(copy, 'nothing.yaml')], ['--export-content']]) {
        const failed = await new Promise<{ code: number; stderr: string }>((resolve) => {
          execFile(TSX, [join(copy, 'src/cli/inbox.ts'), ...args], { cwd: copy, env: { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: copy } },
            (err, _stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stderr }));
        });
        expect(failed.code).toBe(1);
        const lines = failed.stderr.trim().split('\n');
        // One line, said in both languages: the operator who runs it may read either.
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/[\u4e00-\u9fff]/);
        expect(lines[0]).toMatch(/prompts\/ could not be loaded/);
        expect(failed.stderr).not.toContain(loaderSaid.split('\n')[0]);
        expect(failed.stderr).not.toMatch(/\n\s+at /);
      }
    } finally {
      // The copy holds the whole project (src, corpus …): left behind, every run adds one to /tmp.
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
