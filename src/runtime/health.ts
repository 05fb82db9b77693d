/**
 * What the service says about itself: each component reports a state, and two
 * probes read them the way orchestrators do (Kubernetes liveness/readiness).
 *
 * - Liveness (/healthz): can this process still do its one job, journaling and
 *   matching? 503 only when the sequencer or journal failed: a restart is the cure.
 * - Readiness (/readyz): is every part doing its job? 503 when any component is
 *   degraded or failed (the settler stopped, settlement could not start, market data
 *   resetting, the quoter stopped, the disk under the data dir low): traffic should go
 *   elsewhere and someone should look. Also 503 while a component is 'starting': the
 *   intake's workers, which check every login's signature, until each is booted and warm.
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
export const COMPONENTS = ['sequencer', 'journal', 'disk', 'gateway', 'intake', 'marketData', 'quoter', 'chainWatcher', 'settler'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

/** The components whose failure means the process itself should be restarted. */
const LIVENESS_COMPONENTS: readonly ComponentName[] = ['sequencer', 'journal'];

export interface HealthReport {
  status: 'ok' | 'degraded' | 'failed';
  components: Record<string, ComponentHealth>;
}

/** A URL in a detail: its scheme, then everything up to a space, a quote, a bracket or a comma-space. */
const URL_IN_TEXT = /\b([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^\s"'`<>()[\]{}]+)/g;

/**
 * A probe's words as a stranger may read them. The probes answer /healthz and /readyz, which
 * are public (orchestrators and load balancers call them without a credential), and a detail
 * quotes errors as they came: an ethers error names the whole JSON-RPC URL, and providers put
 * the API key in its path (`https://eth-mainnet.g.alchemy.com/v2/<key>`) or its query, or a
 * user and password before the host. So every URL keeps its scheme and host (which endpoint
 * failed is worth seeing) and loses the rest; the log and the alarm board (operator only) keep
 * the whole error.
 */
export function publicDetail(detail: string): string {
  return detail.replace(URL_IN_TEXT, (_url, scheme: string, rest: string) => {
    const authority = rest.split(/[/?#]/, 1)[0]!;
    const host = authority.slice(authority.lastIndexOf('@') + 1);
    return `${scheme}://${host}${rest.length > authority.length || host.length < authority.length ? '/…' : ''}`;
  });
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
    if (health.detail !== undefined) health = { ...health, detail: publicDetail(health.detail) };
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

/**
 * Alarms: conditions an operator must look at, beyond a component's state. Each has a
 * name, a default severity and a meaning; src/operator/alarm-board.ts keeps them (GET
 * /operator/alarms, the operator page, /metrics). Settlement and the service raise and
 * clear them through an AlarmSink, so they need not know the board (it sits above them).
 */
export type AlarmSeverity = 'critical' | 'warning';

export const ALARMS = {
  'settlement-stopped': { severity: 'critical', doc: 'the batch settler stopped on an error retrying cannot cure (a revert, inconsistent state); trading goes on, nothing settles until an operator acts and restarts' },
  'settlement-unavailable': { severity: 'critical', doc: 'settlement did not start (chain unreachable or misconfigured); trading goes on, deposits and batches wait for a restart' },
  'embedded-chain-exited': { severity: 'critical', doc: 'the embedded chain (anvil) exited while the exchange runs: deposits are not credited and withdrawals wait; a restart of the exchange starts it again from its saved state' },
  'settlement-waiting': { severity: 'warning', doc: 'the settler is retrying (gas, nonce, network, a paused vault); cleared by its next good turn' },
  'settlement-lag': { severity: 'warning', doc: 'fills have waited for a batch much longer than the batch interval' },
  'chain-unreachable': { severity: 'warning', doc: 'the chain watcher\'s polls fail: deposits and the governance phase are not read; cleared when a poll succeeds' },
  'reconciliation-mismatch': { severity: 'critical', doc: 'on-chain balances or rights differ from the ledger; cleared by a clean reconciliation' },
  'vault-surplus': { severity: 'warning', doc: "the vault holds PAT no balance accounts for: sent to it with a plain ERC-20 transfer, not deposit, so credited to nobody (its sender is in the token's Transfer log); the vault has no way to return it; cleared when reconciliation finds none" },
  'unmatched-deposit': { severity: 'warning', doc: "a deposit from an address no account has; kept, credited (and cleared) once an account has it; or one alarm (subject 'aggregated deposits') for those aggregated past the bound, which the operator credits by ref" },
  'deposit-refused': { severity: 'warning', doc: 'the engine refused to credit a deposit; kept as unmatched, cleared once credited' },
  'unpayable-withdrawal': { severity: 'warning', doc: 'a withdrawal of an account with no on-chain address is held out of a batch' },
  'series-halted': { severity: 'warning', doc: 'a series is halted: no order is accepted there; cleared when it trades again or expires' },
  'kill-switch': { severity: 'critical', doc: 'a kill switch is engaged (global: critical; a series or an account: warning); cleared when released' },
  'mmp-tripped': { severity: 'warning', doc: 'market-maker protection pulled the broker\'s quotes in a series; cleared when the freeze ends or an operator resets it' },
  'quoter-stalled': { severity: 'warning', doc: 'the quoter has neither sent nor confirmed a quote for a while although series trade' },
  'journal-backlog': { severity: 'warning', doc: 'commands queue before the journal faster than it commits them' },
  'wash-suspected': { severity: 'warning', doc: "a consumer related on-chain to a provider (PAT moved between their wallets) receipted or rated its data: those do not count toward the listing's trust (GET /operator/wash-flags); stays: an operator must look" },
  'replication-tail-set-aside': { severity: 'critical', doc: "a deposed leader under 'local' acks set aside the commands it had acknowledged and never replicated (the group's state does not hold them) and followed the new leader; kept in a file under its data dir; stays until an operator clears it (POST /operator/alarms/clear)" },
  'replication-redundancy-lost': { severity: 'warning', doc: "one of the group's streams (the journal's, the catalog's, the lease bucket's) keeps fewer current copies than configured: a nats-server gone or behind; writes go on while a majority is current, one more loss stops them (critical when fewer than a majority are current: nothing is acknowledged); cleared when every copy is current again" },
  'component-degraded': { severity: 'warning', doc: 'a component reports degraded (warning) or failed (critical), as /readyz shows; cleared when it is ok' },
} as const satisfies Record<string, { severity: AlarmSeverity; doc: string }>;

export type AlarmName = keyof typeof ALARMS;

/** What a raise says: about what (a series, a deposit ref; '' = the exchange), in words, and figures. */
export interface AlarmInput {
  subject?: string;
  /** Overrides the name's default severity (a global kill switch is critical, an account's a warning). */
  severity?: AlarmSeverity;
  summary: string;
  details?: Record<string, unknown>;
}

/** Where code that sees a condition reports it: `raise` counts an occurrence, `clear` ends it. */
export interface AlarmSink {
  raise(name: AlarmName, alarm: AlarmInput): void;
  clear(name: AlarmName, subject?: string): void;
}

/** For code run without a board (tools, tests): alarms only in the log lines beside the calls. */
export const NO_ALARMS: AlarmSink = { raise: () => undefined, clear: () => undefined };
