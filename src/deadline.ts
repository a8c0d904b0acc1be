/**
 * Waiting for work that may not finish in time: WeChat's passive-reply budget, the records' last
 * writes on shutdown, a writer thread's exit, the dependencies' close within the grace period.
 * The work is not cancelled — it may still finish later (a WeChat reply is then kept for a retry) —
 * only the wait ends; the timer is cleared either way, so an answered wait holds no event loop.
 */

/** The work's result, or `late` when `ms` pass first (a negative `ms` waits for nothing). */
export async function beforeDeadline<T, L = undefined>(work: Promise<T>, ms: number, late?: L): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  const over = new Promise<L>((resolve) => {
    timer = setTimeout(() => resolve(late as L), Math.max(0, ms));
  });
  try {
    return await Promise.race([work, over]);
  } finally {
    clearTimeout(timer);
  }
}
