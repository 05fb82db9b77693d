/**
 * A sequencer process for the crash tests (test/engine/crash.test.ts), run as
 *
 *   node --import tsx test/support/crash-child.ts <dataDir> <seed> <opCount> [snapshotEveryCommands] [maxCommandsPerSecond]
 *
 * It opens the journal in <dataDir> (durability 'commit'), recovers, and feeds
 * the sequencer the deterministic workload generateWorkload(opCount, seed),
 * setup then ops, from index engine.lastSeq on: the command with seq s is always
 * all[s - 1], so every restart continues the same stream. It never stops on its
 * own: the test SIGKILLs it at a random moment. maxCommandsPerSecond (0 =
 * unlimited, the default) paces the feed so that a short run does not exhaust
 * the workload; paced turns are small, so many commits are in flight.
 *
 * stdout protocol (one line each, written synchronously, see say()):
 *   ready <recoveredLastSeq> <snapshotSeq>   after recovery
 *   ack <maxSeq>                             after a released turn: every seq <= maxSeq was acked, i.e. committed
 *   snapshot <seq>                           a snapshot at <seq> is committed
 *   done <lastSeq>                           the workload is exhausted (the process then idles)
 * Anything unexpected is written to stderr and the process exits with code 1.
 */
import { generateWorkload, WORKLOAD_START_MS } from '../../bench/workload.js';
import { Journal, Sequencer, recover, type Command, type CommandResult } from '../../src/engine/index.js';

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

const [dataDir, seedArg, opCountArg, snapshotArg, rateArg] = process.argv.slice(2);
if (dataDir === undefined || seedArg === undefined || opCountArg === undefined) {
  die('usage: crash-child.ts <dataDir> <seed> <opCount> [snapshotEveryCommands] [maxCommandsPerSecond]');
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

const workload = generateWorkload(opCount, seed);
const all: Command[] = [...workload.setup, ...workload.ops];

const journal = Journal.open(dataDir, { durability: 'commit' });
const recovered = recover(journal);
const engine = recovered.engine;
if (engine.lastSeq > all.length) die(`journal holds ${engine.lastSeq} commands, the workload only ${all.length}`);
say(`ready ${engine.lastSeq} ${recovered.snapshotSeq}`);

// Workload time: the series is open for 7 days from WORKLOAD_START_MS. The
// sequencer keeps time monotonic across restarts (max with engine.lastTimeMs).
const startedAt = Date.now();
const clock = (): number => WORKLOAD_START_MS + (Date.now() - startedAt);

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

/** Pacing: a token bucket filled at maxCommandsPerSecond, holding at most PACING_BURST commands. */
const PACING_BURST = 5_000;
let tokens = 0;
let tokensAt = performance.now();
let feedTimer: NodeJS.Timeout | undefined;

function feed(): void {
  let budget = all.length - next;
  if (maxCommandsPerSecond > 0) {
    const now = performance.now();
    tokens = Math.min(PACING_BURST, tokens + ((now - tokensAt) * maxCommandsPerSecond) / 1000);
    tokensAt = now;
    budget = Math.min(budget, Math.floor(tokens));
  }
  const before = next;
  while (inFlight < MAX_IN_FLIGHT && next - before < budget) {
    const index = next++;
    inFlight++;
    sequencer.enqueue(all[index]!, acked(index), refused);
  }
  if (maxCommandsPerSecond > 0) tokens -= next - before;
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
