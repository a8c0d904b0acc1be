/**
 * The Wechaty channel driven by wechaty-puppet-mock: what it answers, what it ignores, what it
 * passes to the assistant. The assistant is a fake that echoes, so the test is about the channel.
 */
import type { EventEmitter } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WechatyBuilder, types, type Wechaty } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { attachAssistant } from '../../src/channels/wechaty/bot.js';
import { latestDetailScenario, realKb, scriptedCore } from '../core/support.js';

type ContactMock = ReturnType<mock.Mocker['createContact']>;
type RoomMock = ReturnType<mock.Mocker['createRoom']>;
type MessageMock = InstanceType<mock.Mocker['MessageMock']>;

const kb = realKb();
/** The real turn around a policy that echoes; “详细问题” also has a longer version, “谢谢” none and no choices. */
const core = scriptedCore(({ text }) => {
  if (text === '炸') throw new Error(`policy bug at /srv/app/policy.ts:12 (${text})`);
  if (text.startsWith('详细问题')) return { replies: [{ type: 'text', text: `答：${text}` }], detail: `${text}的详细说明` };
  if (text === '谢谢') return [{ type: 'text', text: '不客气' }];
  return [{ type: 'text', text: `收到：${text}` }, { type: 'choices', options: ['潍坊市', '武汉市'] }];
});
const handled = core.calls;

const mocker = new mock.Mocker();
const puppet = new PuppetMock({ mocker });
let bot: Wechaty;
let user: ContactMock;
let mike: ContactMock;
let mary: ContactMock;
let room: RoomMock;

/**
 * The mocks are Node EventEmitters at run time; their declared type (a default import from
 * `typed-emitter`) does not resolve under this project's NodeNext settings, so it is restated.
 */
function events(where: ContactMock | RoomMock): EventEmitter {
  return where as unknown as EventEmitter;
}

/** The next message the bot sends into a conversation, or undefined after `ms`. */
function nextFromBot(conversation: ContactMock | RoomMock, ms = 1500): Promise<string | undefined> {
  const where = events(conversation);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      where.off('message', listener);
      resolve(undefined);
    }, ms);
    const listener = (m: MessageMock) => {
      if (m.talker().id !== user.id) return;
      clearTimeout(timer);
      where.off('message', listener);
      resolve(m.text());
    };
    where.on('message', listener);
  });
}

const settle = () => new Promise((r) => setTimeout(r, 300));

beforeAll(async () => {
  bot = WechatyBuilder.build({ puppet });
  attachAssistant(bot, { assistant: core.assistant, prompts: kb });
  await bot.start();
  [user, mike, mary] = mocker.createContacts(3) as [ContactMock, ContactMock, ContactMock];
  room = mocker.createRoom({ memberIdList: [user.id, mike.id, mary.id] });
  const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()));
  mocker.login(user);
  await loggedIn;
});

afterAll(async () => {
  await bot.stop();
});

beforeEach(() => {
  handled.length = 0;
});

describe('wechaty channel', () => {
  it('answers a direct message with the rendered replies, choices numbered', async () => {
    const reply = nextFromBot(mike);
    mike.say('异地就医备案要什么材料').to(user);
    const text = await reply;
    expect(text).toContain('收到：异地就医备案要什么材料');
    expect(text).toContain('1. 潍坊市');
    expect(text).toContain('2. 武汉市');
    expect(handled).toHaveLength(1);
    expect(handled[0]).toEqual({ session: `wechaty:${mike.id}`, text: '异地就医备案要什么材料' });
  });

  it('maps a bare number to the option it numbered', async () => {
    const first = nextFromBot(mary);
    mary.say('备案要什么材料').to(user);
    await first;
    const second = nextFromBot(mary);
    mary.say('２').to(user);
    expect(await second).toContain('收到：武汉市');
    expect(handled.map((m) => m.text)).toEqual(['备案要什么材料', '武汉市']);
  });

  it('shows the latest answer’s longer version on “1”, never an older one', async () => {
    const ask = async (text: string) => {
      const reply = nextFromBot(mike);
      mike.say(text).to(user);
      return reply;
    };
    await ask('详细问题甲');
    await ask('详细问题乙');
    expect(await ask('1')).toBe('详细问题乙的详细说明');
    expect(await ask('谢谢')).toBe('不客气');
    // The latest answer has no longer version: “1” is told so (it is no question for the policy).
    expect(await ask('1')).toContain('已经全部显示了');
    expect(handled.map((m) => m.text)).toEqual(['详细问题甲', '详细问题乙', '谢谢']);
  });

  it('answers a message the puppet delivers twice only once', async () => {
    const msg = mocker.MessageMock.create({
      id: 'delivered-twice-1',
      talkerId: mary.id,
      listenerId: user.id,
      timestamp: Date.now(),
      type: types.Message.Text,
      text: '重复投递的问题',
    });
    const reply = nextFromBot(mary);
    puppet.emit('message', { messageId: msg.id });
    puppet.emit('message', { messageId: msg.id });
    expect(await reply).toContain('收到：重复投递的问题');
    await settle();
    expect(handled.map((m) => m.text)).toEqual(['重复投递的问题']);
  });

  it('answers a failing turn with the one apology, and nothing of the error', async () => {
    const reply = nextFromBot(mary);
    mary.say('炸').to(user);
    expect(await reply).toBe(kb.say('core.turn_failed'));
    expect(core.logs.join('')).toMatch(/turn failed/);
    expect(core.logs.join('')).not.toMatch(/policy\.ts|炸/);
  });

  it('ignores its own messages and does not answer its own replies', async () => {
    user.say('我自己发的消息').to(mike);
    await settle();
    expect(handled).toHaveLength(0);

    const reply = nextFromBot(mike);
    mike.say('你好').to(user);
    await reply;
    await settle();
    // Only the person's message reached the assistant, not the bot's answer to it.
    expect(handled).toHaveLength(1);
  });

  it('answers in a room only when mentioned, with the mention stripped and a per-member session', async () => {
    const silent = nextFromBot(room, 600);
    mike.say('大家好，今天谁去医院').to(room);
    expect(await silent).toBeUndefined();
    expect(handled).toHaveLength(0);

    const reply = nextFromBot(room);
    mike.say(`@${user.payload.name}\u2005潍坊的备案电话是多少`, [user]).to(room);
    const text = await reply;
    expect(text).toContain('收到：潍坊的备案电话是多少');
    expect(handled).toHaveLength(1);
    expect(handled[0]).toEqual({ session: `wechaty:${room.id}:${mike.id}`, text: '潍坊的备案电话是多少' });
  });

  it('answers a bare mention in a room with how to ask, not with “不在我能解答的范围内” for an empty question', async () => {
    const reply = nextFromBot(room);
    mike.say(`@${user.payload.name}\u2005`, [user]).to(room);
    expect(await reply).toBe(`@${mike.payload.name} ${kb.say('channel.wechaty.mention_only')}`);
    expect(handled).toHaveLength(0);
  });

  it('does not answer a room message that mentions someone else', async () => {
    const silent = nextFromBot(room, 600);
    mike.say(`@${mary.payload.name}\u2005你备案了吗`, [mary]).to(room);
    expect(await silent).toBeUndefined();
    expect(handled).toHaveLength(0);
  });

  /** WeChat's quoted reply as puppets deliver it: the quote, a line of dashes, what the person wrote. */
  const quoting = (author: string, quoted: string, said: string) => `「${author}：${quoted}」\n- - - - - - - - - - - - - - -\n${said}`;

  it('reads a quoted reply as what the person wrote: the bot’s own answer quoted is no question, nor their own message', async () => {
    const reply = nextFromBot(mary);
    mary.say(quoting(user.payload.name, '收到：潍坊备案要什么材料，免材料、免审核', '那湖南呢')).to(user);
    expect(await reply).toContain('收到：那湖南呢');
    const again = nextFromBot(mary);
    mary.say(quoting(mary.payload.name, '潍坊备案要什么材料', '寿光的电话呢')).to(user);
    await again;
    expect(handled.map((m) => m.text)).toEqual(['那湖南呢', '寿光的电话呢']);
  });

  it('in a room, a quoted member’s message is the context of the question; a quote with only a mention is the question', async () => {
    const reply = nextFromBot(room);
    mike.say(quoting(mary.payload.name, '我妈在潍坊参保，去北京住院了没备案能直接结算吗', `@${user.payload.name}\u2005帮她看看`), [user]).to(room);
    await reply;
    const bare = nextFromBot(room);
    mike.say(quoting(mary.payload.name, '湖南急诊要几天内备案', `@${user.payload.name}\u2005`), [user]).to(room);
    await bare;
    const bot = nextFromBot(room);
    mike.say(quoting(user.payload.name, '收到：潍坊备案要什么材料', `@${user.payload.name}\u2005那武汉呢`), [user]).to(room);
    await bot;
    expect(handled.map((m) => m.text)).toEqual(['我妈在潍坊参保，去北京住院了没备案能直接结算吗\n帮她看看', '湖南急诊要几天内备案', '那武汉呢']);
  });

  it('answers a non-text direct message politely without calling the assistant', async () => {
    const reply = nextFromBot(mike);
    const msg = mocker.MessageMock.create({
      id: 'image-message-1',
      talkerId: mike.id,
      listenerId: user.id,
      timestamp: Date.now(),
      type: types.Message.Image,
    });
    puppet.emit('message', { messageId: msg.id });
    expect(await reply).toBe(kb.say('channel.not_text'));
    expect(handled).toHaveLength(0);
  });

  it('says nothing when a person recalls (撤回) a message: it is no message to answer', async () => {
    const silent = nextFromBot(mike, 600);
    const msg = mocker.MessageMock.create({
      id: 'recalled-message-1',
      talkerId: mike.id,
      listenerId: user.id,
      timestamp: Date.now(),
      type: types.Message.Recalled,
    });
    puppet.emit('message', { messageId: msg.id });
    // Before, the recall was answered as a picture would be: “请用文字描述您的问题”.
    expect(await silent).toBeUndefined();
    expect(handled).toHaveLength(0);
  });
});

describe('wechaty channel with the real assistant', () => {
  const realMocker = new mock.Mocker();
  const realPuppet = new PuppetMock({ mocker: realMocker });
  let realBot: Wechaty;
  let app: App;
  let me: ContactMock;
  let asker: ContactMock;
  const dataDir = mkdtempSync(join(tmpdir(), 'wechaty-test-'));

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    app = await createApp(config, createLogger('silent'));
    realBot = WechatyBuilder.build({ puppet: realPuppet });
    attachAssistant(realBot, { assistant: app.assistant, prompts: app.kb, ledger: app.ledger });
    await realBot.start();
    [me, asker] = realMocker.createContacts(2) as [ContactMock, ContactMock];
    const loggedIn = new Promise<void>((resolve) => realBot.once('login', () => resolve()));
    realMocker.login(me);
    await loggedIn;
  });

  afterAll(async () => {
    await realBot.stop();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a materials question for 潍坊 from the corpus', async () => {
    const reply = new Promise<string | undefined>((resolve) => {
      const where = events(asker);
      const listener = (m: MessageMock) => {
        if (m.talker().id !== me.id) return;
        where.off('message', listener);
        resolve(m.text());
      };
      where.on('message', listener);
    });
    asker.say('潍坊备案要什么材料').to(me);
    const text = await reply;
    expect(text).toContain('免材料');
    expect(text).toContain('出处：《异地就医直接结算政策宣传（潍坊市）》');
  });

  /** Says `text` to the bot in private and resolves with the bot's next message. */
  const askBot = (text: string): Promise<string> => {
    const where = events(asker);
    const reply = new Promise<string>((resolve) => {
      const listener = (m: MessageMock) => {
        if (m.talker().id !== me.id) return;
        where.off('message', listener);
        resolve(m.text() ?? '');
      };
      where.on('message', listener);
    });
    asker.say(text).to(me);
    return reply;
  };

  it('answers “那湖南呢” under its own quoted 潍坊 answer for 湖南, not 潍坊 again', async () => {
    const first = await askBot('潍坊备案要什么材料');
    expect(first).toContain('免材料');
    const quoted = first.split('\n')[0]!;
    const second = await askBot(`「${me.payload.name}：${quoted}」\n- - - - - - - - - - - - - - -\n那湖南呢`);
    expect(second).toContain('湖南省');
    expect(second).not.toContain('免材料');
  });

  it('gives on “详情” neither an older answer’s longer version nor the latest one’s card again', async () => {
    // On Wechaty the choices are numbered, so “1” picks a follow-up; “详情” asks for the longer version.
    await latestDetailScenario(app.kb, askBot, '详情');
  });
});
