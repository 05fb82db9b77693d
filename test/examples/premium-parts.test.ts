/**
 * The lines examples/option-bot.ts and examples/synthetic-bot.ts print to explain a price
 * (examples/premium-parts.ts), on the numbers issue 77 reported: F 0.600 against an index mark of
 * 0.933, and the 0.52 call asking 0.097. The examples themselves need the local chain's phase vote;
 * these are the pure functions they print with.
 */
import { describe, expect, it } from 'vitest';
import { forwardLine, optionPremiumLines, pat, syntheticLines } from '../../examples/premium-parts.js';

describe("the examples' price explanations", () => {
  it('PAT with 4 decimals', () => {
    expect(pat(97_000)).toBe('0.0970');
    expect(pat(-44_000)).toBe('-0.0440');
  });

  it('an option: F beside the mark, and the premium as intrinsic at F plus time value', () => {
    const lines = optionPremiumLines({ kind: 'CALL', strikeMicros: 520_000, forwardMicros: 600_000, markMicros: 933_000, valueMicros: 95_400.4 }, 97_000);
    expect(lines[0]).toBe(forwardLine(600_000, 933_000, 'the CALL'));
    expect(lines[0]).toMatch(/^forward F 0\.6000 PAT \(the settlement index the broker expects at the close, what the CALL pays on\); index mark 0\.9330 PAT \(the index over the past hour; .*decay with the data's freshness until the close, so F sits below it\)$/);
    expect(lines[1]).toContain('model value 0.0954 = intrinsic at F 0.0800 (max(F − strike, 0), strike 0.5200) + time value 0.0154');
    expect(lines[1]).toContain('intrinsic at the mark would be 0.4130, but the CALL pays on the index at the close');
    expect(lines[2]).toBe("paid 0.0970, 0.0016 above the model value 0.0954 (the broker's quote around it: half-spread, inventory skew, the tick)");
  });

  it('a put out of the money at F has no intrinsic value: its premium is all time value', () => {
    const lines = optionPremiumLines({ kind: 'PUT', strikeMicros: 520_000, forwardMicros: 600_000, markMicros: 0, valueMicros: 12_000 });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('no index mark yet');
    expect(lines[1]).toBe("premium's parts: model value 0.0120 = intrinsic at F 0.0000 (max(strike − F, 0), strike 0.5200) + time value 0.0120 (what the index may still move by the close)");
  });

  it('a synthetic: the trade price against F, and what a unit makes if the index settles there', () => {
    const [f, trade] = syntheticLines(600_000, 895_000, true, 654_000);
    expect(f).toContain('forward F 0.6000 PAT');
    expect(f).toContain('index mark 0.8950 PAT');
    expect(trade).toBe("bought at 0.6540, 0.0540 above F: at the close a unit pays index − price, -0.0540 PAT if the index settles at F (the spread, widened for the index's uncertainty until the close); the mark only sets the margin each minute");
    expect(syntheticLines(600_000, 895_000, false, 590_000)[1]).toContain('sold at 0.5900, 0.0100 below F: at the close a unit pays price − index, -0.0100 PAT');
  });
});
