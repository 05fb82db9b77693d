/**
 * A login the intake is too busy to check is answered busy, never "invalid signature", and is not counted as a failed
 * attempt (an outside attacker's review: from enough addresses a flood of logins with random signatures filled the
 * signature workers, and 5 of 21 honest logins were refused AUTH_FAILED "signature is not a valid secp256k1
 * signature", each counted toward the 3 failures that cut the connection). Here one address's logins go past its
 * jobs in flight on the intake (8): raw sockets, each with its challenge, send their logins in one write each, the
 * honest one last; then the honest one sends the same login again once the flood has been answered, and is in. A login
 * whose account the engine cannot read now (it stopped) is refused as a command then is and given a fresh challenge.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wire } from '../../src/client/index.js';
import { signInMessageFor } from '../../src/client/trading-client.js';
import { until } from '../support/exchange-fixture.js';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';
import { serverFrames, wsFrame } from '../support/raw-market-client.js';

type Frame = ReturnType<typeof wire.ServerFrame.decode>;

const GARBAGE = 30;

let fx: GatewayFixture;

beforeAll(async () => {
  // Its 31 sockets log in from one address at once: above the default of 10 not yet logged in per address.
  fx = await startGatewayFixture({ maxUnauthenticatedPerAddress: 100 });
  await fx.service.intake.ready();
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

/** A raw order-entry socket and everything it is sent after the handshake, decoded (the challenge may share the handshake's packet). */
async function rawSession(url = fx.tradeUrl): Promise<{ socket: Socket; frames: () => Frame[] }> {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => undefined);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  const frames = (): Frame[] => {
    const all = Buffer.concat(chunks);
    const end = all.indexOf('\r\n\r\n');
    return end < 0 ? [] : serverFrames(all.subarray(end + 4)).filter((f) => f.opcode === 2).map((f) => wire.ServerFrame.decode(f.payload));
  };
  await until(() => frames().some((f) => f.body === 'challenge'), 'the challenge');
  return { socket, frames };
}

describe('a login the intake cannot check now', () => {
  it('is answered busy, not AUTH_FAILED, and counts no failure: the same login again is in', async () => {
    const wallet = Wallet.createRandom();
    const garbage = await Promise.all(Array.from({ length: GARBAGE }, () => rawSession()));
    const honest = await rawSession();
    const challenge = honest.frames().find((f) => f.body === 'challenge')!.challenge!;
    const message = signInMessageFor(challenge, wallet.address, new URL(fx.tradeUrl).host);
    const login = (address: string, sig: string, requestId: number): Buffer =>
      wsFrame(wire.ClientFrame.encode({ requestId, login: { address, signature: Buffer.from(sig.slice(2), 'hex') } }).finish());
    const honestLogin = login(wallet.address, await wallet.signMessage(message), 7);
    // Each garbage login signs nothing of its challenge: a valid-looking 65 bytes over another text.
    const stranger = Wallet.createRandom();
    const forged = await stranger.signMessage('not the challenge');
    for (const [k, g] of garbage.entries()) g.socket.write(login(stranger.address, forged, k + 1));
    honest.socket.write(honestLogin);
    const answered = (s: { frames: () => Frame[] }): Frame | undefined => s.frames().find((f) => f.body === 'error' || f.body === 'loginAccepted');
    await until(() => [...garbage, honest].every((s) => answered(s) !== undefined), 'every login answered', 30_000);

    const errors = garbage.map((g) => answered(g)!.error!);
    const busy = errors.filter((e) => e.code === wire.ErrorCode.RATE_LIMITED || e.code === wire.ErrorCode.SERVER_BUSY);
    // Past the address's 8 jobs in flight the intake refuses at once: the flood did meet a busy intake.
    expect(busy.length).toBeGreaterThan(0);
    for (const e of busy) expect(e.message).toMatch(/^the login's signature could not be checked now \(.*\); not counted as a failed login: send the same login again shortly$/);
    for (const e of errors.filter((x) => !busy.includes(x))) expect([e.code, e.message]).toEqual([wire.ErrorCode.AUTH_FAILED, "signature was not made by this address over this challenge's sign-in message"]);

    // The honest login, sent last, met the full intake: busy, and its connection still open with its challenge.
    const first = answered(honest)!;
    expect(first.body).toBe('error');
    expect([wire.ErrorCode.RATE_LIMITED, wire.ErrorCode.SERVER_BUSY]).toContain(first.error!.code);
    // A busy login counts nothing: three more busy answers would not cut it; the same login again logs in.
    honest.socket.write(honestLogin);
    await until(() => honest.frames().some((f) => f.body === 'loginAccepted'), 'the same login again, accepted', 30_000);
    for (const s of [...garbage, honest]) s.socket.destroy();
  }, 60_000);
});

describe("an address's wallet logins", () => {
  it('past its bucket are refused RATE_LIMITED before any signature is checked, counting no failure: the connection logs in once the bucket refills', async () => {
    const small = await startGatewayFixture({ loginRateLimitPerAddress: { burst: 2, perSecond: 0.25 } });
    try {
      const wallet = Wallet.createRandom();
      const session = await rawSession(small.tradeUrl);
      const login = (requestId: number, signature: string): Buffer => wsFrame(wire.ClientFrame.encode({ requestId, login: { address: wallet.address, signature: Buffer.from(signature.slice(2), 'hex') } }).finish());
      const wrong = await Wallet.createRandom().signMessage('something else');
      // Two wrong signatures spend the burst (two failures of three); the honest login next is over the bucket: refused, not counted.
      for (const requestId of [1, 2]) {
        session.socket.write(login(requestId, wrong));
        await until(() => session.frames().filter((f) => f.body === 'challenge').length === requestId + 1, 'a refusal with a fresh challenge');
      }
      expect(session.frames().filter((f) => f.body === 'error').map((f) => f.error!.code)).toEqual([wire.ErrorCode.AUTH_FAILED, wire.ErrorCode.AUTH_FAILED]);
      const challenge = session.frames().filter((f) => f.body === 'challenge').at(-1)!.challenge!;
      const signed = await wallet.signMessage(signInMessageFor(challenge, wallet.address, new URL(small.tradeUrl).host));
      session.socket.write(login(3, signed));
      await until(() => session.frames().some((f) => f.requestId === 3), 'the third answered');
      const third = session.frames().find((f) => f.requestId === 3)!;
      expect([third.error?.code, third.error?.message]).toEqual([wire.ErrorCode.RATE_LIMITED, expect.stringMatching(/^logins from this address: at most 2 at once or 0.25 a second; not counted as a failed login: send it again in \d+ s$/)]);
      // Not a third failure (which closes the connection): once the bucket has a token, the same login is in.
      await new Promise((resolve) => setTimeout(resolve, 4_100));
      session.socket.write(login(4, signed));
      await until(() => session.frames().some((f) => f.body === 'loginAccepted'), 'the login accepted', 10_000);
      session.socket.destroy();
    } finally {
      await small.stop();
    }
  }, 60_000);
});

describe('a checked login whose account the engine cannot find now', () => {
  it('is refused as a command then is, with a fresh challenge: not left "in progress", so the same wallet logs in again', async () => {
    const halted = await startGatewayFixture();
    try {
      const wallet = Wallet.createRandom();
      const session = await rawSession(halted.tradeUrl);
      const challenges = (): NonNullable<Frame['challenge']>[] => session.frames().flatMap((f) => (f.challenge ? [f.challenge] : []));
      const login = async (requestId: number): Promise<void> => {
        const signed = await wallet.signMessage(signInMessageFor(challenges().at(-1)!, wallet.address, new URL(halted.tradeUrl).host));
        session.socket.write(wsFrame(wire.ClientFrame.encode({ requestId, login: { address: wallet.address, signature: Buffer.from(signed.slice(2), 'hex') } }).finish()));
      };
      // The sequencer stops (as at shutdown) while the signature is checked on the intake: the account's read is refused.
      await login(1);
      void halted.service.sequencer.stop();
      await until(() => session.frames().some((f) => f.requestId === 1), 'the login answered');
      const refused = session.frames().find((f) => f.requestId === 1)!;
      expect([refused.error?.code, refused.error?.message]).toEqual([wire.ErrorCode.SERVICE_UNAVAILABLE, 'the engine is stopped; nothing was done']);
      // Before: no challenge came, and every login after it was refused "a login is in progress".
      await until(() => challenges().length === 2, 'a fresh challenge', 5_000);
      await login(2);
      await until(() => session.frames().some((f) => f.requestId === 2), 'the second login answered');
      expect(session.frames().find((f) => f.requestId === 2)!.error?.code).toBe(wire.ErrorCode.SERVICE_UNAVAILABLE);
      await until(() => challenges().length === 3, 'another fresh challenge', 5_000);
      session.socket.destroy();
    } finally {
      await halted.stop();
    }
  }, 60_000);
});
