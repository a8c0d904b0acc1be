/** The real npm scripts, spawned in the project directory as an outside tool would: stdin in, output collected. */
import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';

/** How long one spawned script may take (tsx start-up, content load and training included). */
export const TIMEOUT = 90_000;

export interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** `npm run --silent <script> -- <args>` with `input` on stdin (bytes as they are when a Buffer). */
export function npmRun(script: string, args: string[], input: string | Buffer, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
      cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT - 5_000);
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
    child.stdin.end(input);
  });
}
