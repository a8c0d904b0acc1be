/**
 * A reader that stops early (`npm run --silent nlu -- --export-training | head`) is not an error:
 * the command exits 0 quietly instead of dying on EPIPE with a stack trace and exit code 1.
 */
export function quietWhenReaderStops(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
