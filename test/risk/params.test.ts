import { describe, expect, it } from 'vitest';
import { childJson, sourcePath } from '../support/child-script.js';
import { checkParam, paramChangeSchema, paramSpec, QUOTING_PARAM_SPECS, RISK_PARAM_SPECS, defaultRiskParams } from '../../src/risk/params.js';
import { DEFAULT_QUOTING_PARAMS, flattenQuotingParams, quotingParamsFrom, withQuotingParam } from '../../src/quoting/index.js';

describe('parameter registry', () => {
  it('covers every scalar quoting parameter with its default, and nothing else', () => {
    const flat = flattenQuotingParams(DEFAULT_QUOTING_PARAMS);
    expect(Object.keys(flat).sort()).toEqual(QUOTING_PARAM_SPECS.map((s) => s.name).sort());
    for (const s of QUOTING_PARAM_SPECS) expect(flat[s.name], s.name).toBe(s.defaultValue);
  });

  it('every default lies within its bounds; risk defaults are permissive', () => {
    for (const s of [...RISK_PARAM_SPECS, ...QUOTING_PARAM_SPECS]) expect(checkParam(s.name, s.defaultValue), s.name).toBeUndefined();
    const r = defaultRiskParams();
    expect(r.maxOrderQty + r.priceBandBps + r.maxPositionQty + r.throttleMessages + r.mmpQty).toBe(0);
  });

  it('the risk struct has every risk parameter, at its default', () => {
    const r = defaultRiskParams() as unknown as Record<string, number>;
    expect(Object.keys(r).map((k) => `risk.${k}`)).toEqual(RISK_PARAM_SPECS.map((s) => s.name));
    for (const s of RISK_PARAM_SPECS) expect(r[s.name.slice('risk.'.length)], s.name).toBe(s.defaultValue);
  });

  it('the engine reads its risk limits from an object V8 keeps in fast mode (not a dictionary), before and after an operator sets them', () => {
    // %HasFastProperties needs --allow-natives-syntax, so this runs in a child node.
    const engineIndex = sourcePath('src/engine/index.ts');
    const script = `import { CommandKind, EmbeddedEngine, SYSTEM_ACTOR } from ${JSON.stringify(engineIndex)};
const e = new EmbeddedEngine({}, 0);
const before = %HasFastProperties(e.engine.risk);
for (const [name, value] of [['risk.maxOrderQty', 1e12], ['risk.priceBandBps', 500], ['risk.throttleMessages', 7]]) e.submit({ kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name, value });
console.log(JSON.stringify({ before, after: %HasFastProperties(e.engine.risk), maxOrderQty: e.engine.risk.maxOrderQty }));`;
    expect(childJson(script, ['--allow-natives-syntax'])).toEqual({ before: true, after: true, maxOrderQty: 1e12 });
  });

  it('knows per-segment names and refuses malformed ones', () => {
    expect(paramSpec('quoting.baseValueMicros:AUTO_INTENT')?.integer).toBe(true);
    expect(paramSpec('quoting.baseValueMicros:auto')).toBeUndefined();
    expect(paramSpec('quoting.gamma:AUTO')).toBeUndefined();
    expect(paramSpec('x'.repeat(200))).toBeUndefined();
    expect(checkParam('quoting.quality:AUTO_INTENT', 1.2)).toBe('OUT_OF_RANGE');
    expect(checkParam('risk.marginBps', 9_999)).toBe('OUT_OF_RANGE');
    expect(checkParam('risk.marginBps', Infinity)).toBe('OUT_OF_RANGE');
  });

  it('the zod schema explains what is wrong', () => {
    const r = paramChangeSchema.safeParse({ name: 'risk.maxOrderQty', value: 2.5 });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/integer/);
    expect(paramChangeSchema.safeParse({ name: 'quoting.levels', value: 4 }).success).toBe(true);
    expect(paramChangeSchema.safeParse({ name: 'quoting.levels', value: 4, extra: 1 }).success).toBe(false);
  });

  it('flat names map onto the typed quoting parameters', () => {
    const p = quotingParamsFrom(DEFAULT_QUOTING_PARAMS, [['quoting.gamma', 3], ['quoting.quality:HOME_INTENT', 0.4], ['risk.mmpQty', 9]]);
    expect(p.gamma).toBe(3);
    expect(p.quality).toEqual({ HOME_INTENT: 0.4 });
    expect(withQuotingParam(p, 'quoting.nope', 1)).toBe(p);
    expect(DEFAULT_QUOTING_PARAMS.quality).toEqual({}); // never mutated
  });
});
