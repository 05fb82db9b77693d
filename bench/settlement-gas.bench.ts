/**
 * Gas of on-chain settlement: one batch for 10, 100 and 1,000 fills among 50
 * participants, against one ERC-20 transfer per fill, measured in the same run
 * on a local hardhat node (EVM gas; zkSync Era prices differently, see docs/settlement.md).
 *
 *   npx tsx bench/settlement-gas.bench.ts [--series 3] [--seed 7]
 *
 * Participants: the broker, 10 providers and 39 consumers. Fills follow the
 * phase-1 rule (the broker is on one side of every trade): 30% of fills are the
 * broker buying from a random provider, 70% a random consumer buying from the
 * broker, in a random series, at a random price. The fills go through the real
 * Netting (as FILL events) and are sent as real batches by the settler's encoding.
 */
import { NO_GRANTS_ROOT } from '../src/grants/index.js';
import { parseArgs } from 'node:util';
import { Wallet, type Contract } from 'ethers';
import { EventType, type EngineEvent } from '../src/engine/index.js';
import {
  batchTuple,
  contractAt,
  deployContracts,
  HARDHAT_KEYS,
  Netting,
  startLocalChain,
  connectChain,
  type SettlementBatch,
} from '../src/settlement/index.js';
import { prng } from './workload.js';
import { reportFigure } from './support/figures.js';

const { values } = parseArgs({ options: { series: { type: 'string', default: '3' }, seed: { type: 'string', default: '7' } } });
const SERIES = Number(values.series);
const random = prng(Number(values.seed));
const PARTICIPANTS = 50;
const PROVIDERS = 10;
const PAT = 10n ** 18n;

const pick = (n: number): number => Math.floor(random() * n);

async function main(): Promise<void> {
  const chain = await startLocalChain();
  const provider = await connectChain(chain.rpcUrl, chain.chainId, 20);
  try {
    const admin = new Wallet(HARDHAT_KEYS[0]!, provider);
    const d = await deployContracts(admin, { council: [admin.address], threshold: 1, settler: admin.address, feeRecipient: admin.address });
    const vault = contractAt('PATXVault', d.vault, admin);
    const token = contractAt('PATToken', d.token, admin);
    // Account 1 = broker, 2..11 providers, 12..50 consumers; each funded and deposited.
    const wallets = Array.from({ length: PARTICIPANTS }, () => Wallet.createRandom().connect(provider));
    const addressOf = (accountId: number): string => wallets[accountId - 1]!.address.toLowerCase();
    let nonce = await provider.getTransactionCount(admin.address);
    for (const w of wallets) {
      await provider.send('hardhat_setBalance', [w.address, '0x' + (10n ** 20n).toString(16)]);
      await (await token.getFunction('transfer')(w.address, 1_000_010n * PAT, { nonce: nonce++ })).wait(); // 10 PAT stay in the wallet for the transfer baseline
      await (await (token.connect(w) as Contract).getFunction('approve')(d.vault, 1_000_000n * PAT)).wait();
      await (await (vault.connect(w) as Contract).getFunction('deposit')(1_000_000n * PAT)).wait();
    }
    let batchId = 1;
    let throughSeq = 0;
    const send = async (b: SettlementBatch): Promise<bigint> => {
      const tx = await vault.getFunction('settleBatch')(batchTuple(b), { nonce: nonce++, gasLimit: 16_000_000n });
      const receipt = await tx.wait();
      if (receipt?.status !== 1) throw new Error(`batch ${b.batchId} failed`);
      return receipt.gasUsed as bigint;
    };
    // Setup batch: register the series; every account starts with rights in every series.
    const setup: SettlementBatch = {
      batchId: batchId++,
      throughSeq: ++throughSeq,
      balances: [],
      feeWei: 0n,
      withdrawals: [],
      listings: Array.from({ length: SERIES }, (_, i) => ({ seriesId: i + 1, kind: 1, contractKey: `BENCH|7D|0.70-0.85#${i + 1}` })),
      rights: Array.from({ length: SERIES * PARTICIPANTS }, (_, i) => ({ seriesId: (i % SERIES) + 1, holder: addressOf(Math.floor(i / SERIES) + 1), delta: 1_000_000n })),
      grantsRoot: NO_GRANTS_ROOT,
      grantCount: 0,
    };
    await send(setup);

    // Baseline: one ERC-20 transfer between two funded holders (the per-fill cost of settling each fill on its own).
    const a = wallets[PARTICIPANTS - 1]!;
    const transfer = await (await (token.connect(a) as Contract).getFunction('transfer')(wallets[PARTICIPANTS - 2]!.address, PAT)).wait();
    const transferGas = transfer!.gasUsed as bigint;

    console.log(`participants ${PARTICIPANTS} (broker, ${PROVIDERS} providers, ${PARTICIPANTS - 1 - PROVIDERS} consumers), series ${SERIES}, seed ${values.seed}`);
    console.log(`one ERC-20 transfer: ${transferGas} gas`);
    reportFigure('one ERC-20 transfer', 'gas', [Number(transferGas)], 'lower', 'exact');
    console.log('| fills | balance changes | rights changes | gas per batch | gas per fill | per fill / transfer |');
    console.log('|---:|---:|---:|---:|---:|---:|');
    for (const fills of [10, 100, 1000]) {
      const netting = new Netting(throughSeq, (id) => id >= 2 && id <= PROVIDERS + 1);
      const events: EngineEvent[] = [];
      for (let i = 0; i < fills; i++) events.push(randomFill(++throughSeq, i + 1));
      netting.add(events, throughSeq);
      const { cut } = netting.cut(batchId++, addressOf);
      const gas = await send(cut.batch);
      const perFill = Number(gas) / fills;
      console.log(`| ${fills} | ${cut.batch.balances.length} | ${cut.batch.rights.length} | ${gas} | ${perFill.toFixed(0)} | 1/${(Number(transferGas) / perFill).toFixed(1)} |`);
      reportFigure(`gas per fill, ${fills} fills a batch`, 'gas', [perFill], 'lower', 'exact');
      reportFigure(`one transfer ÷ gas per fill, ${fills} fills a batch`, '×', [Number(transferGas) / perFill], 'higher', 'exact');
    }
  } finally {
    provider.destroy();
    await chain.stop();
  }
}

/** A phase-1 fill: the broker (account 1) buys from a provider, or a consumer buys from the broker. */
function randomFill(seq: number, tradeId: number): EngineEvent {
  const brokerBuys = random() < 0.3;
  const other = brokerBuys ? 2 + pick(PROVIDERS) : 2 + PROVIDERS + pick(PARTICIPANTS - 1 - PROVIDERS);
  const buyer = brokerBuys ? 1 : other;
  const seller = brokerBuys ? other : 1;
  return {
    type: EventType.FILL,
    seq,
    seriesId: 1 + pick(SERIES),
    tradeId,
    priceMicros: (500 + pick(2000)) * 1000,
    qty: 1 + pick(5),
    takerSide: 1,
    makerOrderId: 0,
    makerAccountId: seller,
    makerClientOrderId: 0,
    makerOrderQty: 0,
    makerCumQty: 0,
    makerLeavesQty: 0,
    takerOrderId: 0,
    takerAccountId: buyer,
    takerClientOrderId: 0,
    takerOrderQty: 0,
    takerCumQty: 0,
    takerLeavesQty: 0,
  };
}

await main();
