/**
 * A sequencer process for the crash tests (test/engine/crash.test.ts), run as
 *
 *   node --import tsx test/support/crash-child.ts <dataDir> <seed> <opCount> [snapshotEveryCommands] [maxCommandsPerSecond] [delivery:<providers>:<maxPositions> | workload:<file>]
 *
 * It opens the journal in <dataDir> (durability 'commit'), recovers, and feeds
 * the sequencer the deterministic workload generateWorkload(opCount, seed),
 * setup then ops, from index engine.lastSeq on: the command with seq s is always
 * all[s - 1], so every restart continues the same stream. With `workload:<file>` it
 * reads that workload from the file the test wrote once (test/support/crash-workload.ts)
 * instead of generating it again: about 1.4 s of CPU a process for 600k operations. It never stops on its
 * own: the test SIGKILLs it at a random moment. maxCommandsPerSecond (0 =
 * unlimited, the default) paces the feed so that a short run does not exhaust
 * the workload; paced turns are small, so many commits are in flight.
 *
 * With `delivery:<providers>:<maxPositions>` the stream is instead a forward delivery
 * (bench/delivery.ts): generateDeliveryWorkload({providers, consumers: opCount, seed})
 * builds one forward before its window opens, then DELIVER_FORWARDS commands with
 * `maxPositions` deliver it, exactly as many as completing it takes. The build is fed
 * unpaced and stamped before the open; the deliveries are fed only once the build is
 * journaled, stamped from the window open on, and paced (maxCommandsPerSecond), so the
 * test can kill the process in the middle of the delivery.
 *
 * stdout protocol (one line each, written synchronously, see say()):
 *   ready <recoveredLastSeq> <snapshotSeq>   after recovery
 *   ack <maxSeq>                             after a released turn: every seq <= maxSeq was acked, i.e. committed
 *   snapshot <seq>                           a snapshot at <seq> is committed
 *   done <lastSeq>                           the workload is exhausted (the process then idles)
 * Anything unexpected is written to stderr and the process exits with code 1.
 */
import { deliverCommand, deliveryCommandCount, DELIVERY_OPEN_MS, generateDeliveryWorkload } from '../../bench/delivery.js';
import { generateWorkload, WORKLOAD_START_MS } from '../../bench/workload.js';
import { Journal, Sequencer, recover, type Command, type CommandResult } from '../../src/engine/index.js';
import { WorkloadFile } from './crash-workload.js';

function die(message: string, error?: unknown): never {
  const detail = error instanceof Error ? (error.stack ?? error.message) : error === undefined ? '' : String(error);
  process.stderr.write(`crash-child: ${message}${detail ? `\n${detail}` : ''}\n`);
  process.exit(1);
}

process.on('uncaughtException', (error) => die('uncaught exception', error));
process.on('unhandledRejection', (error) => die('unhandled rejection', error));

/**
 * process.stdout writes to a pipe synchronously on Linux (blocking when the pipe
 * is full), so a line is in the pipe before anything else happens, SIGKILL
 * included. (fs.writeSync(1) would not do: the pipe is non-blocking and a full
 * one fails with EAGAIN.)
 */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

const [dataDir, seedArg, opCountArg, snapshotArg, rateArg, deliveryArg] = process.argv.slice(2);
if (dataDir === undefined || seedArg === undefined || opCountArg === undefined) {
  die('usage: crash-child.ts <dataDir> <seed> <opCount> [snapshotEveryCommands] [maxCommandsPerSecond] [delivery:<providers>:<maxPositions> | workload:<file>]');
}
const seed = Number(seedArg);
const opCount = Number(opCountArg);
const snapshotEveryCommands = snapshotArg === undefined ? 3_000 : Number(snapshotArg);
const maxCommandsPerSecond = rateArg === undefined ? 0 : Number(rateArg);
if (![seed, opCount, snapshotEveryCommands, maxCommandsPerSecond].every((n) => Number.isSafeInteger(n) && n >= 0)) {
  die(`bad arguments: ${process.argv.slice(2).join(' ')}`);
}

/** Commands in the sequencer (queued or applied, not yet acked) before the feeder waits. */
const MAX_IN_FLIGHT = 20_000;

/** The mixed workload's file, if the test wrote one: `workload:<file>`. */
const workloadFile = deliveryArg?.startsWith('workload:') === true ? deliveryArg.slice('workload:'.length) : undefined;

/** The delivery stream's shape, if this is one: `delivery:<providers>:<maxPositions>`. */
const delivery = ((): { providers: number; maxPositions: number } | undefined => {
  if (deliveryArg === undefined || workloadFile !== undefined) return undefined;
  const [word, providers, maxPositions] = deliveryArg.split(':').map((x, i) => (i === 0 ? x : Number(x)));
  if (word !== 'delivery' || !isPositiveInt(providers) || !isPositiveInt(maxPositions)) die(`bad delivery argument: ${deliveryArg}`);
  return { providers, maxPositions };
})();

function isPositiveInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x > 0;
}

/** The stream: command `i` is the one with seq i + 1 (an array, or a workload file decoded as it is read). */
let all: { readonly length: number; at(index: number): Command | undefined };
/** Index of the first paced command; with a delivery, the first one after the window open (fed once everything before is acked). */
let pacedFrom = 0;
if (workloadFile !== undefined) {
  try {
    all = new WorkloadFile(workloadFile, seed, opCount);
  } catch (error) {
    die('cannot read the workload file', error);
  }
} else if (delivery === undefined) {
  const workload = generateWorkload(opCount, seed);
  all = [...workload.setup, ...workload.ops];
} else {
  const w = generateDeliveryWorkload({ providers: delivery.providers, consumers: opCount, seed, shortfallEvery: 10 });
  const deliveries = deliveryCommandCount(w.holders, delivery.maxPositions);
  all = [...w.setup, ...Array.from({ length: deliveries }, () => deliverCommand(delivery.maxPositions))];
  pacedFrom = w.setup.length;
}

const journal = Journal.open(dataDir, { durability: 'commit' });
const recovered = recover(journal);
const engine = recovered.engine;
if (engine.lastSeq > all.length) die(`journal holds ${engine.lastSeq} commands, the workload only ${all.length}`);
say(`ready ${engine.lastSeq} ${recovered.snapshotSeq}`);

// Workload time: the series is open for 7 days from WORKLOAD_START_MS. The
// sequencer keeps time monotonic across restarts (max with engine.lastTimeMs).
// A delivery stream's clock jumps to the forward's window open once the build is journaled.
const startedAt = Date.now();
let openedAt = delivery !== undefined && engine.lastSeq >= pacedFrom ? Date.now() : undefined;
const clock = (): number => (openedAt === undefined ? WORKLOAD_START_MS + (Date.now() - startedAt) : DELIVERY_OPEN_MS + (Date.now() - openedAt));

// Reported so that the test can kill at a random moment after this run's first snapshot,
// however slowly a loaded machine runs the child up to it.
const saveSnapshot = journal.saveSnapshot.bind(journal);
journal.saveSnapshot = (snapshot) => saveSnapshot(snapshot).then(() => say(`snapshot ${snapshot.seq}`));

const sequencer = new Sequencer(engine, journal, clock, { snapshotEveryCommands, snapshotEveryMs: 0 }, (error) => die('sequencer stopped', error));

let next = engine.lastSeq; // index into `all` of the next command to submit
let maxAcked = engine.lastSeq;
let reportedAck = engine.lastSeq;
let inFlight = 0;
let exhausted = false;

function acked(index: number): (result: CommandResult) => void {
  return (result) => {
    // Acks come in seq order, and command all[i] must get seq i + 1.
    if (result.seq !== index + 1) die(`command #${index} was acked with seq ${result.seq}, expected ${index + 1}`);
    if (result.seq !== maxAcked + 1) die(`ack for seq ${result.seq} after seq ${maxAcked}`);
    maxAcked = result.seq;
    inFlight--;
  };
}

function refused(error: Error): void {
  die('a command was refused', error);
}

/**
 * Pacing: a token bucket filled at maxCommandsPerSecond, holding at most PACING_BURST commands.
 * A delivery keeps its bucket small: after a stall (a loaded machine) it must not catch up in
 * one burst past the point where the test means to kill it.
 */
const PACING_BURST = delivery === undefined ? 5_000 : 20;
let tokens = 0;
let tokensAt = performance.now();
let feedTimer: NodeJS.Timeout | undefined;

function feed(): void {
  const paced = next >= pacedFrom && maxCommandsPerSecond > 0;
  let budget = (next < pacedFrom ? pacedFrom : all.length) - next;
  if (next === pacedFrom && pacedFrom > 0) {
    // A delivery begins only once everything before the window open is journaled; the bucket starts empty then.
    if (maxAcked < pacedFrom) return;
    if (openedAt === undefined) {
      openedAt = Date.now();
      tokens = 0;
      tokensAt = performance.now();
    }
  }
  if (paced) {
    const now = performance.now();
    tokens = Math.min(PACING_BURST, tokens + ((now - tokensAt) * maxCommandsPerSecond) / 1000);
    tokensAt = now;
    budget = Math.min(budget, Math.floor(tokens));
  }
  const before = next;
  while (inFlight < MAX_IN_FLIGHT && next - before < budget) {
    const index = next++;
    inFlight++;
    sequencer.enqueue(all.at(index)!, acked(index), refused);
  }
  if (paced) tokens -= next - before;
  // Paced, and held back by the budget rather than by commands in flight: come back in a millisecond.
  if (next < all.length && inFlight < MAX_IN_FLIGHT && feedTimer === undefined) {
    feedTimer = setTimeout(() => {
      feedTimer = undefined;
      feed();
    }, 1);
  }
}

sequencer.onRelease((batch) => {
  const lastOfTurn = batch.firstSeq + batch.commands.length - 1;
  if (maxAcked !== lastOfTurn) die(`turn ${batch.firstSeq}..${lastOfTurn} released, but acks reached ${maxAcked}`);
  if (maxAcked > reportedAck) {
    reportedAck = maxAcked;
    say(`ack ${maxAcked}`);
  }
  feed();
  if (!exhausted && maxAcked === all.length) {
    exhausted = true;
    say(`done ${maxAcked}`);
  }
});

feed();
// Stay alive until the test kills it, but never outlive the test: exit if orphaned.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) process.exit(2);
}, 500);
