/**
 * WeChat's XML in and out. Parsing is deliberately narrow: no DTD, no entity expansion (an XML
 * bomb needs both), values kept as strings (MsgId is a 64-bit number that a float would round),
 * and only the fields this channel reads.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WechatError } from './errors.js';

export interface WechatMessage {
  ToUserName: string;
  FromUserName: string;
  CreateTime: string;
  MsgType: string;
  MsgId?: string;
  Content?: string;
  Recognition?: string;
  Event?: string;
  EventKey?: string;
  /** A location message's place, as WeChat words it: “广东省广州市天河区体育西路…” (may be empty). */
  Label?: string;
}

const CDATA = '__cdata';
const TEXT = '#text';

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: false,
  cdataPropName: CDATA,
  textNodeName: TEXT,
});

const CDATA_SECTION = /<!\[CDATA\[[\s\S]*?\]\]>/g;
const DECLARATION = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i;

/** The children of the root `<xml>` element, or a 400 WechatError. */
export function parseXml(text: string): Record<string, unknown> {
  return flatXml(text) ?? parseXmlGeneral(text);
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const BLANK = /^[ \t\n]*$/;

/**
 * What WeChat sends, read directly: `<xml>`, then elements each holding plain text (no `&`) or one
 * CDATA section, and `</xml>` — the same record the general parser makes of it. Anything else (a
 * declaration, attributes, an entity, a repeated or nested element, a name Object.prototype has,
 * split CDATA, text beside CDATA, a CR) is left to the general parser: undefined. fast-xml-parser
 * validated, then parsed, a message with ~30 kB allocated (a new parser state each time); a
 * fifth of a WeChat message's bytes, for six short fields.
 */
function flatXml(text: string): Record<string, unknown> | undefined {
  // The general parser turns CR LF into LF: a body with a CR is its to read.
  if (!text.startsWith('<xml>') || text.includes('\r')) return undefined;
  const root: Record<string, unknown> = {};
  let between = '';
  let at = 5; // still 5 at `</xml>`: no element was read
  for (;;) {
    const open = text.indexOf('<', at);
    if (open < 0) return undefined;
    const gap = text.slice(at, open);
    if (!BLANK.test(gap)) return undefined;
    between += gap;
    if (text.startsWith('</xml>', open)) {
      // An empty root is text to the general parser (no record, a 400): its answer, not ours.
      if (!BLANK.test(text.slice(open + 6)) || at === 5) return undefined;
      if (between) root[TEXT] = between;
      return root;
    }
    const close = text.indexOf('>', open);
    if (close < 0) return undefined;
    const name = text.slice(open + 1, close);
    // `in`: the record's own fields and Object.prototype's (constructor, toString…) alike.
    if (!NAME.test(name) || name in root) return undefined;
    const end = `</${name}>`;
    if (text.startsWith('<![CDATA[', close + 1)) {
      const stop = text.indexOf(']]>', close + 10);
      if (stop < 0 || !text.startsWith(end, stop + 3)) return undefined;
      root[name] = { [CDATA]: text.slice(close + 10, stop) };
      at = stop + 3 + end.length;
    } else {
      const stop = text.indexOf('<', close + 1);
      if (stop < 0 || !text.startsWith(end, stop)) return undefined;
      const content = text.slice(close + 1, stop);
      if (content.includes('&')) return undefined;
      root[name] = content;
      at = stop + end.length;
    }
  }
}

/** Any XML body, by fast-xml-parser after its validator: what flatXml must agree with. */
export function parseXmlGeneral(text: string): Record<string, unknown> {
  // Text inside CDATA may legitimately say “<!DOCTYPE”; markup outside it may not.
  if (DECLARATION.test(text.replace(CDATA_SECTION, ''))) {
    throw new WechatError('xml_declaration', 'DTDs and entity declarations are not accepted', 400);
  }
  if (XMLValidator.validate(text) !== true) throw new WechatError('bad_xml', 'the body is not well-formed XML', 400);
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    // fast-xml-parser refuses names such as <__proto__> or <constructor> (prototype pollution)
    // by throwing; such a body is the sender's fault, not ours.
    throw new WechatError('bad_xml', 'the body has an element name that is not accepted', 400);
  }
  const root = isRecord(doc) ? doc.xml : undefined;
  if (!isRecord(root)) throw new WechatError('bad_xml', 'the body is not a WeChat <xml> message', 400);
  return root;
}

/** A field's text, or undefined when it is absent, repeated or has child elements. */
export function field(root: Record<string, unknown>, name: string): string | undefined {
  const value = root[name];
  if (typeof value === 'string') return decodeEntities(value);
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.some((k) => k !== CDATA && k !== TEXT)) return undefined;
  const cdata = value[CDATA];
  const sections = Array.isArray(cdata) ? cdata : [cdata];
  // A “]]>” in the text arrives split over two CDATA sections; they join back into one string.
  const raw = sections.filter((s): s is string => typeof s === 'string').join('');
  const text = typeof value[TEXT] === 'string' ? decodeEntities(value[TEXT]).trim() : '';
  return text + raw;
}

/**
 * A copy of `s` that shares no memory with the body it was read from. V8 makes a substring of 13
 * or more characters a view into its parent (a sliced string), so a message's text kept by the
 * understanding cache, the user's id kept by a session and the MsgId by the reply ledger each kept
 * the whole request body alive: 10,294 bodies (5.4 MB) in a heap snapshot of one process after
 * 15,000 WeChat messages. JSON's round trip makes a fresh string of any content (lone surrogates
 * included), ~1 µs for a message's fields.
 */
const own = (s: string): string => (s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string));

export function readMessage(root: Record<string, unknown>): WechatMessage {
  const required = (name: 'ToUserName' | 'FromUserName' | 'CreateTime' | 'MsgType'): string => {
    const v = field(root, name)?.trim();
    if (!v) throw new WechatError('bad_message', `the message has no ${name}`, 400);
    return own(v);
  };
  const msg: WechatMessage = {
    ToUserName: required('ToUserName'),
    FromUserName: required('FromUserName'),
    CreateTime: required('CreateTime'),
    MsgType: required('MsgType').toLowerCase(),
  };
  for (const name of ['MsgId', 'Content', 'Recognition', 'Event', 'EventKey', 'Label'] as const) {
    const v = field(root, name);
    if (v !== undefined) msg[name] = own(name === 'Content' || name === 'Recognition' ? v : v.trim());
  }
  return msg;
}

/** Only the five predefined entities and character references: nothing that can expand. */
function decodeEntities(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16)) ?? whole;
    if (lower.startsWith('#')) return safeCodePoint(parseInt(lower.slice(1), 10)) ?? whole;
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[lower] ?? whole;
  });
}

function safeCodePoint(n: number): string | undefined {
  return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text as CDATA; a “]]>” inside would end the section early, so it is split across two. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(NOT_XML_CHAR, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export function textReplyXml(to: string, from: string, createTime: number, content: string): string {
  return `<xml><ToUserName>${cdata(to)}</ToUserName><FromUserName>${cdata(from)}</FromUserName>`
    + `<CreateTime>${createTime}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content></xml>`;
}

export function encryptedReplyXml(sealed: { encrypt: string; signature: string; timestamp: string; nonce: string }): string {
  return `<xml><Encrypt>${cdata(sealed.encrypt)}</Encrypt><MsgSignature>${cdata(sealed.signature)}</MsgSignature>`
    + `<TimeStamp>${sealed.timestamp}</TimeStamp><Nonce>${cdata(sealed.nonce)}</Nonce></xml>`;
}
