/**
 * The provider server's delivery reports as it sends them: kept in LMDB under `<dir>/reports`
 * (beside the gate's metering) until the exchange answers, each POSTed to /v1/deliveries signed
 * by the provider's key (report-queue.ts queues and retries them). Without an exchange URL
 * nothing is reported.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Wallet } from 'ethers';
import { openStore } from '../runtime/lmdb-file.js';
import { signedRequest } from '../client/signed-http.js';
import type { ProviderServerOptions } from './options.js';
import { isDelivery, ReportQueue, type DeliveryReport, type SendOutcome } from './report-queue.js';

export interface DeliveryReports {
  readonly queue: ReportQueue;
  /** Queues a report for the exchange (none without an exchange URL). */
  report(r: DeliveryReport): void;
  /** Stops sending (what waits stays on disk for the next run) and closes the store. */
  close(): Promise<void>;
}

/** (grant, refusal) pairs remembered as reported; past it the oldest are forgotten (one may then be reported again: the exchange keeps it once). */
const MAX_REPORTED_REFUSALS = 100_000;

export function openDeliveryReports(o: Pick<ProviderServerOptions, 'dir' | 'exchangeUrl' | 'domain' | 'log'>, wallet: Wallet, maxQueued: number): DeliveryReports {
  const url = o.exchangeUrl;
  // Kept beside the gate's metering until the exchange answers: a report is a delivery's evidence.
  const reportsDir = join(o.dir, 'reports');
  mkdirSync(reportsDir, { recursive: true });
  const reportsEnv = openStore({ path: reportsDir });
  const queue = new ReportQueue(
    async (r): Promise<SendOutcome> => {
      if (url === undefined) return 'answered';
      const answer = await signedRequest(url, wallet, 'POST', '/v1/deliveries', r, { chainId: Number(o.domain.chainId) });
      // The exchange away, overloaded or starting: the evidence is sent again later, not lost.
      if (answer.status >= 500 || answer.status === 429) return 'retry';
      if (answer.status !== 200) o.log.warn({ grantId: r.grantId, status: answer.status, body: answer.body }, 'the exchange refused a delivery report');
      return 'answered';
    },
    maxQueued,
    o.log,
    reportsEnv.openDB<DeliveryReport, number>({ name: 'reports' }),
  );
  // The exchange records a refusal once per grant and reason (docs/delivery.md): a consumer's request sent again and
  // again (REPLAYED, EXHAUSTED) is reported the first time only, so it neither fills the queue nor costs the exchange.
  const refusalsReported = new Set<string>();
  return {
    queue,
    report: (r) => {
      if (url === undefined) return;
      // A statement of no records (a usage grant's request past the window's last record) delivered nothing: the exchange
      // refuses it as evidence (docs/delivery.md, "Evidence, claims and disputes"), so it is not sent to be refused.
      if (r.delivery?.records === 0) return;
      if (isDelivery(r)) return void queue.add(r);
      const key = `${r.grantId}:${r.outcome}`;
      if (refusalsReported.has(key) || !queue.add(r)) return;
      refusalsReported.add(key);
      if (refusalsReported.size > MAX_REPORTED_REFUSALS) refusalsReported.delete(refusalsReported.values().next().value!);
    },
    close: async () => {
      await queue.close();
      await reportsEnv.close();
    },
  };
}
