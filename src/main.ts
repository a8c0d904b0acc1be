/** `npm start`: one process serving every HTTP channel on embedded defaults. */
import { createServer } from 'node:http';
import { createApp, type App } from './app.js';
import { loadConfig, type Config } from './config.js';
import { ConfigError, ContentError } from './errors.js';
import { createLogger } from './logger.js';
import { createHttpApp } from './server/http.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
const logger = createLogger(config.LOG_LEVEL);
let app: App;
try {
  app = await createApp(config, logger);
} catch (err) {
  if (err instanceof ContentError) {
    logger.fatal({ file: err.file, path: err.path }, err.message);
    process.exit(1);
  }
  throw err;
}
const server = createServer(createHttpApp(app));
server.listen(config.PORT, config.HOST, () => {
  logger.info({ url: `http://${config.HOST}:${config.PORT}`, store: app.store.kind }, 'assistant listening');
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing in-flight requests');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close(async () => {
    await app.close();
    logger.info('stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
