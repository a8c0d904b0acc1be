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
import type { InboundMessage, TurnOutput } from '../../src/core/message.js';
import type { Reply } from '../../src/domain/reply.js';
import { attachAssistant, NON_TEXT_REPLY, type TurnHandler } from '../../src/channels/wechaty/bot.js';
import { choiceOptions, pickChoice, renderRepliesAsText, splitText } from '../../src/channels/text-render.js';

type ContactMock = ReturnType<mock.Mocker['createContact']>;
type RoomMock = ReturnType<mock.Mocker['createRoom']>;
type MessageMock = InstanceType<mock.Mocker['MessageMock']>;

const handled: InboundMessage[] = [];
const fakeAssistant: TurnHandler = {
  async handle(msg: InboundMessage): Promise<TurnOutput> {
    handled.push(msg);
    return {
      session: msg.sessionId,
      intent: 'greeting',
      confidence: 1,
      slots: {},
      flow: null,
      replies: [
        { type: 'text', text: `收到：${msg.text}` },
        { type: 'choices', options: ['潍坊市', '武汉市'] },
      ],
    };
  },
};

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
  attachAssistant(bot, { assistant: fakeAssistant });
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
    expect(handled[0]).toMatchObject({ channel: 'wechaty', sessionId: mike.id, text: '异地就医备案要什么材料' });
    expect(handled[0]!.messageId).toBeTruthy();
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
    expect(handled[0]).toMatchObject({ sessionId: `${room.id}:${mike.id}`, text: '潍坊的备案电话是多少' });
  });

  it('does not answer a room message that mentions someone else', async () => {
    const silent = nextFromBot(room, 600);
    mike.say(`@${mary.payload.name}\u2005你备案了吗`, [mary]).to(room);
    expect(await silent).toBeUndefined();
    expect(handled).toHaveLength(0);
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
    expect(await reply).toBe(NON_TEXT_REPLY);
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
    attachAssistant(realBot, { assistant: app.assistant });
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
});

describe('plain-text rendering of replies', () => {
  const replies: Reply[] = [
    { type: 'text', text: '潍坊市参保人员自助备案免材料。' },
    { type: 'link', title: '打开预填的备案表', url: 'https://example.org/filing/abc' },
    {
      type: 'card', title: '备案材料（潍坊市）', text: '潍坊市参保人员自助备案免材料。',
      source: [{ document: 'weifang', title: '异地就医直接结算政策宣传（潍坊市）', quote: '免材料、免审核' }],
    },
    { type: 'handoff', text: '可以拨打参保地医保经办机构电话咨询。', phone: '0536-8102788' },
    { type: 'choices', options: ['办理备案', '报销比例'] },
  ];

  it('renders links, cards with their source, handoffs with the phone and numbered choices', () => {
    const text = renderRepliesAsText(replies);
    expect(text).toContain('打开预填的备案表\nhttps://example.org/filing/abc');
    expect(text).toContain('【备案材料（潍坊市）】');
    expect(text).toContain('“免材料、免审核”');
    // The card's text repeats the answer just given: said once.
    expect(text.split('潍坊市参保人员自助备案免材料。')).toHaveLength(2);
    expect(text).toContain('电话：0536-8102788');
    expect(text).toContain('1. 办理备案\n2. 报销比例');
    expect(renderRepliesAsText(replies, { choices: 'bullets' })).toContain('· 办理备案');
  });

  it('picks numbered options and splits long text', () => {
    expect(choiceOptions(replies)).toEqual(['办理备案', '报销比例']);
    expect(pickChoice(' 1 ', ['a', 'b'])).toBe('a');
    expect(pickChoice('3', ['a', 'b'])).toBeUndefined();
    expect(pickChoice('1个', ['a', 'b'])).toBeUndefined();
    const parts = splitText(['甲'.repeat(60), '乙'.repeat(60), '丙'.repeat(60)].join('\n\n'), 100);
    expect(parts).toHaveLength(3);
    expect(parts.every((p) => p.length <= 100)).toBe(true);
  });
});
