import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { estimate } from '../../src/rules/estimate.js';

const table = loadKnowledge().facts.rates.find((t) => t.region.code === '140830')!;

describe('reimbursement estimate from the Ruicheng rate table (hand-computed)', () => {
  it.each([
    ['employee', 'class3', 10000, 8820],
    ['employee', 'class2', 10000, 8160],
    ['employee', 'class1', 10000, 7520],
    // 省外: 合理费用下浮10% first: 10000 × 0.9 = 9000; (9000 − 600) × 80%
    ['employee', 'out_of_province', 10000, 6720],
    ['resident', 'class3', 10000, 8415],
    ['resident', 'class2', 10000, 7200],
    ['resident', 'city_public', 10000, 6650],
    ['resident', 'class1_provincial_city', 10000, 5400],
    ['resident', 'out_of_province', 10000, 4675],
  ] as const)('%s %s, %i yuan → fund pays %i', (scheme, classId, amount, fund) => {
    const e = estimate({ table, scheme, classId, amount });
    expect(e.fund).toBe(fund);
    expect(e.selfPay).toBe(amount - fund);
  });

  it('gives every number of the arithmetic: 省外 discounts the amount before the deductible', () => {
    const e = estimate({ table, scheme: 'employee', classId: 'out_of_province', amount: 10000 });
    expect(e).toMatchObject({ expenseDiscount: 0.1, eligible: 9000, deductible: 600, ratio: 0.8, uncapped: 6720, fund: 6720 });
  });

  it('caps the basic fund at the scheme cap (employee 8万)', () => {
    const e = estimate({ table, scheme: 'employee', classId: 'class3', amount: 100000 });
    expect(e.fund).toBe(80000);
    expect(e.cappedAt).toBe(80000);
    expect(e.uncapped).toBe(89820); // (100000 − 200) × 90%
  });

  it('caps the resident fund at 7万', () => {
    const e = estimate({ table, scheme: 'resident', classId: 'class3', amount: 200000 });
    expect(e.fund).toBe(70000);
  });

  it('reads “降低15%” as 15 percentage points (90% → 75%)', () => {
    expect(table.reduction_interpretation.mode).toBe('percentage_points');
    const e = estimate({ table, scheme: 'employee', classId: 'class3', amount: 10000, reduction: 'no_referral_within_city' });
    expect(e.effectiveRatio).toBe(0.75);
    expect(e.fund).toBe(7350);
    expect(e.reductionMode).toBe('percentage_points');
  });

  it('applies the 20% reduction outside the city', () => {
    const e = estimate({ table, scheme: 'resident', classId: 'out_of_province', amount: 10000, reduction: 'no_referral_outside_city' });
    // (10000 − 1500) × (55% − 20%)
    expect(e.fund).toBe(2975);
  });

  it('pays nothing below the deductible', () => {
    const e = estimate({ table, scheme: 'employee', classId: 'class1', amount: 500 });
    expect(e.fund).toBe(0);
    expect(e.uncapped).toBe(0);
  });

  it('refuses a class the table does not have and a negative amount', () => {
    expect(() => estimate({ table, scheme: 'employee', classId: 'city_public', amount: 1000 })).toThrow(RangeError);
    expect(() => estimate({ table, scheme: 'employee', classId: 'class3', amount: -1 })).toThrow(RangeError);
  });

  it('refuses a reduction the table does not have', () => {
    expect(() => estimate({ table, scheme: 'employee', classId: 'class3', amount: 10000, reduction: 'no_such_case' })).toThrow(RangeError);
  });

  it('computes with the reduction of the record, so correcting rates.yaml changes the result', () => {
    const corrected = { ...table, reductions: table.reductions.map((r) => (r.id === 'no_referral_within_city' ? { ...r, reduction: 0.1 } : r)) };
    const e = estimate({ table: corrected, scheme: 'employee', classId: 'class3', amount: 10000, reduction: 'no_referral_within_city' });
    expect(e.effectiveRatio).toBe(0.8);
    expect(e.fund).toBe(7840);
  });
});
