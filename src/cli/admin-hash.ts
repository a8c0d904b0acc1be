/**
 * `npm run --silent admin:hash`: the scrypt hash for ADMIN_PASSWORD_HASH. The password is read from
 * standard input (typed without echo at a terminal, or piped), never from the command line, where
 * it would stay in the shell history and the process list.
 */
import { createInterface } from 'node:readline';
import { hashPassword } from '../channels/admin/auth.js';

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    // Decoded once (a character split across chunks stays whole); a password file saved by a
    // Windows editor starts with a byte order mark, which is no part of the password typed at sign-in.
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  process.stderr.write('Password for /admin (not shown): ');
  // Keystrokes are not echoed: readline writes nothing of the answer.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

const password = await readPassword();
if (password.length < 12) {
  process.stderr.write('The password must have at least 12 characters.\n');
  process.exit(2);
}
process.stdout.write(`${await hashPassword(password)}\n`);
