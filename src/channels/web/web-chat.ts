/**
 * The kiosk's web chat over a websocket at /ws, with Botkit 4 and botbuilder-adapter-web as its
 * adapter: each checked frame goes through Botkit's own entry point for the web adapter
 * (`adapter.processActivity` → `controller.handleTurn`), Botkit's message handler calls the
 * assistant, and the replies Botkit collects come back as the frames this socket sends.
 *
 * The websocket itself is ours, not the adapter's: the adapter's socket server reads frames
 * before anything can check them and starts a heartbeat timer it never clears. Botkit lets the
 * adapter open that server in the adapter's `init()` plug-in hook; our adapter's `init` opens
 * none, so no global is patched and no socket method is wrapped (README, “Channels”).
 * Dialogue state lives in the assistant's session store, so Botkit gets a storage that keeps nothing.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebAdapter } from 'botbuilder-adapter-web';
import { Botkit, type BotkitMessage, type BotWorker } from 'botkit';
import WebSocket from 'ws';
import { activitiesFor, inboundFromBotkit, noticeActivity, type BotkitInbound, type ReplyActivity } from './botkit-bridge.js';
import type { WebApp, WebDeps } from './deps.js';
import { ownOrigins } from './qr.js';
import { checkFrame, type CheckedFrame } from './socket-guard.js';

export const WS_PATH = '/ws';
export const MAX_FRAME_BYTES = 16 * 1024;
/** Sockets that did not answer the last ping by the next one are cut (as the adapter's own server did). */
const HEARTBEAT_MS = 30_000;

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
 * The web adapter as a translator only. Botkit calls `init` on the adapter it is given (its
 * plug-in hook) and the stock one opens a websocket server there; the socket is served by
 * `createWebChat`, so this one opens nothing.
 */
class TranslatingWebAdapter extends WebAdapter {
  override init(): void {}
}

/** The response object `processActivity` writes the turn's collected messages to. */
interface Collected {
  messages: Array<Record<string, unknown>>;
  status(code: number): Collected;
  json(body: Array<Record<string, unknown>>): void;
  end(): void;
}

function collector(): Collected {
  const res: Collected = {
    messages: [],
    status: () => res,
    json: (body) => {
      res.messages = body;
    },
    end: () => undefined,
  };
  return res;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

type LiveSocket = WebSocket & { isAlive?: boolean };

export function createWebChat(app: WebApp, deps: WebDeps): WebChat {
  const adapter = new TranslatingWebAdapter();
  const controller = new Botkit({ adapter, storage: nullStorage, disable_webserver: true, disable_console: true });
  const wss = new WebSocket.Server({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  async function say(bot: BotWorker, message: BotkitMessage, activities: ReplyActivity[]): Promise<void> {
    for (const activity of activities) await bot.reply(message, activity);
  }

  controller.on('message', async (bot, message) => {
    const inbound = inboundFromBotkit(message as BotkitInbound);
    if (!inbound) return;
    const check = await deps.limits.consume(inbound.ip, inbound.session).catch(() => ({ ok: true as const }));
    if (!check.ok) return say(bot, message, [noticeActivity(deps.limits.message)]);
    // The turn is the error boundary: a failure comes back as its polite reply.
    const out = await app.assistant.handle({ channel: 'web', sessionId: inbound.session, text: inbound.text });
    await say(bot, message, activitiesFor(out, app.prompts));
  });

  /** One checked frame through Botkit; its replies go back on the socket they came from. */
  async function converse(ws: WebSocket, message: CheckedFrame): Promise<void> {
    const started = Date.now();
    const res = collector();
    try {
      await adapter.processActivity({ body: message }, res, controller.handleTurn.bind(controller));
    } catch (err) {
      app.logger.error({ err: (err as Error).name, channel: 'web' }, 'web chat turn failed');
      res.messages = [noticeActivity(app.prompts.say('core.turn_failed'))].map((a) => ({ type: a.type, text: a.text, ...a.channelData }));
    }
    for (const m of res.messages) if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
    app.logger.info({ channel: 'web', frames: res.messages.length, ms: Date.now() - started }, 'web chat turn');
  }

  function serve(ws: LiveSocket, ip: string): void {
    let boundUser: string | undefined;
    ws.isAlive = true;
    ws.on('pong', () => {
      ws.isAlive = true;
    });
    ws.on('error', (err) => app.logger.warn({ err: err.message, channel: 'web' }, 'websocket error'));
    ws.on('message', (data: WebSocket.Data) => {
      const check = checkFrame(data, boundUser, ip);
      if (check.kind === 'drop') return;
      if (check.kind === 'reject') {
        app.logger.warn({ ip, reason: check.reason, channel: 'web' }, 'websocket frame refused');
        ws.close(1008, check.reason);
        return;
      }
      boundUser = check.message.user;
      const turn = converse(ws, check.message);
      inFlight.add(turn);
      void turn.finally(() => inFlight.delete(turn));
    });
  }

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients as Set<LiveSocket>) {
      if (ws.isAlive === false) {
        ws.terminate();
        continue;
      }
      ws.isAlive = false;
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

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
          wss.handleUpgrade(req, socket as Parameters<typeof wss.handleUpgrade>[1], head, (ws) => serve(ws, ip));
        }, () => refuse(socket, 500, 'Internal Server Error'));
      });
    },
    async close() {
      closing = true;
      await Promise.allSettled([...inFlight]);
      clearInterval(heartbeat);
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
