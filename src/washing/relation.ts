/**
 * When two accounts are related on-chain (docs/delivery.md, "Washing"): one account's
 * addresses (its wallet, the addresses that funded it, the addresses it sent PAT to)
 * meet the other's.
 *
 * - **direct**: PAT moved between the two wallets, either way (the consumer funded from the
 *   provider's wallet, the consumer withdrew to it, the provider funded from the consumer's);
 * - **shared destination**: both wallets sent PAT to one address (both withdrew to the same cold wallet);
 * - **passed through**: one wallet sent PAT to an address that funded the other.
 *
 * Not a relation: two wallets that merely received PAT from one address. Anyone can send PAT
 * to anyone, so a stranger's dust to a provider and its critics would otherwise silence them;
 * and a faucet or an exchange's hot wallet funds many unrelated people. Nor an address in the
 * common set (the vault, the token, the broker's wallet, the zero address), nor a crowded one
 * (wallet-links.ts). Every relation above needs the key of one of the two wallets.
 *
 * Crowded is for a third address only: the two wallets themselves are no hub. A provider that
 * sprayed dust to 512 fresh addresses (gas only) made its own wallet crowded, and then the PAT it
 * sent its second wallet related nothing (the direct link skipped, and on the full side not even
 * kept); a second wallet filled with dust the same way too (an outside audit, 2026-12-06). So a
 * direct link counts whatever either wallet's count, read from the first transfer each way, which is
 * kept even when both wallets were full before it (directLinks; until then, that case was missed).
 */
import type { LinkDirection, WalletLink } from './wallet-links.js';

export type RelationKind = 'same-wallet' | 'funded-from' | 'sent-to' | 'shared-destination' | 'passed-through';

export interface Relation {
  /** The address both accounts' sets hold. */
  sharedAddress: string;
  kind: RelationKind;
  /** In words, for the operator and the grant view. */
  why: string;
  /** The transfer(s) that show it (`txHash:logIndex`). */
  refs: string[];
}

export interface LinkReader {
  linksOf(address: string): WalletLink[];
  crowded(address: string): boolean;
  /** The first transfer from one address to the other, kept whatever either's count (wallet-links.ts). */
  firstTransfer(from: string, to: string): { ref: string; blockNumber: number } | undefined;
}

/** The links of an address that may relate it, by counterparty (common and crowded counterparties left out). */
function linkMap(reader: LinkReader, address: string, common: ReadonlySet<string>): Map<string, WalletLink[]> {
  const out = new Map<string, WalletLink[]>();
  for (const l of reader.linksOf(address)) {
    if (common.has(l.counterparty) || reader.crowded(l.counterparty)) continue;
    const list = out.get(l.counterparty);
    if (list === undefined) out.set(l.counterparty, [l]);
    else list.push(l);
  }
  return out;
}

/**
 * The links between wallets `wa` and `wb` themselves, as `wa`'s (counterparty `wb`): the first transfer
 * each way, kept whatever either wallet's count (a full address keeps no new link on its side, and
 * when both were full neither did).
 */
function directLinks(reader: LinkReader, wa: string, wb: string): WalletLink[] {
  const out: WalletLink[] = [];
  const sent = reader.firstTransfer(wa, wb);
  if (sent !== undefined) out.push({ counterparty: wb, direction: 'out', ref: sent.ref, blockNumber: sent.blockNumber });
  const funded = reader.firstTransfer(wb, wa);
  if (funded !== undefined) out.push({ counterparty: wb, direction: 'in', ref: funded.ref, blockNumber: funded.blockNumber });
  return out;
}

function has(links: WalletLink[] | undefined, direction: LinkDirection): WalletLink | undefined {
  return links?.find((l) => l.direction === direction);
}

/**
 * How wallet `a` (named `aName`, e.g. "consumer #12") is related to wallet `b`, or undefined.
 * Direct links first (the plainest evidence), then a shared address.
 */
export function relationOf(reader: LinkReader, common: ReadonlySet<string>, a: { wallet: string; name: string }, b: { wallet: string; name: string }): Relation | undefined {
  const wa = a.wallet.toLowerCase();
  const wb = b.wallet.toLowerCase();
  if (wa === wb) return { sharedAddress: wa, kind: 'same-wallet', why: `${a.name} and ${b.name} have the same wallet ${wa}`, refs: [] };
  const la = linkMap(reader, wa, common);
  const direct = common.has(wa) || common.has(wb) ? undefined : directLinks(reader, wa, wb);
  const fundedBy = has(direct, 'in');
  if (fundedBy !== undefined) return { sharedAddress: wb, kind: 'funded-from', why: `${a.name}'s wallet ${wa} was funded from ${b.name}'s wallet ${wb}`, refs: [fundedBy.ref] };
  const sent = has(direct, 'out');
  if (sent !== undefined) return { sharedAddress: wb, kind: 'sent-to', why: `${a.name}'s wallet ${wa} sent PAT to ${b.name}'s wallet ${wb}`, refs: [sent.ref] };
  const lb = linkMap(reader, wb, common);
  for (const [x, linksA] of la) {
    if (x === wb) continue;
    const linksB = lb.get(x);
    if (linksB === undefined) continue;
    const aOut = has(linksA, 'out');
    const bOut = has(linksB, 'out');
    if (aOut !== undefined && bOut !== undefined) return { sharedAddress: x, kind: 'shared-destination', why: `${a.name}'s wallet ${wa} and ${b.name}'s wallet ${wb} both sent PAT to ${x}`, refs: [aOut.ref, bOut.ref] };
    const aIn = has(linksA, 'in');
    const bIn = has(linksB, 'in');
    if (aOut !== undefined && bIn !== undefined) return { sharedAddress: x, kind: 'passed-through', why: `${a.name}'s wallet ${wa} sent PAT to ${x}, which funded ${b.name}'s wallet ${wb}`, refs: [aOut.ref, bIn.ref] };
    if (bOut !== undefined && aIn !== undefined) return { sharedAddress: x, kind: 'passed-through', why: `${b.name}'s wallet ${wb} sent PAT to ${x}, which funded ${a.name}'s wallet ${wa}`, refs: [bOut.ref, aIn.ref] };
    // Both only funded from x: not a relation (see above).
  }
  return undefined;
}

/**
 * Links candidateWallets reads at most for one wallet, each with its counterparty's crowded check (a
 * read of its own): the work is on the engine's thread, and a wallet of 512 counterparties with 512
 * each was about 262,000 reads before the guard's cap on candidates applied (an outside audit, 2026-12-06).
 */
export const CANDIDATE_LINKS_READ = 16_384;

/**
 * Wallets that may be related to `wallet`, at most `maxCandidates` of them within CANDIDATE_LINKS_READ
 * links read: first its counterparties (crowded ones too: a direct link relates whatever the counts,
 * relationOf), then the counterparties of those not crowded (what relationOf could find through a
 * third address). For finding the accounts a new link relates.
 */
export function candidateWallets(reader: Pick<LinkReader, 'linksOf' | 'crowded'>, common: ReadonlySet<string>, wallet: string, maxCandidates = Number.POSITIVE_INFINITY, maxLinksRead = CANDIDATE_LINKS_READ): Set<string> {
  const w = wallet.toLowerCase();
  const out = new Set<string>();
  let read = 0;
  const through: string[] = [];
  for (const l of reader.linksOf(w)) {
    if (out.size >= maxCandidates || read++ >= maxLinksRead) return out;
    const x = l.counterparty;
    if (common.has(x) || out.has(x)) continue;
    out.add(x);
    if (!reader.crowded(x)) through.push(x);
  }
  for (const x of through) {
    for (const l of reader.linksOf(x)) {
      if (out.size >= maxCandidates || read++ >= maxLinksRead) return out;
      const y = l.counterparty;
      if (y === w || out.has(y) || common.has(y) || reader.crowded(y)) continue;
      out.add(y);
    }
  }
  return out;
}
