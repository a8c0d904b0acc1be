// The web chat transport: Botkit's web-adapter protocol over a websocket at /ws, with POST
// /api/chat as the fallback when the socket cannot connect. Every turn resolves to the Reply[]
// of interfaces.md §2 (text, choices, link, image, card, handoff); `lastTurn` is that turn's
// number in the session, the key feedback refers to (POST /api/feedback).

const TURN_TIMEOUT_MS = 20000;
const CONNECT_WAIT_MS = 3000;

/** 32 hex characters from the browser's CSPRNG (randomUUID needs a secure context; this does not). */
export function newSessionId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class ChatClient {
  /**
   * @param {{ onTransport?: (kind: 'ws' | 'http') => void,
   *   texts?: { errorNetwork?: string, errorServer?: string, errorOffline?: string } }} [opts]
   */
  constructor(opts = {}) {
    this.onTransport = opts.onTransport ?? (() => {});
    this.texts = opts.texts ?? {};
    this.session = newSessionId();
    this.turns = 0;
    this.lastTurn = 0;
    /** The flow the latest turn left open (its question waits for an answer), else null. */
    this.lastFlow = null;
    this.socket = null;
    this.turn = null;
    this.retryMs = 1000;
    this.stopped = false;
    this.connect();
  }

  connect() {
    if (this.stopped || typeof WebSocket === 'undefined') return;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    let socket;
    try {
      socket = new WebSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = 1000;
      this.onTransport('ws');
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failTurn(new Error('socket closed'));
      this.onTransport('http');
      this.scheduleReconnect();
    });
  }

  scheduleReconnect() {
    if (this.stopped) return;
    setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 15000);
  }

  receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (!this.turn || frame.type !== 'message' || !frame.reply) return;
    this.turn.replies.push(frame.reply);
    if (Number.isInteger(frame.turn)) this.turn.number = frame.turn;
    if (typeof frame.flow === 'string') this.turn.flow = frame.flow;
    if (frame.final) {
      const { resolve, replies, timer, number, flow } = this.turn;
      clearTimeout(timer);
      this.turn = null;
      if (number) this.lastTurn = number;
      this.lastFlow = flow ?? null;
      resolve(replies);
    }
  }

  failTurn(error) {
    if (!this.turn) return;
    const { reject, timer } = this.turn;
    clearTimeout(timer);
    this.turn = null;
    reject(error);
  }

  async waitOpen() {
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.OPEN) return socket;
    if (socket.readyState !== WebSocket.CONNECTING) return null;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), CONNECT_WAIT_MS);
      socket.addEventListener('open', () => { clearTimeout(timer); resolve(socket); }, { once: true });
      socket.addEventListener('close', () => { clearTimeout(timer); resolve(null); }, { once: true });
    });
  }

  /** One turn: resolves to the replies. Over the socket when it is open, else over HTTP. */
  async send(text) {
    // The server's turn number when it sends one; until then this page's own count, which is the
    // same number while every message of the session comes from this page.
    this.turns += 1;
    this.lastTurn = this.turns;
    this.lastFlow = null;
    const socket = await this.waitOpen();
    if (socket && socket.readyState === WebSocket.OPEN) {
      try {
        return await this.sendOverSocket(socket, text);
      } catch {
        // The socket failed mid-turn; the turn is not repeated over HTTP (it may have been handled).
        return [failure(this.texts.errorNetwork)];
      }
    }
    this.onTransport('http');
    return this.sendOverHttp(text);
  }

  sendOverSocket(socket, text) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.failTurn(new Error('timeout'));
        socket.close();
      }, TURN_TIMEOUT_MS);
      this.turn = { resolve, reject, timer, replies: [] };
      socket.send(JSON.stringify({ type: 'message', user: this.session, channel: 'websocket', text }));
    });
  }

  async sendOverHttp(text) {
    try {
      const res = await fetch('/api/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        // `client: 'kiosk'`: this is the kiosk's screen, not a public caller — its goodbye forgets the person.
        body: JSON.stringify({ session: this.session, text, client: 'kiosk' }),
      });
      const body = await res.json();
      // 429's message is written for people (prompts: channel.rate_limited); the others are for developers.
      if (!res.ok) return [failure((res.status === 429 && body?.error?.message) || this.texts.errorServer)];
      if (Number.isInteger(body.turn)) this.lastTurn = body.turn;
      this.lastFlow = typeof body.flow === 'string' ? body.flow : null;
      return body.replies;
    } catch {
      return [failure(this.texts.errorOffline)];
    }
  }

  /** 👍/👎 on a turn of this session; true when the server took it (absent or failing: false). */
  async feedback(turn, rating, reason) {
    return postFeedback({ session: this.session, turn, rating, ...(reason ? { reason } : {}) });
  }

  /** Forgets the conversation on the server and starts a new one with a new id and socket. */
  async reset() {
    const old = this.session;
    this.session = newSessionId();
    this.turns = 0;
    this.lastTurn = 0;
    this.failTurn(new Error('reset'));
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close();
    this.connect();
    try {
      await fetch('/api/reset', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ session: old }),
      });
    } catch {
      // the server forgets it after SESSION_TTL_SECONDS anyway
    }
  }
}

/**
 * What the page says when a turn got no answer (offline, the socket lost, the server refused): a
 * text marked `failed`, which is no answer of the server's and so is not offered for 👍/👎 — its
 * number may never have been a turn, or become the next question's.
 */
export function failure(text) {
  return { type: 'text', text: text ?? '', failed: true };
}

/** POST /api/feedback (interfaces.md §3). Never throws: feedback must not break the page. */
export async function postFeedback(body) {
  try {
    const res = await fetch('/api/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return res.ok;
  } catch {
    return false;
  }
}
