/**
 * A settling exchange in its own process, for the settlement crash tests:
 *   node --import tsx settlement-child.ts <dataDir> <rpcUrl> <deploymentJson> <consumerAddr> <providerAddr> <brokerAddr> <phase>
 * phase 'trade': open the accounts and series, wait for the deposits, request a
 *   withdrawal, trade twice (the second fill cuts a batch), then wait for it to settle.
 *   PATX_SETTLER_CRASH_AT makes the settler SIGKILL the process at that point.
 * phase 'resume': recover, resume settlement, wait until nothing is left to settle.
 * Either way it ends by printing one JSON line {settled, reconciliation} and exiting 0.
 */
import { createLogger } from '../../src/runtime/log.js';
import { CommandKind, Side, TimeInForce } from '../../src/engine/index.js';
import { settlementConfigSchema, startSettlement, type Deployment } from '../../src/settlement/index.js';
import { limitOrder, openCast, openExchange, PAT_MICROS, PAT_WEI, until } from './exchange-fixture.js';

async function main(): Promise<void> {
  const [dataDir, rpcUrl, deploymentJson, consumerAddr, providerAddr, brokerAddr, phase] = process.argv.slice(2) as [string, string, string, string, string, string, string];
  const d = JSON.parse(deploymentJson) as Deployment;
  const logger = createLogger(process.env.PATX_TEST_LOG ?? 'silent');
  const x = await openExchange(dataDir);
  const config = settlementConfigSchema.parse({
    rpcUrl,
    contracts: { token: d.token, governance: d.governance, registry: d.registry, vault: d.vault, deployBlock: d.deployBlock },
    confirmations: 2,
    pollIntervalMs: 20,
    batchIntervalMs: phase === 'trade' ? 600_000 : 50,
    batchMaxFills: 2,
    retryBaseMs: 20,
    retryMaxMs: 200,
    brokerAddress: brokerAddr,
  });
  if (phase === 'trade') {
    const cast = await openCast(x, consumerAddr, providerAddr);
    const settlement = await startSettlement({ config, dataDir, engine: x.engine, sequencer: x.sequencer, journal: x.journal, logger });
    await until(() => x.engine.accounts[cast.consumer]!.availableMicros > 0 && x.engine.accounts[cast.broker]!.availableMicros > 0, 'deposits credited', 60_000);
    const { broker, consumer, provider, seriesId } = cast;
    await x.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: consumer, amountWei: 10n * PAT_WEI });
    await x.submit({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: 100 });
    await x.submit({ kind: CommandKind.MINT, actor: provider, seriesId, qty: 10 });
    await x.submit(limitOrder(provider, seriesId, Side.SELL, 2 * PAT_MICROS, 5));
    await x.submit(limitOrder(broker, seriesId, Side.BUY, 2 * PAT_MICROS, 5, TimeInForce.IOC)); // fill 1
    await x.submit(limitOrder(broker, seriesId, Side.SELL, 3 * PAT_MICROS, 3));
    await x.submit(limitOrder(consumer, seriesId, Side.BUY, 3 * PAT_MICROS, 3)); // fill 2: cuts the batch
    await finish(x, settlement);
  } else {
    const settlement = await startSettlement({ config, dataDir, engine: x.engine, sequencer: x.sequencer, journal: x.journal, logger });
    await finish(x, settlement);
  }
}

async function finish(x: Awaited<ReturnType<typeof openExchange>>, settlement: Awaited<ReturnType<typeof startSettlement>>): Promise<void> {
  await until(
    () => settlement.settler.pending.isEmpty && settlement.status().lastBatch?.state === 'recorded' && x.engine.withdrawals.size === 0,
    'everything settled',
    60_000,
  );
  const reconciliation = await settlement.reconcile();
  console.log(JSON.stringify({ settled: x.engine.settledBatchId, throughSeq: x.engine.settledThroughSeq, reconciliation }));
  await settlement.stop();
  await x.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
