/** What `npm start` tells the operator: the addresses, and only the settings still missing. */
import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/knowledge/base.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { loadConfig } from '../../src/config.js';
import { startupLines } from '../../src/server/startup-lines.js';

const kb = new KnowledgeBase(loadKnowledge());
const URL = 'http://127.0.0.1:3000';

describe('start-up lines', () => {
  it('names every channel’s address and each missing setting on embedded defaults', () => {
    const text = startupLines(kb, loadConfig({}), URL).join('\n');
    for (const address of [`${URL}/`, `${URL}/agent`, `POST ${URL}/api/chat`, `${URL}/wechat`, `${URL}/admin`]) expect(text).toContain(address);
    for (const setting of ['PUBLIC_BASE_URL', 'WECHAT_TOKEN', 'FILING_TOKEN_SECRET', 'REDIS_URL', 'KIOSK_HELP_DESK', 'HOST=127.0.0.1', 'ADMIN_PASSWORD_HASH']) {
      expect(text).toContain(setting);
    }
  });

  it('says nothing more to do once an operator has made every setting', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PUBLIC_BASE_URL: 'https://yidi.example.cn',
      WECHAT_TOKEN: 'token',
      FILING_TOKEN_SECRET: 'a-secret-of-at-least-16',
      REDIS_URL: 'redis://127.0.0.1:6379',
      KIOSK_HELP_DESK: '一楼大厅 3 号综合窗口',
      ADMIN_TOKEN: 'an-operator-token-of-24-characters',
    });
    const lines = startupLines(kb, config, 'http://0.0.0.0:3000');
    expect(lines.join('\n')).toContain('https://yidi.example.cn');
    expect(lines.join('\n')).not.toMatch(/未设置|只有本机/);
    expect(lines.at(-1)).toBe(kb.say('startup.all_set'));
  });
});
