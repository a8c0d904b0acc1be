/**
 * The menu offers what can be answered for the person: the estimate only where the insured place publishes a rate
 * table (芮城), or before the place is known; elsewhere the rates stand in its place — the kiosk's menu at a
 * deployment with DEFAULT_INSURED_REGION too.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { menuIntents, MENU_INTENTS } from '../../src/dialogue/policy.js';
import { createLogger } from '../../src/logger.js';
import { KnowledgeBase } from '../../src/knowledge/base.js';
import { loadKnowledge } from '../../src/knowledge/load.js';

const kb = new KnowledgeBase(loadKnowledge());

const RUICHENG = { code: '140830', name: '芮城县' };
const WEIFANG = { code: '370700', name: '潍坊市' };
const CHENGDU = { code: '510100', name: '成都市' };

describe('the menu for a person', () => {
  it('keeps the estimate where the place publishes rates, or is not known yet', () => {
    expect(menuIntents(kb, RUICHENG)).toEqual(MENU_INTENTS);
    expect(menuIntents(kb, undefined)).toEqual(MENU_INTENTS);
  });

  it('offers the rates in the estimate’s place where the place publishes none', () => {
    for (const region of [WEIFANG, CHENGDU]) {
      const menu = menuIntents(kb, region);
      expect(menu).not.toContain('reimbursement_estimate');
      expect(menu.indexOf('reimbursement_rates')).toBe(MENU_INTENTS.indexOf('reimbursement_estimate'));
      expect(menu).toHaveLength(MENU_INTENTS.length);
    }
  });

  describe('at a kiosk deployed in 潍坊', () => {
    let app: App | undefined;
    afterAll(async () => app?.close());

    it('shows 报销比例 on its menu, not 估算报销金额', async () => {
      const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'menu-')), LOG_LEVEL: 'silent', DEFAULT_INSURED_REGION: '370700' });
      app = await createApp(config, createLogger('silent'));
      expect(app.assistant.menu()).toContain('报销比例');
      expect(app.assistant.menu()).not.toContain('估算报销金额');
    });
  });
});
