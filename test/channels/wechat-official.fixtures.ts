/** A fake App for the WeChat channel tests, and the WeChat side of the protocol. */
import { Writable } from 'node:stream';
import { encrypt, getSignature } from '@wecom/crypto';
import express from 'express';
import { XMLParser } from 'fast-xml-parser';
import { wechatRouter, type WechatDeps, type WechatOptions } from '../../src/channels/wechat-official/index.js';
import { urlSignature } from '../../src/channels/wechat-official/signature.js';
import { loadConfig } from '../../src/config.js';
import type { InboundMessage, TurnOutput } from '../../src/core/message.js';
import type { Reply } from '../../src/domain/reply.js';
import { MemorySessionStore } from '../../src/dialogue/store/memory.js';
import type { IntentId } from '../../src/domain/intents.js';
import { createLogger } from '../../src/logger.js';

export const TOKEN = 'AAAAA';
export const APP_ID = 'wx5823bf96d3bd56c7';
export const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
export const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
export const ACCOUNT = 'gh_0123456789ab';

export const LABELS: Partial<Record<IntentId, string>> = { greeting: '你好', materials: '备案材料', contact: '咨询电话' };

export interface Fake {
  deps: WechatDeps;
  store: MemorySessionStore;
  calls: InboundMessage[];
  resets: string[];
  logs: string[];
  http: express.Express;
}

export type Handle = (msg: InboundMessage) => Promise<Reply[]> | Reply[];

export function fakeApp(opts: { handle?: Handle; env?: Record<string, string>; options?: WechatOptions } = {}): Fake {
  const config = loadConfig({ WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_ENCODING_AES_KEY: AES_KEY, LOG_LEVEL: 'info', ...opts.env });
  const store = new MemorySessionStore(config.SESSION_TTL_SECONDS);
  const calls: InboundMessage[] = [];
  const resets: string[] = [];
  const logs: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } });
  const handle = opts.handle ?? ((msg: InboundMessage) => [{ type: 'text', text: `答：${msg.text}` }]);
  const deps: WechatDeps = {
    config,
    store,
    logger: createLogger('info', sink),
    kb: {
      intent(id: IntentId) {
        const label = LABELS[id];
        if (!label) throw new Error(`no intent file for ${id}`);
        return { label };
      },
    },
    assistant: {
      async handle(msg: InboundMessage): Promise<TurnOutput> {
        calls.push(msg);
        const replies = await handle(msg);
        return { session: msg.sessionId, intent: 'materials', confidence: 0.9, slots: {}, flow: null, replies };
      },
      async reset(id: string) {
        resets.push(id);
      },
    },
  };
  const http = express();
  http.use(wechatRouter(deps, opts.options));
  return { deps, store, calls, resets, logs, http };
}

/** Now, in the seconds WeChat signs: requests older than a few minutes are refused as replays. */
export const nowSeconds = (offset = 0) => String(Math.floor(Date.now() / 1000) + offset);

export function signedQuery(timestamp = nowSeconds(), nonce = '1514711492', token = TOKEN) {
  return { signature: urlSignature(token, timestamp, nonce), timestamp, nonce };
}

let nextMsgId = 23_000_000_000_000_000n;

export function messageXml(fields: Record<string, string>): string {
  const body = Object.entries(fields).map(([k, v]) => (/^\d+$/.test(v) ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`)).join('\n');
  return `<xml>\n${body}\n</xml>`;
}

export function textXml(content: string, msgId = String(nextMsgId++)): string {
  return messageXml({ ToUserName: ACCOUNT, FromUserName: OPENID, CreateTime: '1714036504', MsgType: 'text', Content: content, MsgId: msgId });
}

export function eventXml(event: string, extra: Record<string, string> = {}, createTime = String(1714036504 + Number(nextMsgId++ % 100_000n))): string {
  return messageXml({ ToUserName: ACCOUNT, FromUserName: OPENID, CreateTime: createTime, MsgType: 'event', Event: event, ...extra });
}

/** What WeChat sends in safe mode: the message sealed for an app id, and the query signing it. */
export function sealForServer(plainXml: string, appId = APP_ID, timestamp = nowSeconds(), nonce = '987654321') {
  const sealed = encrypt(AES_KEY, plainXml, appId);
  return {
    body: `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Encrypt><![CDATA[${sealed}]]></Encrypt></xml>`,
    query: { ...signedQuery(timestamp, nonce), encrypt_type: 'aes', msg_signature: getSignature(TOKEN, timestamp, nonce, sealed) },
  };
}

/** An independent parser (not the channel's) reads the replies. */
const replyParser = new XMLParser({ parseTagValue: false, trimValues: false });

export function readReply(xml: string): Record<string, string> {
  const doc = replyParser.parse(xml) as { xml?: Record<string, string> };
  if (!doc.xml) throw new Error(`not a reply: ${xml}`);
  return doc.xml;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
