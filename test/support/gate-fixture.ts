/**
 * What the gate's tests share (test/gate/gate.test.ts, push.test.ts, usage.test.ts): the exchange,
 * a provider and a consumer (fresh wallets; the exchange's grant signer), an access grant of theirs
 * at a test's time, the typed refusal a call ends in, and a gate on a fresh LMDB directory for each
 * test, closed and removed after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet, type HDNodeWallet } from 'ethers';
import { afterEach, beforeEach } from 'vitest';
import { GateError, type Gate, type GateRefusal } from '../../src/gate/index.js';
import { GrantSigner, type AccessGrant, type GrantDomain } from '../../src/grants/index.js';

export const GATE_DOMAIN: GrantDomain = { name: 'PATX', version: '1', chainId: 31337, verifyingContract: '0x' + '5f'.repeat(20) };
/** The gate's public endpoint (where consumers send requests), and what a request is signed with. */
export const GATE_ENDPOINT = 'https://data.provider.example/patx/records';

export interface GateParties {
  domain: GrantDomain;
  exchange: HDNodeWallet;
  provider: HDNodeWallet;
  consumer: HDNodeWallet;
  /** The exchange's grant key. */
  signer: GrantSigner;
}

export function gateParties(): GateParties {
  const exchange = Wallet.createRandom();
  return { domain: GATE_DOMAIN, exchange, provider: Wallet.createRandom(), consumer: Wallet.createRandom(), signer: new GrantSigner(exchange.privateKey, GATE_DOMAIN) };
}

/** Grant 7 of 3 rights of listing 3 version 2, its window open an hour either side of `nowMs`, with `over`. */
export function accessGrant(p: Pick<GateParties, 'provider' | 'consumer'>, nowMs: number, over: Partial<AccessGrant> = {}): AccessGrant {
  return { grantId: 7, consumer: p.consumer.address, provider: p.provider.address, listingId: 3, listingVersion: 2, seriesId: 1, windowOpenMs: nowMs - 3_600_000, windowCloseMs: nowMs + 3_600_000, quantity: 3, expiresAtMs: nowMs + 86_400_000, nonce: 99, ...over };
}

/** The gate's refusal `run` ended in, or 'admitted' (any other error fails the test). */
export async function gateRefusal(run: () => unknown): Promise<GateRefusal | 'admitted'> {
  try {
    await run();
    return 'admitted';
  } catch (error) {
    if (error instanceof GateError) return error.code;
    throw error;
  }
}

/** The gate a test runs against, and its directory. */
export class GateUnderTest {
  gate!: Gate;
  dir = '';
  constructor(private readonly opener: (dir: string) => Gate) {}

  /** A restart: the gate closed and opened again on the same directory (with `opener`, when given). */
  async reopen(opener: (dir: string) => Gate = this.opener): Promise<Gate> {
    await this.gate.close();
    return (this.gate = opener(this.dir));
  }

  /** @internal vitest's hooks. */
  open(prefix: string): void {
    this.dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    this.gate = this.opener(this.dir);
  }

  /** @internal */
  async remove(): Promise<void> {
    await this.gate.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A gate opened by `opener` on a fresh directory before each test, closed and removed after it. */
export function gateForEachTest(prefix: string, opener: (dir: string) => Gate): GateUnderTest {
  const t = new GateUnderTest(opener);
  beforeEach(() => t.open(prefix));
  afterEach(() => t.remove());
  return t;
}
