/**
 * The wallet links' first transfers (wallet-links.ts): kept for every pair whatever either address's count,
 * and, for a store written before they were (2026-12-06), filled from its links once at open. Real LMDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/runtime/lmdb-file.js';
import { MAX_LINKS_PER_ADDRESS, WalletLinks } from '../../src/washing/wallet-links.js';

const A = '0x' + 'a'.repeat(40);
const B = '0x' + 'b'.repeat(40);
const addr = (i: number): string => `0x${i.toString(16).padStart(40, '0')}`;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('wallet links: first transfers', () => {
  it('keeps the transfer between two full addresses, which neither keeps as a link, and names both as touched', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-links-'));
    dirs.push(dir);
    const links = WalletLinks.open(dir);
    const fill = (who: string, from: number) => Array.from({ length: MAX_LINKS_PER_ADDRESS }, (_, i) => ({ from: who, to: addr(from + i), ref: `0x${from + i}:0`, blockNumber: 1 }));
    await links.add([...fill(A, 1_000), ...fill(B, 2_000)]);
    expect(links.crowded(A) && links.crowded(B)).toBe(true);
    const touched = await links.add([{ from: A, to: B, ref: '0xab:0', blockNumber: 2 }]);
    expect(touched.sort()).toEqual([A, B]);
    expect(links.linksOf(A).some((l) => l.counterparty === B)).toBe(false);
    expect(links.firstTransfer(A, B)).toEqual({ ref: '0xab:0', blockNumber: 2 });
    expect(links.firstTransfer(B, A)).toBeUndefined();
    // Read again (a range read twice): the first stays, nothing is touched.
    expect(await links.add([{ from: A, to: B, ref: '0xcd:0', blockNumber: 3 }])).toEqual([]);
    expect(links.firstTransfer(A.toUpperCase().replace('0X', '0x'), B)).toEqual({ ref: '0xab:0', blockNumber: 2 });
    await links.close();
  });

  it("fills the first transfers from an older store's links once, at open", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-links-'));
    dirs.push(dir);
    const links = WalletLinks.open(dir);
    await links.add([{ from: A, to: B, ref: '0xab:0', blockNumber: 5 }]);
    await links.close();
    // As a store written before the table: no first transfers, no mark.
    const env = openStore({ path: path.join(dir, 'washing'), maxDbs: 8 });
    await env.openDB({ name: 'transfers' }).clearAsync();
    await env.openDB({ name: 'meta' }).remove('transfers-filled');
    await env.close();
    const reopened = WalletLinks.open(dir);
    expect(reopened.firstTransfer(A, B)).toEqual({ ref: '0xab:0', blockNumber: 5 });
    expect(reopened.firstTransfer(B, A)).toBeUndefined();
    await reopened.close();
  });
});
