/**
 * One HTTP server for every channel: the express app plus the kiosk's websocket, and a graceful
 * close that stops accepting, lets requests and chat turns in progress finish, closes the
 * websockets, then the session store (Redis).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../app.js';
import type { WebDeps } from '../channels/web/deps.js';
import { createWebChat } from '../channels/web/web-chat.js';
import { webApp } from './compose.js';
import { createHttpApp } from './http.js';

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
  const http = createHttpApp(app, deps, { draining: () => draining });
  const server = createServer(http);
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  const chat = createWebChat(webApp(app), deps);
  chat.attach(server);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections with no request in flight go now; busy ones after their response.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), opts.graceMs ?? 10_000);
    try {
      await chat.close();
      await closed;
    } finally {
      clearInterval(sweep);
      clearTimeout(cut);
    }
    await app.close();
  }

  return {
    server,
    url: `http://${host}:${port}`,
    close: () => (closing ??= close()),
  };
}
