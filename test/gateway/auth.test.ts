/**
 * Login on a real uWS server with real protobuf frames: a wallet signature over
 * the server's challenge opens (then finds) the account; forged, replayed,
 * wrong-text and expired signatures, bad operator tokens and requests before
 * login are all refused; too many failures close the connection.
 */
import { getBytes } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameSocket, PatxConnectionClosedError, PatxRequestError, TradingClient, wire, type patx } from '../../src/client/index.js';
import { closeCode, ErrorCode } from '../../src/gateway/index.js';
import { OPERATOR_TOKEN, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture({ maxLoginAttempts: 3 });
});
afterAll(async () => {
  await fx.stop();
});

/** A raw connection that has received its challenge. */
async function challenged(): Promise<{ socket: FrameSocket; challenge: patx.v1.IChallenge; frames: patx.v1.ServerFrame[] }> {
  const frames: patx.v1.ServerFrame[] = [];
  let resolveChallenge: (c: patx.v1.IChallenge) => void = () => undefined;
  const got = new Promise<patx.v1.IChallenge>((r) => (resolveChallenge = r));
  const socket = await FrameSocket.open(fx.tradeUrl, { requestTimeoutMs: 5_000 }, (f) => {
    frames.push(f);
    if (f.body === 'challenge') resolveChallenge(f.challenge!);
  });
  return { socket, challenge: await got, frames };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    if (error instanceof PatxRequestError) return error.code;
    if (error instanceof PatxConnectionClosedError) return `closed:${error.code}`;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('wallet login', () => {
  it('opens an account on first login and finds the same account on the next', async () => {
    const wallet = testWallet(1);
    const first = await fx.connect(wallet, { role: wire.Role.PROVIDER });
    expect(first.login.accountOpened).toBe(true);
    expect(first.role).toBe(wire.Role.PROVIDER);
    expect(first.login.address).toBe(wallet.address.toLowerCase());
    const account = fx.service.engine.accounts[first.accountId]!;
    expect(account.address).toBe(wallet.address.toLowerCase());
    const second = await fx.connect(wallet);
    expect(second.accountId).toBe(first.accountId);
    expect(second.login.accountOpened).toBe(false);
    expect(second.role).toBe(wire.Role.PROVIDER); // the account's role, not the one asked for
    await first.close();
    await second.close();
  });

  it('binds concurrent first logins of one wallet to one account', async () => {
    const wallet = testWallet(2);
    const clients = await Promise.all([fx.connect(wallet), fx.connect(wallet), fx.connect(wallet)]);
    expect(new Set(clients.map((c) => c.accountId)).size).toBe(1);
    expect(clients.filter((c) => c.login.accountOpened).length).toBe(1);
    await Promise.all(clients.map((c) => c.close()));
  });

  it('refuses a signature made by another key', async () => {
    const { socket, challenge } = await challenged();
    const victim = testWallet(3);
    const forged = await testWallet(4).signMessage(challenge.signText!);
    expect(await refusal(socket.request({ login: { address: victim.address, signature: getBytes(forged) } }))).toBe('AUTH_FAILED');
    await socket.close();
  });

  it('refuses a signature replayed from another connection', async () => {
    const wallet = testWallet(5);
    const a = await challenged();
    const signature = getBytes(await wallet.signMessage(a.challenge.signText!));
    const b = await challenged();
    expect(await refusal(b.socket.request({ login: { address: wallet.address, signature } }))).toBe('AUTH_FAILED');
    // ...and on its own connection it is good only once: after a failure the nonce rotates.
    const ok = await a.socket.request({ login: { address: wallet.address, signature } });
    expect(ok.body).toBe('loginAccepted');
    expect(await refusal(a.socket.request({ login: { address: wallet.address, signature } }))).toBe('ALREADY_AUTHENTICATED');
    await a.socket.close();
    await b.socket.close();
  });

  it('refuses a signature over other text, a malformed signature and a malformed address', async () => {
    const wallet = testWallet(6);
    const { socket, frames } = await challenged();
    const other = getBytes(await wallet.signMessage('PATX login\nnonce: 0x00\nchain: 31337'));
    expect(await refusal(socket.request({ login: { address: wallet.address, signature: other } }))).toBe('AUTH_FAILED');
    // A failed login brings a fresh challenge.
    expect(frames.filter((f) => f.body === 'challenge')).toHaveLength(2);
    expect(await refusal(socket.request({ login: { address: wallet.address, signature: new Uint8Array(64) } }))).toBe('AUTH_FAILED');
    // The third failure closes the connection with AUTH_FAILED.
    const closed = new Promise<number>((r) => (socket.onClose = (e) => r(e.code)));
    expect(await refusal(socket.request({ login: { address: 'not-an-address', signature: other } }))).toBe('AUTH_FAILED');
    expect(await closed).toBe(closeCode(ErrorCode.AUTH_FAILED));
  });

  it('refuses a wallet asking for a role it may not open', async () => {
    const wallet = testWallet(7);
    expect(await refusal(fx.connect(wallet, { role: wire.Role.BROKER }))).toBe('INVALID_FIELD');
    expect(await refusal(fx.connect(wallet, { role: wire.Role.OPERATOR }))).toBe('INVALID_FIELD');
  });

  it('refuses order entry before login and keeps the state unchanged', async () => {
    const { socket } = await challenged();
    const seq = fx.service.engine.lastSeq;
    expect(await refusal(socket.request({ newOrder: { seriesId: fx.seriesId, clientOrderId: 1, side: 1, priceMicros: 1000, qty: 1 } }))).toBe('NOT_AUTHENTICATED');
    expect(await refusal(socket.request({ accountQuery: {} }))).toBe('NOT_AUTHENTICATED');
    expect(fx.service.engine.lastSeq).toBe(seq);
    await socket.close();
  });
});

describe('operator login', () => {
  it('accepts the operator credential and refuses a wrong one', async () => {
    const op = await TradingClient.connect(fx.tradeUrl, { operatorToken: OPERATOR_TOKEN });
    expect(op.role).toBe(wire.Role.OPERATOR);
    expect(op.accountId).toBe(2);
    await op.close();
    expect(await refusal(TradingClient.connect(fx.tradeUrl, { operatorToken: OPERATOR_TOKEN + 'x' }))).toBe('AUTH_FAILED');
  });
});

describe('challenge expiry', () => {
  it('refuses a login after the challenge expired, or closes the connection for it', async () => {
    const short = await startGatewayFixture({ challengeTtlMs: 150 });
    try {
      const frames: patx.v1.ServerFrame[] = [];
      let challenge: patx.v1.IChallenge | undefined;
      const socket = await FrameSocket.open(short.tradeUrl, {}, (f) => {
        frames.push(f);
        if (f.body === 'challenge') challenge = f.challenge!;
      });
      while (challenge === undefined) await new Promise((r) => setTimeout(r, 5));
      const signature = getBytes(await testWallet(8).signMessage(challenge.signText!));
      await new Promise((r) => setTimeout(r, 400));
      const outcome = await refusal(socket.request({ login: { address: testWallet(8).address, signature } }));
      expect([`closed:${closeCode(ErrorCode.CHALLENGE_EXPIRED)}`, 'CHALLENGE_EXPIRED']).toContain(outcome);
      expect(short.service.engine.accountIdByAddress.has(testWallet(8).address.toLowerCase())).toBe(false);
    } finally {
      await short.stop();
    }
  });
});
