/**
 * The process's own metrics through prom-client: CPU, resident memory, heap and its
 * spaces, GC pauses by kind, event-loop lag, handles. They describe the process, not
 * a gateway, so there is one registry per process, started on first use and appended
 * to /metrics beside PATX's counters and histograms (src/gateway/metrics.ts keeps
 * those as plain numbers on the hot path, rendered only at a scrape).
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

let registry: Registry | undefined;

export function processMetricsText(): Promise<string> {
  if (registry === undefined) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  }
  return registry.metrics();
}
