/** Structured logs (pino) with ID and phone numbers masked wherever they appear. */
import { hostname } from 'node:os';
import pino, { type Logger } from 'pino';

const ID_NUMBER = /(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?!\d)/g;
const MOBILE = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;

export function maskPersonalData(text: string): string {
  return text.replace(ID_NUMBER, '$1********$3').replace(MOBILE, '$1****$3');
}

/** Both numbers are runs of at least 11 digits: text without one is left as it is, unscanned. */
const LONG_DIGITS = /\d{11}/;

/**
 * The value with every string in it masked; the same value (no copy) when nothing needed it, as
 * for the access log's line on every request (method, path, status, ms).
 */
function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return LONG_DIGITS.test(value) ? maskPersonalData(value) : value;
  if (!value || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) {
    const masked = value.map(maskDeep);
    return masked.some((v, i) => v !== value[i]) ? masked : value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = (value as Record<string, unknown>)[key];
    const m = maskDeep(v);
    if (m !== v) (copy ??= { ...(value as Record<string, unknown>) })[key] = m;
  }
  return copy ?? value;
}

/** What a stalled reader of the server's log may leave queued (below). */
const LOG_QUEUE_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The server's log destination: asynchronous, and written in blocks of at least 64 kB or every
 * 200 ms, whichever comes first. At one access line per request a write per line was ~3.5% of a
 * chat turn's CPU (an fs.write handed to libuv's thread pool each time); blocks of 4 kB still
 * meant ~150 writes a second at 4,000 requests a second, each waking a thread-pool thread that
 * takes a core from the request path on a small machine, so blocks are now bounded by the 200 ms
 * (a few writes a second). A line waits up to about 200 ms; pino's exit hook and `flush()`
 * (src/main.ts, before every exit) write what is buffered.
 *
 * Each line is copied at once into the block's bytes (a buffer outside V8's heap), and the block goes to
 * pino's writer (sonic-boom, in its buffer mode) as it is. Lines waiting as strings (an array of them,
 * joined at the drain) lived up to 200 ms — hundreds of requests under load — so nearly every access line
 * outlived two scavenges and was promoted to the old generation: ~0.37 kB a chat request, a third of what
 * one promoted (perf24, docs/performance.md), for the mark-compacts to mark and compact. Copied, a line
 * dies young. (Before that: joined by sonic-boom's string mode, which asked the growing block's byte
 * length per line, a copy of it each time: ~5 kB allocated per access line.)
 */
export function serverLogDestination(fd = 2): pino.DestinationStream & { flush(cb?: (err?: Error) => void): void } {
  const BLOCK_BYTES = 65_536;
  // minLength 1, not 0: sonic-boom's flush waits for the write in progress only when it is set.
  // maxLength: a reader of the log that stalls (a full pipe, a supervisor fallen behind) costs at most 16 MiB
  // of queued lines; sonic-boom drops what comes beyond them (its 'drop' event) rather than growing without end.
  const writer = pino.destination({
    dest: fd, sync: false, minLength: 1, contentMode: 'buffer', maxLength: LOG_QUEUE_MAX_BYTES,
  });
  // A block handed to the writer is its until written: the next is a new one (a few a second).
  let block = Buffer.allocUnsafeSlow(BLOCK_BYTES);
  let used = 0;
  const send = (bytes: Buffer): void => {
    // sonic-boom's buffer mode takes Buffers; its types name only strings.
    writer.write(bytes as unknown as string);
  };
  const drain = (): void => {
    if (used === 0) return;
    if (used < BLOCK_BYTES / 4) {
      // A block mostly empty (the 200 ms drain at low traffic) goes as an exact copy and the block is reused:
      // handed over, its slice would hold all 64 kB until written — 700 times a lone line's size, for as long
      // as a stalled reader of the log keeps the writer's queue full.
      const exact = Buffer.allocUnsafeSlow(used);
      block.copy(exact, 0, 0, used);
      used = 0;
      send(exact);
      return;
    }
    const full = block.subarray(0, used);
    block = Buffer.allocUnsafeSlow(BLOCK_BYTES);
    used = 0;
    send(full);
  };
  // pino's exit hook flushes the writer it made: what waits here goes first.
  const flush = writer.flush.bind(writer);
  const flushSync = writer.flushSync.bind(writer);
  writer.flush = (cb?: (err?: Error) => void) => {
    drain();
    flush(cb);
  };
  writer.flushSync = () => {
    drain();
    flushSync();
  };
  setInterval(drain, 200).unref();
  return {
    write(line: string): boolean {
      // UTF-8 takes at most three bytes per UTF-16 unit: a line that might not fit goes after the block so far
      // (never cut inside a character), and one longer than a block goes on its own.
      if (used + 3 * line.length > BLOCK_BYTES) {
        drain();
        if (3 * line.length > BLOCK_BYTES) {
          send(Buffer.from(line));
          return true;
        }
      }
      used += block.write(line, used);
      return true;
    },
    flush: (cb?: (err?: Error) => void) => writer.flush(cb),
  };
}

/**
 * Loggers made by createLogger, whose lines are pino's defaults, which `logAccess` can write itself:
 * each one's destination and its base bindings as a line carries them (`,"pid":…,"hostname":"…"`). The
 * base is pino's default, given by createLogger itself so that the line needs none of pino's internals.
 */
const PLAIN = new WeakMap<Logger, { destination: pino.DestinationStream; bindings: string }>();

export interface AccessEntry {
  method: string;
  path: string;
  status: number;
  ms: number;
}

/**
 * The access line of one request, `{…, method, path, status, ms, msg: "request"}`, exactly as
 * `logger[level](entry, 'request')` writes it, masking included. For a logger made by createLogger
 * (pino's default line: level, time, its bindings, the fields, msg) the line is built here and handed
 * to its destination: through pino, the masking hook, pino's serialisation and its hooks took ~7 µs
 * a line on the loaded machine, by hand 2–3 µs (README, tenth round). Any other logger (a test's, a
 * child) is called as usual. test/logger.test.ts holds both ways to the same line (but for a lone
 * surrogate, which this escapes as JSON.stringify does and pino writes raw).
 */
export function logAccess(logger: Logger, level: 'info' | 'debug', entry: AccessEntry): void {
  const plain = PLAIN.get(logger);
  if (!plain) {
    logger[level](entry, 'request');
    return;
  }
  if (!logger.isLevelEnabled(level)) return;
  const path = LONG_DIGITS.test(entry.path) ? maskPersonalData(entry.path) : entry.path;
  const method = LONG_DIGITS.test(entry.method) ? maskPersonalData(entry.method) : entry.method;
  plain.destination.write(`{"level":${logger.levels.values[level]},"time":${Date.now()}${plain.bindings}`
    + `,"method":${jsonString(method)},"path":${jsonString(path)},"status":${entry.status},"ms":${entry.ms},"msg":"request"}\n`);
}

/** What JSON.stringify escapes in a string: a quote, a backslash, a control character, a lone surrogate. */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(text), without its cost (~0.6 µs here) for the usual path or method, which need no escape. */
const jsonString = (text: string): string => (ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`);

export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  const base = { pid: process.pid, hostname: hostname() };
  const logger = pino(
    {
      level,
      base,
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) args[i] = maskDeep(args[i]) as (typeof args)[number];
          method.apply(this, args);
        },
      },
    },
    destination,
  );
  PLAIN.set(logger, { destination, bindings: `,${JSON.stringify(base).slice(1, -1)}` });
  return logger;
}
