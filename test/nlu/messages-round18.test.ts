/**
 * Issue #12, round 18 (nlu18): real people's questions still read wrong — the insured place stated with nothing asked, a
 * bare question of the materials, who may settle directly or file, which office files, the channels, the manual claim done
 * online. Phrasings of our own (none is in intents/ or the notice-facts table); each failed before this round but the
 * channels' guard.
 */
import { describe, expect, it } from 'vitest';
import { decisionOf } from '../../src/domain/understanding.js';
import { parse } from './support.js';

describe('the insured place stated, nothing asked', () => {
  it('is no topic: the place is kept as the insured place (start_filing or retirement_procedure before)', () => {
    for (const q of ['在武汉参保', '我在长沙参保', '我叫王芳，在潍坊参保', '俺的医保在寿光', '医保在武汉']) {
      const u = parse(q);
      expect(u.intent, q).toBe('out_of_scope');
      expect(decisionOf(u).kind, q).not.toBe('answer');
      expect(u.entities.insured_region, q).toBeDefined();
    }
  });

  it('leaves a question asked beside the place its topic', () => {
    for (const q of ['我在武汉参保 备案要什么材料', '我叫王芳，在潍坊参保，怎么备案']) {
      expect(parse(q).intent, q).not.toBe('out_of_scope');
    }
  });
});

describe('a bare question of the materials', () => {
  it('is the materials, not declined in a tie', () => {
    for (const q of ['要什么材料', '需要什么证件', '那得准备什么资料呢']) {
      const u = parse(q);
      expect(u.intent, q).toBe('materials');
      expect(decisionOf(u).kind, q).toBe('answer');
    }
  });

  it('leaves another thing’s papers not ours', () => {
    expect(parse('办护照要什么材料').intent).not.toBe('materials');
  });
});

describe('who may settle directly or file', () => {
  it('is eligibility, not the flow or the channels', () => {
    for (const q of ['长沙的医保 哪些人去外地住院可以直接结算', '什么样的人员可以办异地备案', '寿光参保 啥情况下能办跨省备案', '哪类人在外省看病能直接刷医保']) {
      expect(parse(q).intent, q).toBe('eligibility');
    }
  });
});

describe('where and through which channels to file', () => {
  it('which office files is filing_how, not the whole flow', () => {
    for (const q of ['潍坊医保 去省外住院 备案找哪个部门', '武汉参保 到外地看病 备案得去什么单位办理']) {
      expect(parse(q).intent, q).toBe('filing_how');
    }
  });

  it('guard: the channels asked stay filing_how (these already were; 备案走哪些路子 of the notice-facts table was eligibility)', () => {
    for (const q of ['湖南医保 异地备案有哪些渠道', '芮城的 去外地住院 备案能通过什么途径办']) {
      expect(parse(q).intent, q).toBe('filing_how');
    }
  });
});

describe('the manual claim done online', () => {
  it('is the manual claim, not filing online', () => {
    for (const q of ['武汉医保 零星报销可以在手机上办吗', '长沙参保 在外地垫付的钱 手工报销能网上申请吗']) {
      expect(parse(q).intent, q).toBe('manual_reimbursement');
    }
  });
});
