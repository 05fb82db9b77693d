/**
 * What the service says about itself: each component reports a state, and two
 * probes read them the way orchestrators do (Kubernetes liveness/readiness).
 *
 * - Liveness (/healthz): can this process still do its one job, journaling and
 *   matching? 503 only when the sequencer or journal failed: a restart is the cure.
 * - Readiness (/readyz): is every part doing its job? 503 when any component is
 *   degraded or failed (the settler stopped, settlement could not start, market data
 *   resetting, the quoter stopped): traffic should go elsewhere and someone should look.
 *   'disabled' (turned off by configuration) does not count against readiness.
 */

export type ComponentState = 'starting' | 'ok' | 'degraded' | 'failed' | 'disabled';

export interface ComponentHealth {
  state: ComponentState;
  /** Why, in words, when not ok; figures worth seeing when ok. */
  detail?: string;
}

/** Reads one component's state at the moment of the request. */
export type HealthProbe = () => ComponentHealth;

/** The components, in the order they are reported. */
export const COMPONENTS = ['sequencer', 'journal', 'gateway', 'marketData', 'quoter', 'chainWatcher', 'settler'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

/** The components whose failure means the process itself should be restarted. */
const LIVENESS_COMPONENTS: readonly ComponentName[] = ['sequencer', 'journal'];

export interface HealthReport {
  status: 'ok' | 'degraded' | 'failed';
  components: Record<string, ComponentHealth>;
}

function reportOf(probes: Partial<Record<ComponentName, HealthProbe>>, names: readonly ComponentName[], counted: readonly ComponentName[]): HealthReport {
  const components: Record<string, ComponentHealth> = {};
  let status: HealthReport['status'] = 'ok';
  for (const name of names) {
    const probe = probes[name];
    let health: ComponentHealth;
    try {
      health = probe === undefined ? { state: 'disabled' } : probe();
    } catch (error) {
      health = { state: 'failed', detail: `its probe failed: ${(error as Error).message}` };
    }
    components[name] = health;
    if (!counted.includes(name)) continue;
    if (health.state === 'failed') status = 'failed';
    else if ((health.state === 'degraded' || health.state === 'starting') && status === 'ok') status = 'degraded';
  }
  return { status, components };
}

/** Liveness: every component shown, only the sequencer and journal decide. */
export function livenessReport(probes: Partial<Record<ComponentName, HealthProbe>>): HealthReport {
  return reportOf(probes, COMPONENTS, LIVENESS_COMPONENTS);
}

/** Readiness: every component shown and counted. */
export function readinessReport(probes: Partial<Record<ComponentName, HealthProbe>>): HealthReport {
  return reportOf(probes, COMPONENTS, COMPONENTS);
}

/** The HTTP status a probe answers with. */
export function probeStatus(report: HealthReport): number {
  return report.status === 'ok' ? 200 : 503;
}
