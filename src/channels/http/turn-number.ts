/**
 * A turn number as a client sends it: a JSON integer, or its digits as a string (a form field, a
 * data attribute, a query parameter), spaces around them allowed. Not `0x1`, `1e3`, `1.0` or `''`,
 * which Number() would read. One reader for GET/POST /api/answer's look-up and POST /api/feedback.
 */
export const MAX_TURN = 100_000;

export function turnNumberOf(raw: unknown): number | undefined {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d{1,6}\s*$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= MAX_TURN ? n : undefined;
}

export const TURN_NUMBER_PROBLEM = 'expected the turn number';
