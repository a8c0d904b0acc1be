/**
 * Start-up shared by the long-running entry points (`npm start`, `npm run wechaty`): a bad setting
 * or bad content stops the process with a message that names it, never a stack trace.
 */
import type { Logger } from 'pino';
import type { App } from './app.js';
import { loadConfig, type Config } from './config.js';
import { ConfigError, ContentError } from './errors.js';

/**
 * The configuration, or exit code 2 with the variable and the problem on stderr. A cluster primary
 * stops the workers it has forked first (`beforeExit`), and those workers exit without the message
 * (`quiet`): the primary gives it once.
 */
export function configOrExit(opts: { beforeExit?: () => void; quiet?: boolean } = {}): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      opts.beforeExit?.();
      if (!opts.quiet) process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** The assistant, or exit code 1 with the content file and path that failed to load. */
export async function appOrExit(config: Config, logger: Logger): Promise<App> {
  // Imported here so that a process that exits on its configuration never loads the NLU.
  const { createApp } = await import('./app.js');
  try {
    return await createApp(config, logger);
  } catch (err) {
    if (err instanceof ContentError) {
      logger.fatal({ file: err.file, path: err.path }, err.message);
      process.exit(1);
    }
    throw err;
  }
}
