/**
 * Digits while a flow waits for a number, on WeChat (replies cut at the byte budget, “回复 1 查看详情”)
 * and on the kiosk (numbered choices): “1” opens the rest of a cut reply, but once the amount
 * question has been read it is an amount — never the long version of an earlier side answer.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { WECHAT_TEXT } from '../../src/channels/wechat-official/messages.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

let app: App;
const now = new Date(2026, 10, 22, 12);

beforeAll(async () => {
  app = await createApp(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'digits-')) }), createLogger('silent'));
});
afterAll(async () => {
  await app.close();
});

async function wechat(session: string, texts: string[]): Promise<string[]> {
  const shown: string[] = [];
  for (const text of texts) shown.push((await app.assistant.handleText({ channel: 'wechat', sessionId: session, text, now }, WECHAT_TEXT)).text);
  return shown;
}

const TO_AMOUNT = ['帮我算算能报多少', '芮城', '职工', '一类'];

describe('“1” at the estimate’s amount step', () => {
  it('on WeChat, after a side answer cut in two, opens the rest, and then is 1 yuan asked back', async () => {
    const shown = await wechat(`w-${Math.random()}`, [...TO_AMOUNT, '报销政策是什么', '1', '1']);
    const [side, rest, one] = shown.slice(-3) as [string, string, string];
    expect(side).toContain('回复 1 查看详情');
    expect(side).not.toContain('费用大约是多少元');
    expect(rest).toContain('费用大约是多少元');
    expect(one).toContain('我理解的金额是1元');
  });

  it('on WeChat, after a side answer with a long version, is 1 yuan once the question is read, not that long version', async () => {
    const session = `w-${Math.random()}`;
    const [side] = (await wechat(session, [...TO_AMOUNT, '转诊有什么规定'])).slice(-1) as [string];
    expect(side).toContain('回复 1 查看详情');
    // “1” pages on until the flow's question has been shown…
    let page = side;
    for (let n = 0; n < 4 && !page.includes('费用大约是多少元'); n++) [page] = await wechat(session, ['1']) as [string];
    expect(page).toContain('费用大约是多少元');
    expect(page).not.toContain('回复 1 查看详情');
    // …and then it is the amount.
    const [one] = await wechat(session, ['1']) as [string];
    expect(one).toContain('我理解的金额是1元');
    expect(one).not.toContain('芮城县转诊规定');
  });

  it('on the kiosk, with numbered choices before it, a digit at the amount step is an amount', async () => {
    const session = `k-${Math.random()}`;
    const say = (text: string) => app.assistant.handleText({ channel: 'web', sessionId: session, text, now }, { choices: 'numbered' });
    for (const t of TO_AMOUNT.slice(0, 3)) await say(t);
    // The class question's options are numbered: “2” picks the second.
    const picked = await say('2');
    expect(picked.text).toContain('费用大约是多少元');
    const two = await say('2');
    expect(two.text).toContain('我理解的金额是2元');
  });
});

describe('“1” after “有几个地方都叫xinzhou…回复序号”', () => {
  it('on WeChat picks 山西省忻州市 and answers for it, not “这条回复已经全部显示了”', async () => {
    const [asked, one] = await wechat(`w-${Math.random()}`, ['我是xinzhou的，要备案吗', '1']) as [string, string];
    expect(asked).toContain('1. 山西省忻州市');
    expect(one).toContain('忻州市的医保部门');
    expect(one).not.toContain('已经全部显示了');
  });
});
