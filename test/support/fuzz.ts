/**
 * What the seeded fuzz tests share (test/faults/fuzz, test/channels/ws-fuzz, test/cli/fuzz-stdin):
 * one small deterministic generator, so a failing seed replays exactly, and the personal numbers
 * they plant in their inputs and then look for in every log line and record (they must come out masked).
 */

/** mulberry32: a 32-bit seeded generator, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A resident ID, a mobile and a bank card number (valid shapes, nobody's). */
export const ID_NUMBER = '370702199003071234';
export const MOBILE = '13912345678';
export const BANK_CARD = '6222021234567890123';
