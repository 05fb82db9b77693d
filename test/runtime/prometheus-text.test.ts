/** The Prometheus text families every /metrics writes (src/runtime/prometheus-text.ts). */
import { describe, expect, it } from 'vitest';
import { labelledMetricLines, labelValue, metricLines } from '../../src/runtime/prometheus-text.js';

describe('Prometheus text families', () => {
  it('writes HELP, TYPE and the sample', () => {
    expect(metricLines('gauge', 'patx_x', 'What x is.', 3)).toEqual(['# HELP patx_x What x is.', '# TYPE patx_x gauge', 'patx_x 3']);
    expect(metricLines('counter', 'patx_y_total', 'Ys.', '1.500')).toEqual(['# HELP patx_y_total Ys.', '# TYPE patx_y_total counter', 'patx_y_total 1.500']);
  });

  it('writes labelled samples in the order given, and a family with none as HELP and TYPE only', () => {
    expect(labelledMetricLines('counter', 'patx_r_total', 'Rs.', [['reason="B"', 2], ['reason="A"', 1]])).toEqual(['# HELP patx_r_total Rs.', '# TYPE patx_r_total counter', 'patx_r_total{reason="B"} 2', 'patx_r_total{reason="A"} 1']);
    expect(labelledMetricLines('gauge', 'patx_s', 'Ss.', [])).toEqual(['# HELP patx_s Ss.', '# TYPE patx_s gauge']);
  });

  it("escapes a label value's backslash, double quote and line feed", () => {
    expect(labelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(labelValue('AUTO_INTENT|7D|0.70-0.85')).toBe('AUTO_INTENT|7D|0.70-0.85');
  });
});
