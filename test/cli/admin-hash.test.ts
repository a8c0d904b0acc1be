/**
 * `npm run --silent admin:hash` fed a password file as operators make them: saved by a Windows
 * editor (a byte order mark, CRLF). The hash must be of the password the operator types at the
 * sign-in page, never of the file's invisible bytes — or the sign-in refuses the right password.
 */
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/channels/admin/auth.js';
import { npmRun, TIMEOUT } from './npm-run.js';

describe('npm run admin:hash', () => {
  it('hashes the password of a file saved with a BOM and CRLF as the password typed at sign-in', async () => {
    const password = '院内密码-correct-horse';
    const run = await npmRun('admin:hash', [], Buffer.from(`\uFEFF${password}\r\n`));
    expect(run.code, run.stderr).toBe(0);
    const hash = run.stdout.trim();
    expect(await verifyPassword(password, hash)).toBe(true);
  }, TIMEOUT);
});
