/**
 * One HTTP server for every channel: the express app plus the kiosk's websocket, and a graceful
 * close that stops accepting, lets requests and chat turns in progress finish, closes the
 * websockets, then the session store (Redis).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo, Socket } from 'node:net';
import type { App } from '../app.js';
import type { WebDeps } from '../channels/web/deps.js';
import { markArrival } from '../channels/http/arrival.js';
import { beforeDeadline } from '../deadline.js';
import type { WebChat } from '../channels/web/web-chat.js';
import { webApp } from './compose.js';
import { createRequestListener } from './http.js';
import { createLoadMonitor } from './load.js';

/**
 * Request line + headers. Node's default (16 kB) refuses GET /api/answer with the longest question
 * allowed: 2,000 Chinese characters are 18 kB percent-encoded. A proxy in front needs the same
 * (nginx: large_client_header_buffers 4 32k).
 */
export const MAX_HEADER_BYTES = 32 * 1024;

/**
 * A request Node's parser refuses before any handler sees it (raw UTF-8 in the path, a header too
 * long, a malformed line) gets the contract's JSON error (interfaces.md: errors are
 * {"error":{"code","message"}} with a 4xx status) instead of Node's bare status line; the status is
 * the one Node would have sent. Nothing of the request is logged: its bytes may carry personal data.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node's own handler: only on a connection nothing was written to yet, so an answer never
  // lands in the middle of an earlier (pipelined or keep-alive) response.
  if (err.code === 'ECONNRESET' || !socket.writable || (socket as Socket).bytesWritten > 0) return void socket.destroy();
  const [status, reason, code] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large', 'headers_too_large']
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout', 'request_timeout']
      : [400, 'Bad Request', 'bad_request'];
  const message = status === 431 ? `request line and headers over ${MAX_HEADER_BYTES / 1024} kB (a long question can go by POST)`
    : status === 408 ? 'request not received in time' : 'request not readable as HTTP (a path or header with characters that must be percent-encoded?)';
  const body = JSON.stringify({ error: { code, message } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`);
}

export interface RunningServer {
  server: Server;
  /** http://host:port actually bound (port 0 → the port chosen). */
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  port: number;
  host: string;
  /** How long in-flight requests get before connections are cut. */
  graceMs?: number;
}

export async function startServer(app: App, deps: WebDeps, opts: ServerOptions): Promise<RunningServer> {
  let draining = false;
  const load = createLoadMonitor();
  const listener = createRequestListener(app, deps, { draining: () => draining, overloaded: load.overloaded });
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    markArrival(req);
    listener(req, res);
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  server.on('clientError', answerClientError);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The kiosk's websocket is Botkit's, which takes half a second and ~45 MB to load: it is loaded
  // on the first upgrade request, so an instance serving only the API and WeChat never pays for it.
  // Upgrades that arrive while it loads wait for it (the client waits for the 101 before it talks).
  let loading: Promise<WebChat> | undefined;
  const deferred = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    // Not while shutting down: loading Botkit is seconds of synchronous module evaluation on a loaded
    // machine (8 s measured under tsx with a training thread beside it), which held the event loop
    // past the grace period and its backstop. The kiosk reconnects, to another instance.
    if (draining) return void socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    loadChat().then(() => server.emit('upgrade', req, socket, head), (err: unknown) => {
      app.logger.error({ err: (err as Error)?.message }, 'kiosk chat socket not loaded');
      socket.destroy();
    });
  };
  const loadChat = (): Promise<WebChat> => (loading ??= import('../channels/web/web-chat.js').then(({ createWebChat }) => {
    server.off('upgrade', deferred);
    const chat = createWebChat(webApp(app), deps);
    chat.attach(server);
    return chat;
  }, (err: unknown) => {
    // Not kept as the answer for the process's life: the next upgrade tries again (and is logged).
    loading = undefined;
    throw err;
  }));
  server.on('upgrade', deferred);
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;

  // Every socket, upgraded websockets included (the HTTP server stops tracking those), so that
  // the grace period's end can cut them all.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  let closing: Promise<void> | undefined;
  /**
   * Within the grace period, all of it: requests in flight get the grace period less a reserve
   * (a third of it, at most 2 s), then connections are cut, and closing the dependencies — the
   * records' last writes and the writer thread, a training thread, Redis — gets the reserve. What
   * is not closed by then is left to the process's exit, which ends threads and sockets anyway.
   */
  async function close(): Promise<void> {
    draining = true;
    const graceMs = opts.graceMs ?? 10_000;
    const deadline = performance.now() + graceMs;
    const reserveMs = Math.min(2000, graceMs / 3);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections with no request in flight go now; busy ones after their response.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.closeIdleConnections();
    try {
      // A chat channel still loading when the signal came (its import can fail as the process group
      // stops, esbuild's service included under tsx) has nothing to close.
      const drained = Promise.all([loading?.then((c) => c.close(), () => undefined), closed]).then(() => true);
      if (!(await beforeDeadline(drained, graceMs - reserveMs, false))) {
        // A slow client, a request that never ends, a websocket that never answers the close.
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }
    } finally {
      clearInterval(sweep);
      load.stop();
    }
    const closedInTime = await beforeDeadline(app.close().then(() => true), deadline - performance.now(), false);
    if (!closedInTime) app.logger.warn({ graceMs }, 'dependencies not closed within the grace period; exiting with them open');
  }

  return {
    server,
    url: `http://${host}:${port}`,
    close: () => (closing ??= close()),
  };
}
