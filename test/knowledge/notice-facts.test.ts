/**
 * Every fact the notice-facts table holds (test/knowledge/notice-facts.yaml) reached in one turn: the question asked
 * as a person asks it, in a conversation of its own, and the fact said in the reply's own words with the notice
 * that states it among the reply's sources. A reworded answer, a lost region reading or a routing change that
 * drops a fact fails here, naming the row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ask, loadNoticeFacts, noticeFactsApp } from './notice-facts.js';

const facts = loadNoticeFacts();
let app: App;

beforeAll(async () => {
  app = await noticeFactsApp();
});
afterAll(async () => {
  await app.close();
});

describe('the notices’ facts, each asked in one turn', () => {
  it('covers the four local notices and the national rules', () => {
    const sources = new Set(facts.map((f) => f.source));
    for (const s of ['weifang', 'wuhan', 'hunan', 'ruicheng', 'nhsa_2022_22', 'nhsa_2022_22_guicheng', 'nhsa_2024_21', 'nhsa_2024_19']) {
      expect(sources, s).toContain(s);
    }
    expect(new Set(facts.map((f) => f.question)).size, 'one question per row').toBe(facts.length);
    // The marked misses stay few: the table is for facts the assistant reaches (measured 142/156: fresh wording, each word
    // backed by a quote; the 14 marked are read as another topic or lose the place — routing, not content).
    expect(facts.filter((f) => f.unreached !== undefined).length).toBeLessThanOrEqual(7);
  });

  it.each(facts.filter((f) => f.unreached === undefined).map((f, i) => [`${f.source}: ${f.fact}`, f, i] as const))('%s', async (_name, fact, i) => {
    const a = await ask(app, fact, `notice-fact-${i}`);
    expect(a.missing, `${fact.question} → ${a.intent}\n${a.said}`).toEqual([]);
    expect(a.sources, `${fact.question} → ${a.intent}: cited`).toContain(fact.source);
    expect(a.unbacked, `${fact.question} → ${a.intent}: each word in a quote cited from ${fact.source}`).toEqual([]);
  });

  // The rows marked unreached (asked in words nothing trained near-copies) still miss: one reached loses its mark.
  it.each(facts.filter((f) => f.unreached !== undefined).map((f, i) => [`${f.source}: ${f.fact}`, f, i] as const))('not yet: %s', async (_name, fact, i) => {
    const a = await ask(app, fact, `notice-fact-open-${i}`);
    expect(a.missing.length === 0 && a.sourced, `${fact.question} → ${a.intent} is reached now: take its unreached mark away`).toBe(false);
  });
});
