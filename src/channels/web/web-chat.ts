/**
 * The kiosk's web chat: Botkit 4 with botbuilder-adapter-web over a websocket at /ws. Botkit
 * stays here: its message handler turns a frame into an InboundMessage, calls the assistant, and
 * sends each Reply as a message activity. Dialogue state lives in the assistant's session store,
 * so Botkit gets a storage that keeps nothing.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebAdapter } from 'botbuilder-adapter-web';
import { Botkit, type BotkitMessage, type BotWorker } from 'botkit';
import type WebSocket from 'ws';
import { RATE_LIMITED_TEXT } from '../http/rate-limit.js';
import { webTurn } from './api.js';
import { activitiesFor, inboundFromBotkit, noticeActivity, type BotkitInbound, type ReplyActivity } from './botkit-bridge.js';
import type { WebApp, WebDeps } from './deps.js';
import { ownOrigins } from './qr.js';
import { guardSocket } from './socket-guard.js';

export const WS_PATH = '/ws';
export const MAX_FRAME_BYTES = 16 * 1024;
const FAILURE_TEXT = '抱歉，系统暂时出现问题，请稍后再试。';

export interface WebChat {
  /** Serves the websocket at /ws on this HTTP server (same-origin pages only). */
  attach(server: Server): void;
  /** Waits for turns in progress, closes every socket (1001) and stops the heartbeat. */
  close(): Promise<void>;
  readonly connections: number;
}

/** Botkit's dialog state is not used: the assistant's store holds the conversation. */
const nullStorage = {
  read: async () => ({}),
  write: async () => undefined,
  delete: async () => undefined,
};

/**
 * The adapter starts a heartbeat setInterval it never clears; capture it so close() can.
 * (Its handle is not exposed; the adapter creates it synchronously while Botkit boots.)
 */
function withCapturedIntervals<T>(make: () => T): { value: T; timers: NodeJS.Timeout[] } {
  const original = globalThis.setInterval;
  const timers: NodeJS.Timeout[] = [];
  const capturing = (...args: Parameters<typeof setInterval>) => {
    const timer = original(...args);
    timers.push(timer);
    return timer;
  };
  globalThis.setInterval = capturing as typeof setInterval;
  try {
    return { value: make(), timers };
  } finally {
    globalThis.setInterval = original;
  }
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function createWebChat(app: WebApp, deps: WebDeps): WebChat {
  const adapter = new WebAdapter({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const { value: controller, timers } = withCapturedIntervals(() => new Botkit({
    adapter,
    storage: nullStorage,
    disable_webserver: true,
    disable_console: true,
  }));
  for (const t of timers) t.unref();
  const wss = adapter.wss as WebSocket.Server;
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  async function say(bot: BotWorker, message: BotkitMessage, activities: ReplyActivity[]): Promise<void> {
    for (const activity of activities) await bot.reply(message, activity);
  }

  async function onMessage(bot: BotWorker, message: BotkitMessage): Promise<void> {
    const inbound = inboundFromBotkit(message as BotkitInbound);
    if (!inbound) return;
    try {
      const check = await deps.limits.consume(inbound.ip, inbound.session);
      if (!check.ok) return await say(bot, message, [noticeActivity(RATE_LIMITED_TEXT)]);
      const started = Date.now();
      const out = await webTurn(app, inbound.session, inbound.text, 'web');
      await say(bot, message, activitiesFor(out));
      app.logger.info({ channel: 'web', intent: out.intent, flow: out.flow, ms: Date.now() - started }, 'web chat turn');
    } catch (err) {
      app.logger.error({ err: (err as Error).message, channel: 'web' }, 'web chat turn failed');
      await say(bot, message, [noticeActivity(FAILURE_TEXT)]).catch(() => undefined);
    }
  }

  controller.on('message', (bot, message) => {
    const turn = onMessage(bot, message);
    inFlight.add(turn);
    return turn.finally(() => inFlight.delete(turn));
  });

  function accept(req: IncomingMessage, socket: Duplex, head: Buffer, ip: string): void {
    wss.handleUpgrade(req, socket as Parameters<typeof wss.handleUpgrade>[1], head, (ws) => {
      guardSocket(ws, ip, (reason) => app.logger.warn({ ip, reason, channel: 'web' }, 'websocket frame refused'));
      ws.on('error', (err) => app.logger.warn({ err: err.message, channel: 'web' }, 'websocket error'));
      wss.emit('connection', ws, req);
    });
  }

  return {
    get connections() {
      return wss.clients.size;
    },
    attach(server) {
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        socket.on('error', () => socket.destroy());
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        if (path !== WS_PATH) return refuse(socket, 404, 'Not Found');
        if (closing) return refuse(socket, 503, 'Service Unavailable');
        // Browsers always send Origin: only this server's own pages may open the chat socket.
        const origin = req.headers.origin;
        if (origin !== undefined && !ownOrigins(deps.baseUrl, req.headers.host).has(origin)) {
          return refuse(socket, 403, 'Forbidden');
        }
        const ip = req.socket.remoteAddress ?? 'unknown';
        deps.limits.consume(ip).then((check) => {
          if (!check.ok) return refuse(socket, 429, 'Too Many Requests');
          accept(req, socket, head, ip);
        }, () => refuse(socket, 500, 'Internal Server Error'));
      });
    },
    async close() {
      closing = true;
      await Promise.allSettled([...inFlight]);
      for (const t of timers) clearInterval(t);
      const open = [...wss.clients];
      await Promise.race([
        Promise.all(open.map((ws) => new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.close(1001, 'server shutting down');
        }))),
        new Promise((resolve) => setTimeout(resolve, 2000).unref()),
      ]);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
