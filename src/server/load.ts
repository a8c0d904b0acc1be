/**
 * Event-loop lag as a measure of overload. When the loop lags, every timer fires late — WeChat's
 * 4.5 s fallback included — so the WeChat channel sheds new messages at once while it does.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoadMonitor {
  /** True while the loop's delay (p99 over the last window) is above the threshold. */
  overloaded(): boolean;
  stop(): void;
}

export function createLoadMonitor(thresholdMs = 1000, windowMs = 500): LoadMonitor {
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  let lagging = false;
  const timer = setInterval(() => {
    lagging = histogram.percentile(99) / 1e6 > thresholdMs;
    histogram.reset();
  }, windowMs);
  timer.unref();
  return {
    overloaded: () => lagging,
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
