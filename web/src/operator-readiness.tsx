/**
 * The phase-readiness report on the operator's page (GET /operator/phase/readiness; docs/risk.md,
 * "Phase readiness"): the guide's rule for the next phase, the overall verdict, and per contract
 * each threshold (a phase.* parameter, set in the Parameters panel) with its figure and PASS or
 * FAIL. Shown beside the governance phase: what the council sees before it votes on chain.
 */
import { Fragment } from 'preact';
import { Failed, type Loaded } from './operator-ui.js';
import type { PhaseReadinessReport, Verdict } from '../../src/phase-readiness/readiness.js';

export type { PhaseReadinessReport };

function figure(v: number | null): string {
  if (v === null) return 'no figure';
  return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(4);
}

function VerdictRows({ verdicts }: { verdicts: readonly Verdict[] }) {
  return (
    <>
      {verdicts.map((v) => (
        <tr key={v.param + v.check} data-param={v.param} data-pass={v.pass ? 'true' : 'false'}>
          <td class={v.pass ? 'op-pass' : 'op-fail'}>{v.pass ? 'PASS' : 'FAIL'}</td>
          <td>{v.requirement}</td>
          <td>{v.check}</td>
          <td class="num" data-testid="readiness-figure">
            {figure(v.value)}
            {v.value === null && v.why !== undefined && (
              <div class="muted op-why" data-testid="readiness-why">
                {v.why}
              </div>
            )}
          </td>
          <td class="num">
            {v.op} {figure(v.threshold)}
          </td>
          <td class="muted">{v.param}</td>
        </tr>
      ))}
    </>
  );
}

export function ReadinessPanel({ readiness }: { readiness: Loaded<PhaseReadinessReport> }) {
  const r = readiness?.ok === true ? readiness.value : undefined;
  return (
    <div class="panel op-panel" id="op-readiness" data-testid="phase-readiness">
      <h2>Phase readiness{r !== undefined && r.nextPhase !== null ? ` (phase ${r.nextPhase})` : ''}</h2>
      <Failed loaded={readiness} />
      {r !== undefined && (
        <>
          <p data-testid="phase-rule">{r.rule}</p>
          <p>
            Next phase: <b data-testid="readiness-overall" class={r.overall.ready ? 'op-pass' : 'op-fail'}>{r.overall.ready ? 'READY' : 'NOT READY'}</b>{' '}
            <span class="muted">
              ({r.overall.readyContracts} of {r.overall.contracts} contracts ready; the council votes on chain, thresholds are the phase.* parameters)
            </span>
          </p>
          <div class="table-wrap">
            <table data-testid="readiness-verdicts">
              <thead>
                <tr>
                  <th>Verdict</th>
                  <th>Requirement</th>
                  <th>Check</th>
                  <th class="num">Figure</th>
                  <th class="num">Threshold</th>
                  <th>Parameter</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th colSpan={6}>Overall</th>
                </tr>
                <VerdictRows verdicts={r.overall.verdicts} />
                {r.contracts.map((c) => (
                  <Fragment key={c.contract}>
                    <tr data-contract={c.contract}>
                      <th colSpan={6}>
                        {c.contract}: {c.ready ? 'ready' : 'not ready'}
                      </th>
                    </tr>
                    <VerdictRows verdicts={c.verdicts} />
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
