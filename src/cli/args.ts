/** Command-line values shared by the CLIs. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * node:util's parseArgs with a usage line instead of a stack trace: `--help` prints the usage and
 * exits 0; an unknown or malformed option is named with the usage and exits 2 (a tool driving the
 * CLI sees a refusal, a person sees what to type).
 */
export function parseOptions<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  const args = config.args ?? process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write(`usage: ${usage}\n`);
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (err) {
    if (!String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw err;
    process.stderr.write(`${(err as Error).message}\nusage: ${usage}\n`);
    process.exit(2);
  }
}

/** `--now YYYY-MM-DD` → that day at noon, local time; exits with a message on a bad value. */
export function parseDay(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12) : undefined;
  if (!date || date.getMonth() !== Number(m![2]) - 1 || date.getDate() !== Number(m![3])) {
    process.stderr.write(`--now must be a date YYYY-MM-DD, got "${value}"\n`);
    process.exit(2);
  }
  return date;
}
