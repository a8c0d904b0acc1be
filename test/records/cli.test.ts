/** The operators' commands: `admin:hash` and `inbox -- --export`, run as people run them. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/channels/admin/auth.js';
import { loadConfig } from '../../src/config.js';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { RecordStore } from '../../src/records/store.js';

const TSX = join(PROJECT_ROOT, 'node_modules/.bin/tsx');

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
    expect(stderr).toContain('1 accepted utterance');
  });
});
