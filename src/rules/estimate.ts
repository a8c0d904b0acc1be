/**
 * The reimbursement estimate: a pure function of a region's published rate table, returning every
 * number of the arithmetic (the dialogue writes it out in the words of prompts/estimate.yaml).
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
  /** The share of the in-scope amount disregarded first (省外 “合理费用下浮10%”), 0 when none. */
  expenseDiscount: number;
  /** The in-scope amount after that discount. */
  eligible: number;
  deductible: number;
  ratio: number;
  reduction: number;
  /** How the reduction applies: percentage points (90% − 15%) or relative (90% × (1 − 15%)). */
  reductionMode: RateTable['reduction_interpretation']['mode'];
  effectiveRatio: number;
  /** (eligible − deductible) × effective ratio, before the cap. */
  uncapped: number;
  /** Paid by the basic fund, after the cap. */
  fund: number;
  selfPay: number;
  cappedAt?: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
// What toLocaleString('en-US', …) formats with, made once instead of on every call — at the first
// figure, not at start-up (ICU's number data is a few ms of a cold start, more on a loaded machine).
let yuanFormat: Intl.NumberFormat | undefined;
export const yuan = (n: number) => `${(yuanFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })).format(round2(n))}元`;
export const pct = (r: number) => `${round2(r * 100)}%`;

function findClass(table: RateTable, scheme: Scheme, classId: string): RateClass | undefined {
  return table.schemes[scheme].classes.find((c) => c.id === classId);
}

/** The reduction of the payment ratio a case of the table names; an unknown id is a programming error. */
function reductionRate(table: RateTable, which: string | undefined): number {
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

  return {
    classLabel: cls.label,
    amount,
    expenseDiscount: cls.expense_discount,
    eligible,
    deductible: cls.deductible,
    ratio: cls.ratio,
    reduction,
    reductionMode: table.reduction_interpretation.mode,
    effectiveRatio: round2(effectiveRatio * 10000) / 10000,
    uncapped,
    fund: round2(fund),
    selfPay: round2(amount - fund),
    ...(uncapped > rates.basic_cap ? { cappedAt: rates.basic_cap } : {}),
  };
}
