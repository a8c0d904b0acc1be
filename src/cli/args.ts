/** Command-line values shared by the CLIs. */

/** `--now YYYY-MM-DD` → that day at noon, local time; exits with a message on a bad value. */
export function parseDay(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12) : undefined;
  if (!date || date.getDate() !== Number(m![3])) {
    process.stderr.write(`--now must be a date YYYY-MM-DD, got "${value}"\n`);
    process.exit(2);
  }
  return date;
}
