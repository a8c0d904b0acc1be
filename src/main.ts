/**
 * `npm start` / `npm run start:prod`: the HTTP server. With WORKERS=n (n > 1) the process is a
 * cluster primary that forks n workers sharing the port (Node's cluster; sessions and rate limits
 * shared through Redis when REDIS_URL is set), restarts a worker that dies, and on SIGTERM/SIGINT
 * stops them all. Shutdown ends within SHUTDOWN_GRACE_MS: requests in flight finish or are cut
 * when the grace period less a reserve is over, closing the records (their last writes, the
 * writer and training threads) and Redis gets the reserve (src/server/server.ts), and a backstop
 * a second later exits even if something still holds the event loop.
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Config } from './config.js';

/**
 * A cluster primary forks its workers before it loads anything: each worker loads the whole
 * assistant (~1.4 s), and the primary's own start (the configuration's schema with zod, and pino:
 * 0.1–0.25 s of CPU here) came before every fork, on the cold start to the first answer. Taken when
 * WORKERS is plainly a count over 1 and at most the machine's cores (the setting recommended);
 * anything else waits for the configuration's check. A bad configuration still stops the process
 * with its message: the workers forked early are killed first.
 */
const requested = /^\d+$/.test(process.env.WORKERS ?? '') ? Number(process.env.WORKERS) : 1;
const forkedEarly = cluster.isPrimary && requested > 1 && requested <= availableParallelism() ? requested : 0;

/**
 * The workers start one after another: the first at once, the others when it listens (or after
 * STAGGER_MAX_MS, should it be slow or stuck). Each start is ~1.5 s of CPU over ~1 s on two cores
 * (its main thread, V8's helpers, jieba's feeder and the records' writer threads), so two starting
 * together share the cores and both listen at ~1.9 s; the first alone listens at ~1 s, the second ~1 s
 * later. `unforked` counts those waiting; a stop cancels them.
 */
const STAGGER_MAX_MS = 5000;
let unforked = 0;
function forkStaggered(count: number): void {
  if (count <= 0) return;
  cluster.fork();
  unforked = count - 1;
  if (!unforked) return;
  const rest = (): void => {
    clearTimeout(timer);
    cluster.off('listening', rest);
    for (; unforked > 0; unforked--) cluster.fork();
  };
  const timer = setTimeout(rest, STAGGER_MAX_MS);
  cluster.on('listening', rest);
}
forkStaggered(forkedEarly);
// A process that will serve starts the thread that feeds jieba's dictionary now, so that the thread
// is running by the time understanding loads (src/nlu/jieba-dict.ts) instead of being waited for.
if (!forkedEarly && (cluster.isWorker || requested <= 1)) (await import('./nlu/jieba-dict.js')).startJiebaFeeder();

const { appOrExit, configOrExit } = await import('./bootstrap.js');
const { createLogger, serverLogDestination } = await import('./logger.js');

const config = configOrExit(cluster.isWorker
  ? { quiet: true }
  : { beforeExit: () => { for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL'); } });
// Asynchronous, buffered logging (src/logger.ts): one write per request would otherwise be a
// syscall on the request path. Flushed before every exit below.
const destination = serverLogDestination();
const logger = createLogger(config.LOG_LEVEL, destination);

/**
 * Exits once the log is written. A synchronous flush fails with EAGAIN when the reader of stderr
 * (a supervisor, a pipe) is behind, and the last lines ("stopped") would be lost; the
 * asynchronous flush waits for it, bounded by a second.
 */
function exit(code: number): void {
  const done = (): never => process.exit(code);
  setTimeout(done, 1000);
  try {
    destination.flush(() => done());
  } catch {
    // not open yet: pino's own exit hook writes what is buffered
    done();
  }
}

if (config.WORKERS > 1 && cluster.isPrimary) await primary(config);
else await worker(config);

async function worker(config: Config): Promise<void> {
  const started = performance.now();
  const app = await appOrExit(config, logger);
  const { webDeps } = await import('./server/compose.js');
  const { startServer } = await import('./server/server.js');
  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    running = await startServer(app, webDeps(app), { port: config.PORT, host: config.HOST, graceMs: config.SHUTDOWN_GRACE_MS });
  } catch (err) {
    logger.fatal({ err: (err as Error).message, host: config.HOST, port: config.PORT }, 'cannot listen');
    await app.close();
    exit(1);
    return;
  }
  logger.info({ url: running.url, store: app.store.kind, ...(cluster.isWorker ? { worker: cluster.worker?.id } : {}), startMs: Math.round(performance.now() - started) }, 'assistant listening');
  // For the person who started it: plain lines on stdout (the JSON log stays on stderr), once —
  // by the only process, or by the first worker of a cluster (a restarted one stays quiet).
  if (!cluster.isWorker || cluster.worker?.id === 1) {
    const { startupLines } = await import('./server/startup-lines.js');
    process.stdout.write(`${startupLines(app.kb, config, running.url).join('\n')}\n`);
  }

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    // The server's close ends within the grace period, its dependencies' included; this is the
    // backstop for an event loop held past it (timers fire late on a loaded machine).
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      exit(1);
    }, config.SHUTDOWN_GRACE_MS + 1000).unref();
    try {
      await running.close();
      logger.info('stopped');
      exit(0);
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'shutdown failed');
      exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A worker whose primary is gone (killed with SIGKILL) has nobody to stop it: it stops itself.
  if (cluster.isWorker) process.on('disconnect', () => void shutdown('primary gone'));
  else watchParent(() => void shutdown('parent gone'));
}

/**
 * `npm start` runs the server as npm's child. When npm alone gets the SIGTERM (a supervisor that
 * signals the pid it started), it exits without passing it on, and the server would run on as
 * an orphan nobody stops. A process whose parent changes therefore stops too.
 */
function watchParent(onGone: () => void): void {
  const parent = process.ppid;
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onGone();
    }
  }, 1000);
  timer.unref();
}

async function primary(config: Config): Promise<void> {
  const n = config.WORKERS;
  let stopping = false;
  const fork = (): Worker => cluster.fork();
  const recentDeaths: number[] = [];

  cluster.on('exit', (w, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info('stopped');
        exit(0);
      }
      return;
    }
    logger.error({ worker: w.id, code, signal }, 'worker died; starting another');
    const now = Date.now();
    recentDeaths.push(now);
    while (recentDeaths.length && recentDeaths[0]! < now - 60_000) recentDeaths.shift();
    // A worker that cannot start (bad content, port taken) would die forever: give up instead.
    if (recentDeaths.length > n * 3) {
      logger.fatal({ deaths: recentDeaths.length }, 'workers keep dying; stopping');
      stop('workers keep dying');
      return;
    }
    fork();
  });

  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    unforked = 0;
    logger.info({ signal, workers: Object.keys(cluster.workers ?? {}).length }, 'shutting down the workers');
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => {
      logger.error('workers did not stop in time; killing them');
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      exit(1);
    }, config.SHUTDOWN_GRACE_MS + 2000).unref();
    if (Object.keys(cluster.workers ?? {}).length === 0) exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  watchParent(() => stop('parent gone'));

  logger.info({ workers: n, port: config.PORT }, 'starting workers');
  // The workers forked before the configuration was read are running already, or waiting for the
  // first to listen (one that died before the handler above was there is replaced here).
  const running = Object.keys(cluster.workers ?? {}).length;
  if (running + unforked === 0) forkStaggered(n);
  else for (let i = running + unforked; i < n; i++) fork();
}
