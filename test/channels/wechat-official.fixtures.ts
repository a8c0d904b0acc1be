/** A fake App for the WeChat channel tests, and the WeChat side of the protocol. */
import { Writable } from 'node:stream';
import { encrypt, getSignature } from '@wecom/crypto';
import express from 'express';
import { XMLParser } from 'fast-xml-parser';
import { MemoryReplyLedger } from '../../src/channels/ledger/memory.js';
import { wechatRouter, type WechatDeps, type WechatOptions } from '../../src/channels/wechat-official/index.js';
import { urlSignature } from '../../src/channels/wechat-official/signature.js';
import { loadConfig } from '../../src/config.js';
import { placeOfAddress } from '../../src/core/places.js';
import type { IntentId } from '../../src/domain/intents.js';
import { createLogger } from '../../src/logger.js';
import { realKb, scriptedCore, type ScriptedCore, type Script } from '../core/support.js';

export const TOKEN = 'AAAAA';
export const APP_ID = 'wx5823bf96d3bd56c7';
export const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
export const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
export const ACCOUNT = 'gh_0123456789ab';

export const LABELS: Partial<Record<IntentId, string>> = { greeting: '你好', materials: '备案材料', contact: '咨询电话' };

export interface Fake extends ScriptedCore {
  deps: WechatDeps;
  ledger: MemoryReplyLedger;
  http: express.Express;
}

/** The WeChat channel on the real turn (reply state, renderer, error boundary) with a scripted policy. */
export function fakeApp(opts: { handle?: Script; env?: Record<string, string>; options?: WechatOptions } = {}): Fake {
  const config = loadConfig({ WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_ENCODING_AES_KEY: AES_KEY, LOG_LEVEL: 'info', ...opts.env });
  const core = scriptedCore(opts.handle ?? ((msg) => [{ type: 'text', text: `答：${msg.text}` }]));
  const ledger = new MemoryReplyLedger();
  const deps: WechatDeps = {
    config,
    ledger,
    logger: createLogger('info', new Writable({ write(chunk, _enc, cb) { core.logs.push(String(chunk)); cb(); } })),
    prompts: realKb(),
    labelOf: (id: IntentId) => LABELS[id],
    placeOf: (label) => placeOfAddress(realKb(), label),
    assistant: core.assistant,
  };
  const http = express();
  http.use(wechatRouter(deps, opts.options));
  return { ...core, deps, ledger, http };
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

export function textXml(content: string, msgId = String(nextMsgId++), from = OPENID): string {
  return messageXml({ ToUserName: ACCOUNT, FromUserName: from, CreateTime: '1714036504', MsgType: 'text', Content: content, MsgId: msgId });
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
