/**
 * A wallet's subscriptions from the command line (issue 56; docs/subscriptions.md), through
 * the client's wallet-signed /v1/subscriptions calls (src/client/subscriptions.ts):
 *
 *   patx subscribe 'AUTO_INTENT|1D|0.70-0.85' --qty 2 --cap 0.9 --budget 20   subscribe (PAT in decimals, sent as µPAT exactly)
 *   patx subscriptions                  the wallet's subscriptions, a table
 *   patx subscriptions 3                one, with its activity: purchases, skips and why, exercises
 *   patx unsubscribe 3                  cancel: no window is bought after this
 *   patx subscriptions resume 3         resume one paused after too many skips
 *
 * The wallet as for `patx withdraw`: PATX_WALLET_KEY, --key-file or --dev-key; the gateway from
 * PATX_URL or --gateway. A refusal prints one line with the server's code and message
 * and exits 1; a bad flag exits 2 (commander). The client and ethers load inside the action, so
 * `patx --help` never pays for them.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { table } from '../operator/cli-format.js';
import { patExact, patToMicros } from '../client/pat.js';
import type { Subscription, SubscriptionActivity, SubscriptionsHttp, SubscriptionTerms } from '../client/subscriptions.js';
import { refusalWords } from './command-output.js';
import { utcSeconds } from './trading-format.js';
import { addOrgOption, addWalletOptions, connectWallet, walletArgs, WalletCommandError, type WalletOptions } from './wallet-options.js';

interface SubscribeOptions extends WalletOptions {
  qty: number;
  cap: number;
  budget: number;
  trigger: 'list' | 'open';
  autoExercise: boolean;
  maxSkips?: number;
  fromNextWindow: boolean;
}

/** PAT typed by a person ("0.9", at most 6 decimals: µPAT) in µPAT, exactly; refused unless positive. */
export function parsePatMicros(text: string): number {
  const micros = patToMicros(text);
  if (micros === undefined) throw new InvalidArgumentError('expected an amount of PAT such as 0.9 (at most 6 decimals: prices are whole µPAT)');
  if (micros <= 0) throw new InvalidArgumentError('expected a positive amount of PAT');
  return micros;
}

function wholeNumber(min: number, max: number): (text: string) => number {
  return (text) => {
    if (!/^\d{1,15}$/.test(text) || Number(text) < min || Number(text) > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return Number(text);
  };
}

/** The client, the gateway and the wallet, loaded when a command runs. */
async function connect(o: WalletOptions): Promise<{ client: typeof import('../client/subscriptions.js'); http: SubscriptionsHttp }> {
  const [client, http] = await Promise.all([import('../client/subscriptions.js'), connectWallet(o)]);
  return { client, http };
}

/** A thrown error as the command's one line: the client's refusal by code, or what failed. */
function failure(error: unknown): WalletCommandError {
  if (error instanceof WalletCommandError) return error;
  const e = error as { name?: unknown; code?: unknown; detail?: unknown };
  if (e.name === 'SubscriptionError' && typeof e.code === 'string') return new WalletCommandError(e.code, refusalWords(e.code, e.detail, 'refused by the exchange')); // the exchange's message says what to do
  throw error; // not a refusal: runCli prints it in one line too
}

/**
 * The exchange's refusals of a subscription whose words name an HTTP route (written for API callers), in the
 * CLI's words: the command that shows the same thing.
 */
export function subscribeRefusalWords(code: string, contract: string): string | undefined {
  switch (code) {
    case 'UNKNOWN_CONTRACT':
      return `the exchange lists no spot contract ${contract}: patx catalog lists the contracts trading now`;
    case 'INVALID_CONTRACT_KEY':
      return `${contract} is not a contract as SEGMENT|WINDOW|LO-HI (e.g. 'AUTO_INTENT|1D|0.70-0.85'): patx catalog names them`;
    case 'SEATS_FULL':
      return "every seat the segment's listings offer is taken (patx listing ID shows a listing's seats): try again when one is freed";
    default:
      return undefined;
  }
}

/** The ledger's ORDER_REJECTED message points at its API field rejectReason; the line shows that reason already, in brackets. */
const skipMessage = (a: Extract<SubscriptionActivity, { type: 'skipped' }>): string => (a.reason === 'ORDER_REJECTED' ? "the exchange's checks refused the purchase" : a.message);

/**
 * One line of what an activity entry says; `args` are the wallet's flags as given (walletArgs), so a hint runs as
 * the same wallet, and with --org names the organisation's grants (an exercise of its account is not the wallet's).
 */
export function describeActivity(a: SubscriptionActivity, o: Pick<WalletOptions, 'org' | 'devKey' | 'keyFile'> = {}): string {
  switch (a.type) {
    case 'filled':
      return `bought ${a.qty} of ${a.requestedQty} in series ${a.seriesId} for ${patExact(a.costMicros)} PAT`;
    case 'skipped':
      return `skipped series ${a.seriesId}: ${a.reason}${a.rejectReason === null ? '' : ` (${a.rejectReason})`}${a.askMicros > 0 ? ` at an ask of ${patExact(a.askMicros)} PAT` : ''}: ${skipMessage(a)}`;
    case 'exercised':
      return `exercised ${a.qty} in series ${a.seriesId} (exercise ${a.exerciseId}): ${o.org === true ? `patx grants${walletArgs(o)} lists your organisation's grants` : `patx grants --exercise ${a.exerciseId}${walletArgs(o)} lists its grants`}`;
    case 'status': {
      // "paused after skips" says its status; "created: active", "budget spent: ended" say it after.
      const change = a.change.toLowerCase().replace(/_/g, ' ');
      return change.startsWith(a.status) ? change : `${change}: ${a.status}`;
    }
  }
}

function row(s: Subscription, o: WalletOptions): Record<string, string | number> {
  return {
    ID: s.subscriptionId,
    CONTRACT: s.contract,
    STATUS: s.status,
    'QTY/WINDOW': s.qtyPerWindow,
    'CAP PAT': patExact(s.capPriceMicros),
    'SPENT/BUDGET PAT': `${patExact(s.spentMicros)}/${patExact(s.budgetMicros)}`,
    BOUGHT: s.windowsBought,
    SKIPPED: s.windowsSkipped,
    LAST: s.last === null ? '' : describeActivity(s.last, o),
  };
}

function describeOne(s: Subscription, activity: SubscriptionActivity[], o: WalletOptions): string {
  const lines = [
    `subscription ${s.subscriptionId}: ${s.contract}, ${s.status}`,
    `terms: ${s.qtyPerWindow} per window at most ${patExact(s.capPriceMicros)} PAT each, budget ${patExact(s.budgetMicros)} PAT (spent ${patExact(s.spentMicros)}); bought when a window ${s.trigger === 'list' ? 'is listed' : 'opens'}; ${s.autoExercise ? 'exercised at the open' : 'not exercised'}; pauses after ${s.maxSkips} skip(s) in a row; delivery ${s.delivery.mode}`,
    `windows bought ${s.windowsBought} (${s.rightsBought} rights), skipped ${s.windowsSkipped} (${s.skipsInRow} in a row), exercises ${s.exercises}; since ${utcSeconds(s.createdAtMs)}`,
    '',
    'activity, newest first:',
    table(activity.map((a) => ({ TIME: utcSeconds(a.atMs), WHAT: a.type, DETAIL: describeActivity(a, o) }))),
  ];
  if (s.status === 'paused') lines.push('', `paused: patx subscriptions resume ${s.subscriptionId}${walletArgs({ ...o, org: false })} buys again from the next window`);
  return lines.join('\n');
}


/**
 * Adds `subscribe`, `subscriptions [id]`, `subscriptions resume <id>` and `unsubscribe <id>` to
 * the program; `run` receives the exit code, `json` says whether --json was given.
 */
export function addSubscriptionCommands(program: Command, run: (code: Promise<number> | number) => void, json: () => boolean): void {
  /** Runs one command's work: its text (or JSON) printed, exit 0; a refusal in one line, exit 1. */
  const act = (work: () => Promise<{ value: unknown; text: () => string | Promise<string> }>): void => {
    run(
      work().then(
        async (r) => {
          console.log(json() ? JSON.stringify(r.value) : await r.text());
          return 0;
        },
        (error: unknown) => {
          const f = failure(error);
          console.error(json() ? JSON.stringify({ error: f.code, message: f.message }) : `patx: ${f.code}: ${f.message}`);
          return 1;
        },
      ),
    );
  };
  const id = wholeNumber(1, Number.MAX_SAFE_INTEGER);

  addWalletOptions(
    program
      .command('subscribe')
      .argument('<contract>', "a spot contract, e.g. 'AUTO_INTENT|1D|0.70-0.85' (quoted: | is the shell's pipe)")
      .description("subscribe: the exchange buys each new window of the contract at the broker's ask up to your cap, within your budget, and exercises it")
      .requiredOption('--qty <n>', 'rights to buy in each window', wholeNumber(1, 1_000_000))
      .requiredOption('--cap <PAT>', 'the most to pay for one right, e.g. 0.9', parsePatMicros)
      .requiredOption('--budget <PAT>', 'the most to spend in all, e.g. 20', parsePatMicros)
      .addOption(new Option('--trigger <when>', 'buy each window when it is listed, or when it opens').choices(['list', 'open']).default('open'))
      .option('--no-auto-exercise', 'keep the rights; do not exercise them at the open')
      .option('--max-skips <n>', 'windows skipped in a row before it pauses (default 3)', wholeNumber(1, 100))
      .option('--from-next-window', 'not the window open now: from the next one', false),
  ).action((contract: string, o: SubscribeOptions) =>
    act(async () => {
      const { client, http } = await connect(o);
      const terms: SubscriptionTerms = {
        contract, qtyPerWindow: o.qty, capPriceMicros: o.cap, budgetMicros: o.budget, trigger: o.trigger, autoExercise: o.autoExercise, includeCurrent: !o.fromNextWindow,
        ...(o.maxSkips === undefined ? {} : { maxSkips: o.maxSkips }),
      };
      const s = await client.subscribe(http, terms).catch((error: unknown) => {
        const code = (error as { name?: unknown; code?: unknown }).code;
        const words = typeof code === 'string' ? subscribeRefusalWords(code, contract) : undefined;
        throw words === undefined ? error : new WalletCommandError(code as string, words);
      });
      return {
        value: s,
        text: () =>
          `subscribed: subscription ${s.subscriptionId} to ${s.contract}, ${s.qtyPerWindow} per window at most ${patExact(s.capPriceMicros)} PAT each, budget ${patExact(s.budgetMicros)} PAT; ${o.fromNextWindow ? 'from the next window' : 'the window open now too'} (patx subscriptions ${s.subscriptionId}${walletArgs(o)} shows what it does)`,
      };
    }),
  );

  const subscriptions = addOrgOption(addWalletOptions(
    program
      .command('subscriptions')
      .argument('[id]', "one subscription (yours, or your organisation's), with its activity", id)
      .description("your subscriptions (a table; --org: your organisation's, made by any of its traders), or one with its activity: purchases, skips and why, exercises")
      .option('--limit <n>', 'subscriptions (or activity entries) at most, newest first', wholeNumber(1, 200), 50),
  )).action((subscriptionId: number | undefined, o: WalletOptions & { limit: number }) =>
    act(async () => {
      const { client, http } = await connect(o);
      if (subscriptionId === undefined) {
        const listed = await client.listSubscriptions(http, { limit: o.limit });
        if (o.org === true && listed.organisationSubscriptions === undefined) throw new WalletCommandError('NOT_IN_ORGANISATION', 'this wallet belongs to no organisation');
        const page = o.org === true ? listed.organisationSubscriptions! : listed;
        return {
          value: page,
          text: () => (page.total === 0 ? 'no subscriptions yet (patx subscribe --help)' : `${table(page.subscriptions.map((s) => row(s, o)))}${page.total > page.subscriptions.length ? `\n(${page.subscriptions.length} of ${page.total}: --limit N shows more)` : ''}`),
        };
      }
      const one = await client.getSubscription(http, subscriptionId, { limit: o.limit });
      return { value: one, text: () => describeOne(one.subscription, one.activity, o) };
    }),
  );
  addWalletOptions(subscriptions.command('resume').argument('<id>', 'a paused subscription', id).description('resume a subscription paused after too many skips, from the next window')).action(
    (subscriptionId: number, _o: WalletOptions, command: Command) =>
      act(async () => {
        // `subscriptions` takes the wallet options too, and commander gives them to it wherever they stand: read both.
        const { client, http } = await connect(command.optsWithGlobals<WalletOptions>());
        const s = await client.resumeSubscription(http, subscriptionId);
        return { value: s, text: () => `resumed: subscription ${s.subscriptionId} (${s.contract}) is ${s.status}; it buys from the next window` };
      }),
  );

  addWalletOptions(program.command('unsubscribe').argument('<id>', "a subscription (yours, or your organisation's)", id).description('cancel a subscription: no window is bought after this (rights bought stay yours)')).action(
    (subscriptionId: number, o: WalletOptions) =>
      act(async () => {
        const { client, http } = await connect(o);
        const s = await client.cancelSubscription(http, subscriptionId);
        return { value: s, text: () => `cancelled: subscription ${s.subscriptionId} (${s.contract}); ${s.windowsBought} window(s) bought, ${patExact(s.spentMicros)} PAT spent` };
      }),
  );
}
