/**
 * The two requests WeChat makes: GET to verify the URL, POST to deliver a message. Every
 * request is authenticated before anything else is read; a safe-mode body is opened only
 * after its msg_signature matched, and its reply is sealed the same way.
 */
import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { arrivalOf } from '../http/arrival.js';
import { sendError } from '../http/http-error.js';
import { openEnvelope, sealReply, type AesSettings } from './crypto.js';
import { DEFAULTS, type WechatDeps, type WechatOptions } from './deps.js';
import { WechatError } from './errors.js';
import { sessionTag } from '../../core/channels.js';
import { answerMessage } from './messages.js';
import { replyOnce } from './once.js';
import { messageSignature, sameSignature, urlSignature } from './signature.js';
import { encryptedReplyXml, field, parseXml, readMessage, textReplyXml, type WechatMessage } from './xml.js';

const SUCCESS = 'success';
const TEXT = 'text/plain; charset=utf-8';
const XML = 'application/xml; charset=utf-8';

/**
 * A 200 with its body, written as it is (what express's res.send adds — ETag, freshness — WeChat does not use).
 * Encoded here, once, as POST /api/chat's answer is (src/server/hot-chat.ts): as a string, Node joins it to the
 * one-byte header block, and a reply with a Chinese character made a two-byte copy of both before the socket
 * encoded it again; the length is the buffer's, not a second pass over the string.
 */
function send(res: ServerResponse, type: string, body: string): void {
  const payload = Buffer.from(body);
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', payload.length);
  res.end(payload);
}

interface Signed {
  token: string;
  timestamp: string;
  nonce: string;
  msgSignature?: string;
}

export function verifyUrl(deps: WechatDeps, options: WechatOptions = {}) {
  const opts = { ...DEFAULTS, ...options };
  return (req: Request, res: Response): void => {
    guard(deps, refuseVia(res), () => {
      const q = req.query;
      const signed = authenticate(deps, q, opts);
      const echostr = query(q, 'echostr');
      if (!echostr) throw new WechatError('bad_request', 'echostr is required', 400);
      let answer = echostr;
      // Safe mode may send echostr encrypted, signed with msg_signature like a message body.
      if (signed.msgSignature) {
        checkMessageSignature(signed, echostr);
        answer = openEnvelope(aesSettings(deps), echostr);
      }
      res.type('text/plain').send(answer);
    });
  };
}

/** Answers a refused request with the API's JSON error (through express's response: made only then). */
export type Refuse = (status: number, code: string, message: string) => void;

export const refuseVia = (res: Response): Refuse => (status, code, message) => sendError(res, status, code, message);

/** A message: the request as Node gave it (for its arrival), its parsed query string and body text. */
export type Receive = (req: IncomingMessage, q: Query, body: unknown, res: ServerResponse, refuse: Refuse) => Promise<void>;

export function receive(deps: WechatDeps, options: WechatOptions = {}): Receive {
  const opts = { ...DEFAULTS, ...options };
  let inFlight = 0;
  return async (req, q, text, res, refuse) => {
    const started = arrivalOf(req, opts.clock());
    await guardAsync(deps, refuse, async () => {
      const signed = authenticate(deps, q, opts);
      if (typeof text !== 'string' || !text.trim()) throw new WechatError('bad_xml', 'the body must be WeChat XML', 400);
      const mode = query(q, 'encrypt_type') ?? 'raw';
      if (mode !== 'raw' && mode !== 'aes') throw new WechatError('bad_request', `encrypt_type ${mode} is not supported`, 400);
      const outer = parseXml(text);
      let msg: WechatMessage;
      let aes: AesSettings | undefined;
      if (mode === 'aes') {
        // Compatible mode also carries plaintext fields; only the signed ciphertext is trusted.
        aes = aesSettings(deps);
        const encrypted = field(outer, 'Encrypt')?.trim();
        if (!encrypted) throw new WechatError('bad_xml', 'encrypt_type=aes but the body has no Encrypt', 400);
        checkMessageSignature(signed, encrypted);
        msg = readMessage(parseXml(openEnvelope(aes, encrypted)));
      } else {
        if (!query(q, 'signature')) throw new WechatError('unauthorized', 'signature is required', 401);
        msg = readMessage(outer);
      }

      const key = retryKey(msg);
      const waited = opts.clock() - started;
      const lagging = opts.overloaded();
      if (waited > opts.shedAfterMs || inFlight >= opts.maxInFlight || lagging) {
        shed(deps, msg, key, opts.retryTtlSeconds, { waited, inFlight, lagging });
        send(res, TEXT, SUCCESS);
        return;
      }

      inFlight++;
      let gaveUp = false;
      const body = await replyOnce(deps, {
        key,
        ttlSeconds: opts.retryTtlSeconds,
        deadline: started + opts.replyDeadlineMs,
        pollMs: opts.pollMs,
        clock: opts.clock,
      }, async () => {
        try {
          const text = await answerMessage(deps, msg);
          // Too late for the passive reply (WeChat has “success”): the answer goes as a message.
          if (gaveUp && text !== null) sendLate(deps, msg, text);
          return text === null ? SUCCESS : textReplyXml(msg.FromUserName, msg.ToUserName, Math.floor(opts.clock() / 1000), text);
        } finally {
          inFlight--;
        }
      });

      if (body === undefined) {
        gaveUp = true;
        deps.logger.warn({ user: sessionTag('wechat', msg.FromUserName), msgType: msg.MsgType, ms: opts.clock() - started },
          'wechat: no reply within the 5 s limit; answered success');
      }
      if (body === undefined || body === SUCCESS) {
        send(res, TEXT, SUCCESS);
        return;
      }
      const out = aes
        ? encryptedReplyXml(sealReply(aes, signed.token, body, String(Math.floor(opts.clock() / 1000)), String(randomInt(100_000_000, 1_000_000_000))))
        : body;
      send(res, XML, out);
    });
  };
}

/**
 * The reply ledger's key of a message: its MsgId, and for an event (which has none) the sender and
 * CreateTime, as WeChat's documentation says retries are recognised — with the event and its key,
 * which a retry repeats: CreateTime counts seconds, and a follower who subscribes and taps a menu
 * item within one second sent two events; the second was answered with the first's reply (the
 * greeting for the tap, or for an unsubscribe), and a VIEW after a CLICK with the CLICK's answer.
 */
function retryKey(msg: WechatMessage): string {
  if (msg.MsgId !== undefined) return `wechat:${msg.ToUserName}:${msg.MsgId}`;
  // EventKey is at most 128 bytes in WeChat's schema; a longer one (not WeChat's) is cut, not kept whole.
  return `wechat:${msg.ToUserName}:${msg.FromUserName}:${msg.CreateTime}:${msg.MsgType}:${msg.Event ?? ''}:${(msg.EventKey ?? '').slice(0, 128)}`;
}

/**
 * A message shed under overload: WeChat has its “success” already. Where the account may send
 * customer-service messages the turn still runs and its answer goes there; otherwise the message
 * is dropped (WeChat does not retry after “success”) and the log says so.
 */
function shed(deps: WechatDeps, msg: WechatMessage, key: string, ttlSeconds: number, load: { waited: number; inFlight: number; lagging: boolean }): void {
  const cs = deps.customerService;
  deps.logger.warn({ user: sessionTag('wechat', msg.FromUserName), msgType: msg.MsgType, ...load, customerService: Boolean(cs) },
    'wechat: overloaded; answered success at once');
  if (!cs) return;
  void (async () => {
    // A retry that slipped in before must not be answered twice.
    if (!(await deps.ledger.claim(key, ttlSeconds).catch(() => true))) return;
    const text = await answerMessage(deps, msg);
    if (text !== null) sendLate(deps, msg, text);
  })().catch((err: unknown) => {
    deps.logger.warn({ err: (err as Error).message, user: sessionTag('wechat', msg.FromUserName) }, 'wechat: shed message not answered');
  });
}

function sendLate(deps: WechatDeps, msg: WechatMessage, text: string): void {
  deps.customerService?.sendText(msg.FromUserName, text).catch((err: unknown) => {
    deps.logger.warn({ err: (err as Error).message, user: sessionTag('wechat', msg.FromUserName) }, 'wechat: customer-service answer not sent');
  });
}

/** Checks every signature the request carries (at least one must be there), then the request's age. */
function authenticate(deps: WechatDeps, q: Query, opts: Required<WechatOptions>): Signed {
  const token = deps.config.WECHAT_TOKEN;
  if (!token) throw new WechatError('wechat_disabled', 'the WeChat channel is not configured (WECHAT_TOKEN)', 503);
  const timestamp = query(q, 'timestamp');
  const nonce = query(q, 'nonce');
  const signature = query(q, 'signature');
  const msgSignature = query(q, 'msg_signature');
  if (!timestamp || !nonce || (!signature && !msgSignature)) {
    throw new WechatError('unauthorized', 'signature, timestamp and nonce are required', 401);
  }
  if (signature && !sameSignature(urlSignature(token, timestamp, nonce), signature)) {
    throw new WechatError('bad_signature', 'the signature does not match', 403);
  }
  const skew = Math.abs(opts.clock() / 1000 - Number(timestamp));
  if (!/^\d{1,12}$/.test(timestamp) || !(skew <= opts.maxClockSkewSeconds)) {
    throw new WechatError('stale_request', 'the timestamp is too far from now (a replayed request?)', 401);
  }
  return { token, timestamp, nonce, ...(msgSignature ? { msgSignature } : {}) };
}

function checkMessageSignature(signed: Signed, encrypted: string): void {
  if (!signed.msgSignature) throw new WechatError('unauthorized', 'msg_signature is required in safe mode', 401);
  if (!sameSignature(messageSignature(signed.token, signed.timestamp, signed.nonce, encrypted), signed.msgSignature)) {
    throw new WechatError('bad_signature', 'the msg_signature does not match', 403);
  }
}

function aesSettings(deps: WechatDeps): AesSettings {
  const { WECHAT_ENCODING_AES_KEY: aesKey, WECHAT_APP_ID: appId } = deps.config;
  if (!aesKey || !appId) {
    throw new WechatError('wechat_aes_disabled', 'safe mode needs WECHAT_APP_ID and WECHAT_ENCODING_AES_KEY', 503);
  }
  return { aesKey, appId };
}

/** The parsed query string: express's req.query, or node:querystring's parse of it (the same parser). */
export type Query = Readonly<Record<string, unknown>>;

function query(q: Query, name: string): string | undefined {
  const v: unknown = q[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function guard(deps: WechatDeps, refuse: Refuse, work: () => void): void {
  try {
    work();
  } catch (err) {
    fail(deps, refuse, err);
  }
}

async function guardAsync(deps: WechatDeps, refuse: Refuse, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    fail(deps, refuse, err);
  }
}

function fail(deps: WechatDeps, refuse: Refuse, err: unknown): void {
  if (err instanceof WechatError) {
    deps.logger.warn({ code: err.code, status: err.status }, `wechat request refused: ${err.reason}`);
    refuse(err.status, err.code, err.reason);
    return;
  }
  deps.logger.error({ err: err instanceof Error ? err.name : typeof err }, 'wechat request failed');
  refuse(500, 'internal', deps.prompts.say('core.turn_failed'));
}
