/**
 * The wallets a new transfer may relate (src/washing/relation.ts, candidateWallets), found on the engine's thread each
 * time a watched range touches a wallet: bounded in what it reads whatever the graph (an outside audit, 2026-12-06: a
 * wallet of 512 counterparties with 512 each was about 262,000 link and crowded reads before the guard's cap on
 * candidates applied). The graph is an in-memory LinkReader (the function reads nothing else), counting its reads.
 */
import { describe, expect, it } from 'vitest';
import { CANDIDATE_LINKS_READ, candidateWallets, type LinkReader } from '../../src/washing/relation.js';
import type { WalletLink } from '../../src/washing/wallet-links.js';

/** What candidateWallets reads of the links. */
type CandidateReader = Pick<LinkReader, 'linksOf' | 'crowded'>;

const addr = (prefix: string, i: number): string => `0x${prefix}${i.toString(16).padStart(38 - prefix.length, '0')}`.slice(0, 42);

/** `wallet` with `fanOut` counterparties, each with `fanOut` counterparties of its own; counts every link and crowded read. */
function dense(wallet: string, fanOut: number): CandidateReader & { reads: () => number } {
  const links = new Map<string, WalletLink[]>();
  const link = (counterparty: string): WalletLink => ({ counterparty, direction: 'out', ref: `${counterparty}:0`, blockNumber: 0 });
  const first = Array.from({ length: fanOut }, (_, i) => addr('a', i));
  links.set(wallet, first.map(link));
  first.forEach((x, i) => links.set(x, Array.from({ length: fanOut }, (_, j) => link(addr('b', i * fanOut + j)))));
  let reads = 0;
  return {
    linksOf: (address) => {
      const l = links.get(address) ?? [];
      reads += l.length;
      return l;
    },
    crowded: () => {
      reads++;
      return false;
    },
    reads: () => reads,
  };
}

describe('candidate wallets', () => {
  it('read at most CANDIDATE_LINKS_READ links (and their crowded checks) for one wallet, its own counterparties first', () => {
    const wallet = addr('c', 1);
    const reader = dense(wallet, 512);
    const found = candidateWallets(reader, new Set(), wallet, 1_024);
    expect(found.size).toBe(1_024);
    // Every direct counterparty is in: they relate whatever the counts.
    for (let i = 0; i < 512; i++) expect(found.has(addr('a', i))).toBe(true);
    // What it read: the links it returned arrays of and a crowded check each it looked at, bounded (not 512 × 512).
    expect(reader.reads()).toBeLessThanOrEqual(2 * CANDIDATE_LINKS_READ + 512 * 2);
  });

  it('stop at the read bound when the second hop finds nothing new (every counterparty names the same few wallets)', () => {
    const wallet = addr('c', 2);
    const links = new Map<string, WalletLink[]>();
    const first = Array.from({ length: 512 }, (_, i) => addr('a', i));
    links.set(wallet, first.map((counterparty): WalletLink => ({ counterparty, direction: 'out', ref: 'r', blockNumber: 0 })));
    const same: WalletLink[] = Array.from({ length: 512 }, (_, j) => ({ counterparty: addr('b', j % 4), direction: 'out', ref: 'r', blockNumber: 0 }));
    for (const x of first) links.set(x, same);
    let crowdedChecks = 0;
    const reader: CandidateReader = {
      linksOf: (a) => links.get(a) ?? [],
      crowded: () => {
        crowdedChecks++;
        return false;
      },
    };
    const found = candidateWallets(reader, new Set(), wallet, 1_024);
    expect(found.size).toBe(516); // the 512 and the 4 they all name
    expect(crowdedChecks).toBeLessThanOrEqual(CANDIDATE_LINKS_READ);
  });
});
