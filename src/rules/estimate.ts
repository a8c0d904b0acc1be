/**
 * The reimbursement estimate: a pure function of a region's published rate table.
 * Only regions whose notice publishes rates have a table; others get no figure at all.
 */
import type { RateClass, RateTable } from '../knowledge/schema.js';
import type { Scheme } from '../domain/types.js';

export interface EstimateInput {
  table: RateTable;
  scheme: Scheme;
  classId: string;
  /** 政策范围内费用 in yuan. */
  amount: number;
  /** The id of one of the table's reductions (rates.yaml `reductions`); absent: the ratio is not reduced. */
  reduction?: string | undefined;
}

export interface Estimate {
  classLabel: string;
  amount: number;
  /** The in-scope amount after the out-of-province discount. */
  eligible: number;
  deductible: number;
  ratio: number;
  reduction: number;
  effectiveRatio: number;
  /** Paid by the basic fund, after the cap. */
  fund: number;
  selfPay: number;
  cappedAt?: number;
  /** The arithmetic with the numbers filled in. */
  formula: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
export const yuan = (n: number) => `${round2(n).toLocaleString('en-US', { maximumFractionDigits: 2 })}元`;
export const pct = (r: number) => `${round2(r * 100)}%`;

export function findClass(table: RateTable, scheme: Scheme, classId: string): RateClass | undefined {
  return table.schemes[scheme].classes.find((c) => c.id === classId);
}

/** The reduction of the payment ratio a case of the table names; an unknown id is a programming error. */
export function reductionRate(table: RateTable, which: string | undefined): number {
  if (which === undefined) return 0;
  const found = table.reductions.find((r) => r.id === which);
  if (!found) throw new RangeError(`no reduction ${which} in the rate table of ${table.region.name}`);
  return found.reduction;
}

export function estimate(input: EstimateInput): Estimate {
  const { table, scheme, amount } = input;
  const rates = table.schemes[scheme];
  const cls = findClass(table, scheme, input.classId);
  if (!cls) throw new RangeError(`no class ${input.classId} in the ${scheme} table of ${table.region.name}`);
  if (!(amount >= 0) || !Number.isFinite(amount)) throw new RangeError('amount must be a non-negative number');

  const eligible = round2(amount * (1 - cls.expense_discount));
  const reduction = reductionRate(table, input.reduction);
  const effectiveRatio = Math.max(
    0,
    table.reduction_interpretation.mode === 'percentage_points' ? cls.ratio - reduction : cls.ratio * (1 - reduction),
  );
  const overDeductible = Math.max(0, eligible - cls.deductible);
  const uncapped = round2(overDeductible * effectiveRatio);
  const fund = Math.min(uncapped, rates.basic_cap);

  const base = cls.expense_discount > 0
    ? `${yuan(amount)} × (1 − ${pct(cls.expense_discount)}) = ${yuan(eligible)}；`
    : '';
  const ratioText = reduction > 0
    ? table.reduction_interpretation.mode === 'percentage_points'
      ? `(${pct(cls.ratio)} − ${pct(reduction)})`
      : `${pct(cls.ratio)} × (1 − ${pct(reduction)})`
    : pct(cls.ratio);
  let formula = overDeductible > 0
    ? `${base}(${yuan(eligible)} − 起付线${yuan(cls.deductible)}) × ${ratioText} = ${yuan(uncapped)}`
    : `${base}${yuan(eligible)} 未超过起付线${yuan(cls.deductible)}，统筹基金不支付`;
  if (uncapped > rates.basic_cap) formula += `，超过基本医保封顶线，按${yuan(rates.basic_cap)}计`;

  return {
    classLabel: cls.label,
    amount,
    eligible,
    deductible: cls.deductible,
    ratio: cls.ratio,
    reduction,
    effectiveRatio: round2(effectiveRatio * 10000) / 10000,
    fund: round2(fund),
    selfPay: round2(amount - fund),
    ...(uncapped > rates.basic_cap ? { cappedAt: rates.basic_cap } : {}),
    formula,
  };
}
