/**
 * Families in Prometheus' text exposition format: a `# HELP` line, a `# TYPE` line, then the
 * samples. Every /metrics writes its own families at a scrape from plain numbers its component
 * keeps on the hot path (prom-client's registry is kept for the process's own metrics,
 * process-metrics.ts); these build the lines so each family is written one way everywhere.
 */
export type MetricType = 'counter' | 'gauge';

/** A sample's labels as written between the braces, already escaped: `reason="NO_ASK"`. */
export type LabelledSample = readonly [labels: string, value: number | string];

/** A family of one sample without labels. */
export function metricLines(type: MetricType, name: string, help: string, value: number | string): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`];
}

/** A family whose samples carry labels, in the order given (none: the family's HELP and TYPE only). */
export function labelledMetricLines(type: MetricType, name: string, help: string, samples: Iterable<LabelledSample>): string[] {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [labels, value] of samples) lines.push(`${name}{${labels}} ${value}`);
  return lines;
}

/** A label's value escaped as the format asks (backslash, double quote, line feed): for values a user named. */
export function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
