/** `npm start`: one process serving every HTTP channel on embedded defaults. */
import { appOrExit, configOrExit } from './bootstrap.js';
import { createLogger } from './logger.js';
import { webDeps } from './server/compose.js';
import { startServer, type RunningServer } from './server/server.js';

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL);
const app = await appOrExit(config, logger);

let running: RunningServer;
try {
  running = await startServer(app, webDeps(app), { port: config.PORT, host: config.HOST });
} catch (err) {
  logger.fatal({ err: (err as Error).message, host: config.HOST, port: config.PORT }, 'cannot listen');
  await app.close();
  process.exit(1);
}
logger.info({ url: running.url, store: app.store.kind }, 'assistant listening');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing in-flight requests');
  const force = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, 15_000);
  force.unref();
  try {
    await running.close();
    logger.info('stopped');
    process.exit(0);
  } catch (err) {
    logger.error({ err: (err as Error).message }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
