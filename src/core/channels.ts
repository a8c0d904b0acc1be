/**
 * Which conversations can reach which. Every channel files its conversations under a namespace
 * of the session store, chosen here and nowhere else: the kiosk's websocket and its HTTP fallback
 * (`web`, `api`) continue one conversation, while a WeChat follower's conversation is keyed by an
 * OpenID a web caller could type — so WeChat, Wechaty and the others each get their own.
 * The map is exhaustive and has no default: a new channel does not compile until it has chosen.
 */
import { createHash } from 'node:crypto';

export const CHANNELS = ['wechat', 'wechaty', 'web', 'api', 'cli', 'test'] as const;
export type Channel = (typeof CHANNELS)[number];

export type Namespace = 'wechat' | 'wechaty' | 'web' | 'cli' | 'test';

export const NAMESPACE_OF: { readonly [C in Channel]: Namespace } = {
  wechat: 'wechat',
  wechaty: 'wechaty',
  web: 'web',
  api: 'web',
  cli: 'cli',
  test: 'test',
};

/** The kiosk's channels, its websocket and its HTTP fallback: the one conversation of the `web` namespace. */
export const KIOSK_CHANNELS: ReadonlySet<Channel> = new Set(CHANNELS.filter((c) => NAMESPACE_OF[c] === 'web'));

/**
 * The channels of the kiosk's own screen, where “再见” means the person walked away and the next one steps up: the
 * conversation is forgotten. Not `api`: its public POST /api/chat callers keep their conversation past a goodbye.
 */
export const PARTING_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['web']);

/** The store key of a conversation. */
export function storeKey(channel: Channel, sessionId: string): string {
  return `${NAMESPACE_OF[channel]}:${sessionId}`;
}

/**
 * A short one-way tag of a conversation for logs: OpenIDs and contact ids identify people, the
 * tag only correlates one conversation's lines.
 */
export function sessionTag(channel: Channel, sessionId: string): string {
  return createHash('sha256').update(storeKey(channel, sessionId)).digest('hex').slice(0, 12);
}
