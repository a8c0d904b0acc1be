/**
 * The plain lines `npm start` prints for the operator after its JSON log line: where the kiosk,
 * the console, the API, the WeChat endpoint and the operators' pages are, and each setting still
 * to make (the JSON log is for machines; a person starting the service reads this at a glance).
 */
import type { Config } from '../config.js';
import type { KnowledgeBase } from '../knowledge/base.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function startupLines(kb: KnowledgeBase, config: Config, url: string): string[] {
  const base = url.replace(/\/$/, '');
  const lines = [
    kb.say('startup.ready'),
    kb.say('startup.kiosk', { url: base }),
    kb.say('startup.agent', { url: base }),
    kb.say('startup.api', { url: base }),
    kb.say('startup.wechat', { url: base }),
    ...(config.RECORDS === 'on' ? [kb.say('startup.admin', { url: base })] : []),
  ];
  if (config.PUBLIC_BASE_URL) lines.push(kb.say('startup.public', { url: config.PUBLIC_BASE_URL.replace(/\/$/, '') }));
  const todo: string[] = [];
  if (!config.PUBLIC_BASE_URL) todo.push(kb.say('startup.unset.public_base_url', { url: base }));
  if (LOOPBACK.has(config.HOST)) todo.push(kb.say('startup.local_only', { host: config.HOST }));
  if (!config.WECHAT_TOKEN) todo.push(kb.say('startup.unset.wechat_token'));
  if (!config.FILING_TOKEN_SECRET) todo.push(kb.say('startup.unset.filing_secret'));
  if (!config.REDIS_URL) todo.push(kb.say('startup.unset.redis'));
  if (config.RECORDS === 'on' && !config.ADMIN_PASSWORD_HASH && !config.ADMIN_TOKEN) todo.push(kb.say('startup.unset.admin'));
  if (!config.KIOSK_HELP_DESK) todo.push(kb.say('startup.unset.help_desk'));
  lines.push(...(todo.length ? [kb.say('startup.todo'), ...todo] : [kb.say('startup.all_set')]));
  return lines;
}
