import { decrypt, encrypt } from '@wecom/crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { openEnvelope, sealReply } from '../../src/channels/wechat-official/crypto.js';
import { WechatError } from '../../src/channels/wechat-official/errors.js';
import { messageSignature, sameSignature, urlSignature } from '../../src/channels/wechat-official/signature.js';
import { cdata, field, parseXml, parseXmlGeneral, readMessage, textReplyXml } from '../../src/channels/wechat-official/xml.js';
import { AES_KEY, APP_ID, readReply, TOKEN } from './wechat-official.fixtures.js';

describe('wechat signatures', () => {
  it('matches the worked example of the WeChat docs', () => {
    expect(urlSignature('AAAAA', '1714036504', '1514711492')).toBe('f464b24fc39322e44b38aa78f5edd27bd1441696');
  });

  it('signs the ciphertext in safe mode', () => {
    expect(messageSignature('t', '1', '2', 'x')).not.toBe(urlSignature('t', '1', '2'));
  });

  it('compares without throwing on a different length', () => {
    const s = urlSignature(TOKEN, '1', '2');
    expect(sameSignature(s, s.toUpperCase())).toBe(true);
    expect(sameSignature(s, s.slice(1))).toBe(false);
    expect(sameSignature(s, `${s.slice(0, -1)}0`)).toBe(s.endsWith('0'));
  });
});

describe('wechat safe-mode envelopes', () => {
  const settings = { aesKey: AES_KEY, appId: APP_ID };

  it('opens what WeChat sealed and seals what WeChat can open', () => {
    expect(openEnvelope(settings, encrypt(AES_KEY, '<xml>你好</xml>', APP_ID))).toBe('<xml>你好</xml>');
    const sealed = sealReply(settings, TOKEN, '<xml>答</xml>', '1714036504', '42');
    expect(decrypt(AES_KEY, sealed.encrypt)).toMatchObject({ message: '<xml>答</xml>', id: APP_ID });
    expect(sealed.signature).toBe(messageSignature(TOKEN, '1714036504', '42', sealed.encrypt));
  });

  it('refuses a message sealed for another app id', () => {
    expect(() => openEnvelope(settings, encrypt(AES_KEY, '<xml/>', 'wx0000000000000000'))).toThrow(/app id/);
  });

  it('refuses ciphertext that is not WeChat’s', () => {
    for (const bad of ['', 'not base64!', Buffer.alloc(20).toString('base64'), Buffer.alloc(64, 7).toString('base64')]) {
      expect(() => openEnvelope(settings, bad)).toThrow(WechatError);
    }
  });
});

describe('wechat XML', () => {
  it('reads a message, keeping MsgId exact', () => {
    const msg = readMessage(parseXml('<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName>'
      + '<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[ 潍坊 a&lt;b ]]></Content>'
      + '<MsgId>1234567890123456789</MsgId></xml>'));
    expect(msg).toEqual({ ToUserName: 'gh_1', FromUserName: 'o1', CreateTime: '1348831860', MsgType: 'text', Content: ' 潍坊 a&lt;b ', MsgId: '1234567890123456789' });
  });

  it('keeps no request body alive through the fields it read (a session, the cache and the ledger keep them)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // 200 messages with a 50 kB field nobody reads: 10 MB if a kept field still pointed into its body.
    const padding = 'x'.repeat(50_000);
    const body = (n: number) => `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oUser-0123456789-${n}]]></FromUserName>`
      + `<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[潍坊参保的退休人员需要什么材料 ${n}]]></Content>`
      + `<MsgId>12345678901234${n}</MsgId><PicUrl>${padding}</PicUrl></xml>`;
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = Array.from({ length: 200 }, (_, n) => readMessage(parseXml(body(n))));
    gc();
    const retained = process.memoryUsage().heapUsed - before;
    expect(kept[7]!.Content).toBe('潍坊参保的退休人员需要什么材料 7');
    expect(retained).toBeLessThan(2_000_000);
  });

  it('decodes only the predefined entities outside CDATA', () => {
    expect(field(parseXml('<xml><A>a &lt; b &amp; c &#x4F60;</A></xml>'), 'A')).toBe('a < b & c 你');
  });

  it('rejects malformed XML, other roots and missing fields', () => {
    for (const bad of ['<xml><a>1</b></xml>', '<xml><a>1</a>', 'hello', '<root><a>1</a></root>']) {
      expect(() => parseXml(bad)).toThrow(WechatError);
    }
    expect(() => readMessage(parseXml('<xml><MsgType>text</MsgType></xml>'))).toThrow(/ToUserName/);
  });

  it('rejects DTDs and entity declarations (XML bombs, XXE)', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>';
    const xxe = '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>';
    expect(() => parseXml(bomb)).toThrow(/DTD/);
    expect(() => parseXml(xxe)).toThrow(/DTD/);
    expect(() => parseXml('<xml><Content>&lol;</Content><!ENTITY a "b"></xml>')).toThrow(WechatError);
  });

  it('lets a person write “<!DOCTYPE” inside a text message', () => {
    expect(field(parseXml('<xml><Content><![CDATA[what is <!DOCTYPE?]]></Content></xml>'), 'Content')).toBe('what is <!DOCTYPE?');
  });

  it('keeps “]]>” intact through CDATA, for WeChat’s parser and ours', () => {
    const text = 'a]]>b ]]]]> <![CDATA[ c';
    expect(cdata(text)).toBe('<![CDATA[a]]]]><![CDATA[>b ]]]]]]><![CDATA[> <![CDATA[ c]]>');
    const xml = textReplyXml('o1', 'gh_1', 1, text);
    expect(readReply(xml).Content).toBe(text);
    expect(field(parseXml(xml), 'Content')).toBe(text);
  });

  it('reads WeChat’s plain messages directly exactly as the general parser does, and refuses what it refuses', () => {
    const outcome = (parse: (t: string) => unknown, body: string): unknown => {
      try {
        return parse(body);
      } catch (err) {
        return err instanceof WechatError ? `${err.status} ${err.code}` : err;
      }
    };
    const message = '<xml><ToUserName><![CDATA[gh_1]]></ToUserName>\n<FromUserName><![CDATA[o1]]></FromUserName>\n'
      + '<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 <b>&amp;</b>]]></Content>'
      + '<MsgId>1234567890123456</MsgId></xml>';
    const bodies = [
      message, `${message}\n`, `<?xml version="1.0"?>${message}`, ` ${message}`, message.replace('<xml>', '<xml a="1">'),
      textReplyXml('o1', 'gh_1', 1, 'a]]>b'), '<xml><A>x</A>\n  <B><![CDATA[a]]><![CDATA[b]]></B> <C></C><D/></xml>',
      '<xml><A> sp </A><B>  <![CDATA[a]]>  </B><E><![CDATA[]]></E></xml>', '<xml><A>a &lt; b</A></xml>', '<xml><A>a & b</A></xml>',
      '<xml><A>1</A><A>2</A></xml>', '<xml><constructor>1</constructor></xml>', '<xml><__proto__>1</__proto__></xml>',
      '<xml><toString><![CDATA[x]]></toString></xml>', '<xml><A><B>1</B></A></xml>', '<xml><A>1</B></xml>', '<xml><A>1</A>',
      '<xml><A><![CDATA[1]]></A></xml>trailing', '<xml><A><![CDATA[1]]x</A></xml>', '<xml><A>1</A><!DOCTYPE x></xml>',
      '<xml></xml>', '<xml><1A>1</1A></xml>', '<xml><A>a > b</A></xml>', '<xml><A>\u0001\r\n</A></xml>', '<xml><A><![CDATA[a\r\nb]]></A></xml>', '<xml><A>a\tb</A>\t</xml>', '<other><A>1</A></other>',
    ];
    for (const body of bodies) expect(outcome(parseXml, body), body).toEqual(outcome(parseXmlGeneral, body));
  });

  it('drops characters XML cannot carry', () => {
    expect(cdata('a\u0000b\u0007c\ud800d😀')).toBe('<![CDATA[abcd😀]]>');
  });
});
