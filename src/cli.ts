/**
 * `npx patx <command>` (or `npm run patx -- <command>`): offline tools over a data directory.
 *
 *   verify  [--data DIR]                  check every journal record, then prove that
 *                                         snapshot + tail and a full replay give the same state hash
 *   journal [--data DIR] [--from SEQ] [--limit N]
 *                                         print journaled commands from SEQ as JSON lines (the audit trail)
 *   hash    [--data DIR]                  print the recovered state hash
 *   reconcile [--data DIR] [--rpc URL]    compare on-chain vault balances and rights with the ledger
 *                                         (exit 1 on a mismatch)
 *   payouts --account ID [--data DIR] [--from BATCH] [--limit N]
 *                                         a provider's payout statement, batch by batch, as JSON lines
 *
 * Operator commands talk HTTP to the running service (PATX_OPERATOR_URL, default
 * http://127.0.0.1:8480/operator, bearer PATX_OPERATOR_TOKEN or the token in ./data/operator-token);
 * see src/operator/cli-client.ts:
 *   params get [NAME] | params set NAME VALUE | series | halt ID | resume ID
 *   kill global|account ID|series ID | release … | kill status | mmp reset ID | audit
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Journal, recover } from './engine/index.js';
import { loadConfig } from './config.js';
import { jsonSafe, payoutStatement, reconcileDataDir } from './settlement/index.js';

import { OPERATOR_CLI_USAGE, runOperatorCli } from './operator/index.js';

const USAGE = `usage: patx verify|journal|hash|reconcile|payouts [--data DIR] [--from SEQ] [--limit N] [--rpc URL] [--account ID]\n${OPERATOR_CLI_USAGE}`;
const OPERATOR_COMMANDS = new Set(['params', 'series', 'halt', 'resume', 'kill', 'release', 'mmp', 'audit']);
const DEFAULT_OPERATOR_URL = 'http://127.0.0.1:8480/operator';

/** The token `npm start` generated under the data directory, when PATX_OPERATOR_TOKEN is not set. */
function savedOperatorToken(): string | undefined {
  const file = path.join(process.env.PATX_DATA_DIR ?? './data', 'operator-token');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function verify(dataDir: string): number {
  const journal = Journal.open(dataDir, { durability: 'commit', readOnly: true });
  try {
    const stats = journal.verify();
    console.log(toJson({ check: 'journal', ok: true, ...stats }));
    const full = recover(journal, {}, true);
    const fromSnapshot = recover(journal);
    const ok = full.stateHash === fromSnapshot.stateHash;
    console.log(toJson({ check: 'replay', ok, seq: full.engine.lastSeq, fullReplayHash: full.stateHash, snapshotSeq: fromSnapshot.snapshotSeq, snapshotPlusTailHash: fromSnapshot.stateHash }));
    return ok ? 0 : 1;
  } finally {
    void journal.close();
  }
}

function printJournal(dataDir: string, fromSeq: number, limit: number): number {
  const journal = Journal.open(dataDir, { durability: 'commit', readOnly: true });
  try {
    let printed = 0;
    for (const batch of journal.read(fromSeq)) {
      for (let i = 0; i < batch.commands.length && printed < limit; i++) {
        const seq = batch.firstSeq + i;
        if (seq < fromSeq) continue;
        console.log(toJson({ seq, timeMs: batch.timeMs, command: batch.commands[i] }));
        printed++;
      }
      if (printed >= limit) break;
    }
    return 0;
  } finally {
    void journal.close();
  }
}

async function reconcileCommand(dataDir: string, rpcUrl: string | undefined): Promise<number> {
  const report = await reconcileDataDir({ dataDir, config: loadConfig(process.env, { dataDir }).settlement, rpcUrl });
  console.log(JSON.stringify(jsonSafe(report)));
  return report.ok ? 0 : 1;
}

async function payoutsCommand(dataDir: string, account: string | undefined, from: string, limit: string): Promise<number> {
  const accountId = Number(account);
  if (!Number.isSafeInteger(accountId) || accountId <= 0) {
    console.error('payouts needs --account ID (a provider account id)');
    return 2;
  }
  const entries = await payoutStatement({ dataDir, config: loadConfig(process.env, { dataDir }).settlement, accountId, fromBatchId: Number(from), limit: Number(limit) });
  for (const e of entries) console.log(JSON.stringify(jsonSafe(e)));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string', default: process.env.PATX_DATA_DIR ?? './data' },
      from: { type: 'string', default: '1' },
      limit: { type: 'string', default: '1000' },
      rpc: { type: 'string' },
      account: { type: 'string' },
    },
  });
  const dataDir = values.data;
  try {
    switch (positionals[0]) {
      case 'verify':
        return verify(dataDir);
      case 'journal':
        return printJournal(dataDir, Number(values.from), Number(values.limit));
      case 'hash': {
        const journal = Journal.open(dataDir, { durability: 'commit', readOnly: true });
        try {
          const r = recover(journal);
          console.log(toJson({ seq: r.engine.lastSeq, stateHash: r.stateHash }));
          return 0;
        } finally {
          void journal.close();
        }
      }
      case 'reconcile':
        return await reconcileCommand(dataDir, values.rpc);
      case 'payouts':
        return await payoutsCommand(dataDir, values.account, values.from, values.limit);
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (error) {
    const e = error as Error;
    console.error(`${e.name}: ${e.message}`);
    return 1;
  }
}

async function run(argv: string[]): Promise<number> {
  if (argv[0] !== undefined && OPERATOR_COMMANDS.has(argv[0])) {
    return runOperatorCli(argv, { url: process.env.PATX_OPERATOR_URL ?? DEFAULT_OPERATOR_URL, token: process.env.PATX_OPERATOR_TOKEN ?? savedOperatorToken() });
  }
  return main(argv);
}

void run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
