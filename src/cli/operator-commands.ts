/**
 * The operator's commands (`patx params`, `fees`, `halt`, `kill`, `listings`, `disputes`, `providers`, `operators`, …): each
 * turns its arguments into the words of the operator's HTTP client (src/operator/cli-client.ts), which `operate` runs
 * against the service. One function per family, in the order --help lists them.
 */
import type { Command } from 'commander';
import { wholeNumber } from './id-arg.js';

/** Runs one operator command, given as the operator client's argument words. */
type Operate = (args: string[]) => void;

/** A series, account, listing or grant id. */
const id = wholeNumber(1);

/** Adds the operator's commands to `program`, under the group heading it set. */
export function addOperatorCommands(program: Command, operator: Operate): void {
  addParameterCommands(program, operator);
  addTradingControls(program, operator);
  addOversightCommands(program, operator);
  addListingModeration(program, operator);
  addDisputeAndAlarmCommands(program, operator);
  addProviderIdentityCommands(program, operator);
  addOperatorCredentialCommands(program, operator);
}

/** Pricing and risk parameters, and the fee schedule. */
function addParameterCommands(program: Command, operator: Operate): void {
  const params = program.command('params').description('pricing and risk parameters');
  params.command('get').argument('[name]', 'one parameter').description('every parameter, or one').action((name?: string) => operator(name === undefined ? ['params', 'get'] : ['params', 'get', name]));
  params.command('set').argument('<name>').argument('<value>', 'a number').description('change one, live (journaled and audited)')
    .action((name: string, value: string) => operator(['params', 'set', name, value]));
  const fees = program.command('fees').description('the fee schedule (docs/fees.md): rates per kind and phase, the fee account');
  fees.command('show', { isDefault: true }).description('the rates in force, every phase\'s row, the fee account').action(() => operator(['fees', 'show']));
  fees.command('set').argument('<kind>', 'SPOT, FORWARD, SYNTHETIC, CALL or PUT').description("set one kind's rates in bps (journaled and audited)")
    .option('--phase <n>', 'from this governance phase on (default: every phase)')
    .option('--maker <bps>', 'fee on the resting side of a trade').option('--taker <bps>', 'fee on the taking side')
    .option('--issuance <bps>', 'fee on options and synthetics the broker writes (CALL, PUT, SYNTHETIC; the buyer pays it)').option('--take-rate <bps>', "the exchange's share of a provider's sale")
    .action((kind: string, o: { phase?: string; maker?: string; taker?: string; issuance?: string; takeRate?: string }) => {
      const flags = ([['--phase', o.phase], ['--maker', o.maker], ['--taker', o.taker], ['--issuance', o.issuance], ['--take-rate', o.takeRate]] as const).flatMap(([f, v]) => (v === undefined ? [] : [f, v]));
      return operator(['fees', 'set', kind, ...flags]);
    });
  fees.command('sweep').argument('[amountMicros]', 'µPAT to sweep (default: all of the fee account)')
    .description("move fee revenue from the fee account to the treasury, the account at the vault's fee recipient address, which withdraws it as any account (journaled and audited)")
    .action((amount?: string) => operator(amount === undefined ? ['fees', 'sweep'] : ['fees', 'sweep', amount]));
}

/** Series status, halts, kill switches and market-maker protection. */
function addTradingControls(program: Command, operator: Operate): void {
  program.command('series').description('live series: status, kill switch, MMP, reference price').action(() => operator(['series']));
  program.command('halt').argument('<seriesId>', 'series id', id).description('halt trading in a series').action((s: number) => operator(['halt', String(s)]));
  program.command('resume').argument('<seriesId>', 'series id', id).description('resume trading in a series').action((s: number) => operator(['resume', String(s)]));
  for (const verb of ['kill', 'release'] as const) {
    const c = program.command(verb).description(verb === 'kill' ? 'engage a kill switch (cancels resting orders)' : 'release a kill switch');
    c.command('global').description('every account and series').action(() => operator([verb, 'global']));
    c.command('account').argument('<accountId>', 'account id', id).action((a: number) => operator([verb, 'account', String(a)]));
    c.command('series').argument('<seriesId>', 'series id', id).action((s: number) => operator([verb, 'series', String(s)]));
    if (verb === 'kill') c.command('status').description('which kill switches are engaged').action(() => operator(['kill', 'status']));
  }
  program.command('mmp').description('market-maker protection').command('reset').argument('<seriesId>', 'series id', id)
    .description('let the broker quote again after market-maker protection').action((s: number) => operator(['mmp', 'reset', String(s)]));
}

/** The audit, the broker's exposure and P&L, the market phase, settlement, institutions. */
function addOversightCommands(program: Command, operator: Operate): void {
  program.command('audit').description('who changed what, when, old and new (from the journal)')
    .option('--from <seq>', 'first seq', wholeNumber(1), 1)
    .option('--limit <n>', 'at most this many (1,000 at most)', wholeNumber(1), 100)
    .action((o: { from: number; limit: number }) => operator(['audit', String(o.from), String(o.limit)]));
  program.command('exposure').description("the broker's PAT, rights and long per series and window against its limits").action(() => operator(['exposure']));
  program.command('broker').description("the broker's P&L, and per series its quote, inventory, average cost and why the quote is where it is").action(() => operator(['broker']));
  const phase = program.command('phase').description('the market phase the council enabled on chain, and readiness for the next');
  phase.command('show', { isDefault: true }).description('the phase, what each phase opens, the engine rules, readiness in one line').action(() => operator(['phase']));
  phase.command('readiness').description("what the council sees before it votes the next phase: per contract liquidity, spread stability, history and audited history against the operator's phase.* thresholds, each PASS or FAIL").action(() => operator(['phase', 'readiness']));
  program.command('settle').description('settlement').command('now').description('cut and settle a batch now').action(() => operator(['settle', 'now']));
  const institution = program.command('institution').description('qualify an account as an institution (journaled, audited)');
  institution.command('grant').argument('<accountId>', 'a consumer account', id).description('qualify a consumer account as an institution').action((a: number) => operator(['institution', 'grant', String(a)]));
  institution.command('revoke').argument('<accountId>', 'an institution account', id).description('withdraw the qualification (the account is a consumer again)').action((a: number) => operator(['institution', 'revoke', String(a)]));
}

/** The catalog's listings: moderation. */
function addListingModeration(program: Command, operator: Operate): void {
  const listings = program.command('listings').description("the catalog's listings: moderate them");
  listings.command('list', { isDefault: true }).description('every listing, any status, with its trust').action(() => operator(['listings', 'list']));
  listings.command('show').argument('<listingId>', 'listing id', id).description('one listing, every version').action((l: number) => operator(['listings', 'show', String(l)]));
  listings.command('publish').argument('<listingId>', 'listing id', id).description('approve a submitted listing: it goes live, its provider may mint in the segment').action((l: number) => operator(['listings', 'publish', String(l)]));
  listings.command('reject').argument('<listingId>', 'listing id', id).argument('<reason>').description('send a submitted listing back to its provider').action((l: number, r: string) => operator(['listings', 'reject', String(l), r]));
  listings.command('approve-version').argument('<listingId>', 'listing id', id).description("make a published listing's version awaiting review (a new endpoint, schema, licence or provenance) live").action((l: number) => operator(['listings', 'approve-version', String(l)]));
  listings.command('reject-version').argument('<listingId>', 'listing id', id).argument('<reason>').description("refuse a published listing's version awaiting review; the live version stays").action((l: number, r: string) => operator(['listings', 'reject-version', String(l), r]));
  listings.command('take-down').argument('<listingId>', 'listing id', id).argument('<reason>').description('remove a listing (its provider may no longer mint in the segment)').action((l: number, r: string) => operator(['listings', 'take-down', String(l), r]));
  listings.command('reference').argument('<listingId>', 'listing id', id).argument('<file>', 'records known to be true: .csv, .jsonl or .parquet, in the listing\'s schema')
    .description("attach a reference sample: the listing's accuracy is measured against it now and on every later version").action((l: number, f: string) => operator(['listings', 'reference', String(l), f]));
  listings.command('audit').argument('[from]', 'first entry', id).argument('[limit]', 'entries', id).description("the catalog's audit log: who did what to which listing, and why")
    .action((from?: number, limit?: number) => operator(['listings', 'audit', ...(from === undefined ? [] : [String(from)]), ...(limit === undefined ? [] : [String(limit)])]));
}

/** Disputes of deliveries, and the alarm board. */
function addDisputeAndAlarmCommands(program: Command, operator: Operate): void {
  const disputes = program.command('disputes').description('disputes of evidenced deliveries (docs/delivery.md): list them, decide one');
  disputes.command('list', { isDefault: true }).description("open disputes: the grant, what the consumer said was wrong, the provider's evidence and the consumer's receipts").action(() => operator(['disputes', 'list']));
  disputes.command('decide').argument('<grantId>', 'grant id', id).argument('<refundQty>', 'undelivered rights to refund (0 upholds the delivery)', wholeNumber(0))
    .option('--charge <micros>', "µPAT more from the provider's free PAT, beyond the refunded rights' held proceeds", wholeNumber(0))
    .option('--note <text>', 'why (returned with the decision)')
    .description('decide a dispute (moderator): refund some rights from their held proceeds, uphold the rest as delivered')
    .action((g: number, q: number, o: { charge?: number; note?: string }) => operator(['disputes', 'decide', String(g), String(q), ...(o.charge === undefined ? [] : ['--charge', String(o.charge)]), ...(o.note === undefined ? [] : ['--note', o.note])]));
  const alarms = program.command('alarms').description('the alarm board (docs/alarms.md): what needs an operator now');
  alarms.command('list', { isDefault: true }).description('every alarm on the board, active first: severity, subject, since, how often, what').action(() => operator(['alarms', 'list']));
  alarms.command('active').description('the active alarms only').action(() => operator(['alarms', 'active']));
  alarms.command('history').argument('[limit]', 'events, newest first', id).description('raises and clears, newest first, kept across restarts').action((limit?: number) => operator(['alarms', 'history', ...(limit === undefined ? [] : [String(limit)])]));
  alarms.command('clear').argument('<name>', 'the alarm').argument('[subject]', 'what it is about').description('clear an alarm only an operator clears (replication-tail-set-aside)').action((n: string, sub?: string) => operator(['alarms', 'clear', n, ...(sub === undefined ? [] : [sub])]));
}

/** Providers' verified identities and held payouts. */
function addProviderIdentityCommands(program: Command, operator: Operate): void {
  const providers = program.command('providers').description("data providers' accounts: verification and held payouts (docs/providers.md)");
  providers.command('list', { isDefault: true }).description('every provider account: verified or not, payouts held or paid').action(() => operator(['providers', 'list']));
  providers.command('show').argument('<accountId>', 'a provider account', id).description("one provider's identity record (the risk role)").action((a: number) => operator(['providers', 'show', String(a)]));
  providers.command('audit').description("the identity audit: verifications, updates, revocations, screenings").action(() => operator(['providers', 'audit']));
  providers.command('verify').argument('<accountId>', 'a provider account', id)
    .description("record a provider's verified identity (the risk role): its held payouts are released (docs/providers.md, \"Held payouts\")")
    .requiredOption('--legal-name <name>', 'its legal name, as the KYC case has it').requiredOption('--jurisdiction <cc>', 'ISO 3166-1 alpha-2, optionally with a subdivision (DE, US-DE)')
    .requiredOption('--kyc-reference <ref>', "the KYC vendor's case id (no document is stored here)").option('--payout-address <0x…>', "the provider's own wallet (default: the account's wallet, the only address the vault pays)")
    .option('--reason <text>', 'why, for the identity audit')
    .action((a: number, o: { legalName: string; jurisdiction: string; kycReference: string; payoutAddress?: string; reason?: string }) =>
      operator(['providers', 'verify', String(a), '--legal-name', o.legalName, '--jurisdiction', o.jurisdiction, '--kyc-reference', o.kycReference, ...(o.payoutAddress === undefined ? [] : ['--payout-address', o.payoutAddress]), ...(o.reason === undefined ? [] : ['--reason', o.reason])]));
  providers.command('revoke').alias('unverify').argument('<accountId>', 'a verified provider account', id).argument('<reason>', 'why (kept in the identity audit)')
    .description("revoke a provider's verification (the risk role): its withdrawals are held again").action((a: number, r: string) => operator(['providers', 'revoke', String(a), r]));
}

/** Named operator credentials. */
function addOperatorCredentialCommands(program: Command, operator: Operate): void {
  const operators = program.command('operators').description('named operator credentials');
  operators.command('list').description('every operator, revoked ones too').action(() => operator(['operators', 'list']));
  operators
    .command('add')
    .argument('<name>')
    .argument('<roles>', 'comma-separated: admin (operators), moderator (the catalog), risk (parameters, kill switches, MMP, halts), viewer (reads only)')
    .description('a new operator with its roles; prints its token once')
    .action((name: string, roles: string) => operator(['operators', 'add', name, roles]));
  operators.command('revoke').argument('<name>').description('refuse its token from now on (no restart)').action((name: string) => operator(['operators', 'revoke', name]));
}
