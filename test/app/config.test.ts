/**
 * Configuration from outside: every environment value parses strictly (a value that
 * is not one of the accepted forms is an error naming the variable, never a silent
 * default), and every problem is reported together in one ConfigError.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, feedServerPort, loadConfig, STATEMENT_AUTO_CORES, statementOn, unknownEnvVars } from '../../src/app/config.js';
import { envInt, envSwitch } from '../../src/runtime/config-env.js';

function problems(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('environment values are strict', () => {
  it('switches: on/off, true/false, 1/0; anything else (no, yes, enabled) is an error naming the variable', () => {
    for (const [text, enabled] of [['off', false], ['OFF', false], ['false', false], ['0', false], ['on', true], ['true', true], ['1', true]] as const) {
      expect(loadConfig({ PATX_SETTLEMENT: text }).settlement.enabled).toBe(enabled);
    }
    for (const text of ['no', 'yes', 'enabled', 'disable', '2']) {
      expect(problems({ PATX_SETTLEMENT: text })).toEqual([`PATX_SETTLEMENT=${JSON.stringify(text)}: expected on|off (also true|false, 1|0)`]);
    }
  });

  it('the account statement: auto by default, kept on a host of 4 cores or more; on and off as said; PATX_STATEMENT takes auto too', () => {
    const auto = loadConfig({});
    expect(auto.statement.enabled).toBe('auto');
    expect(STATEMENT_AUTO_CORES).toBe(4);
    expect(statementOn(auto, 2)).toBe(false);
    expect(statementOn(auto, 3)).toBe(false);
    expect(statementOn(auto, 4)).toBe(true);
    expect(statementOn(loadConfig({ PATX_STATEMENT: 'on' }), 2)).toBe(true);
    expect(statementOn(loadConfig({ PATX_STATEMENT: 'off' }), 64)).toBe(false);
    expect(statementOn(loadConfig({ PATX_STATEMENT: 'AUTO' }), 8)).toBe(true);
    expect(problems({ PATX_STATEMENT: 'sometimes' })).toEqual(['PATX_STATEMENT="sometimes": expected on|off (also true|false, 1|0), or auto']);
  });

  it('integers: digits only and in range (no 1e3, 0x10, 80x, 8480.5, 70000)', () => {
    expect(loadConfig({ PATX_PORT: '9000' }).gateway.port).toBe(9000);
    expect(loadConfig({ PATX_PORT: '0' }).gateway.port).toBe(0);
    for (const text of ['1e3', '0x10', '80x', '8480.5', ' ', 'abc']) {
      expect(problems({ PATX_PORT: text })[0]).toMatch(/^PATX_PORT=.*: expected a whole number from 0 to 65535$/);
    }
    expect(problems({ PATX_PORT: '70000' })).toEqual(['PATX_PORT=70000: out of range, expected 0 to 65535']);
    // The demo model feed's provider server: the next port after the provider server's unless named (an outside review's
    // consecutive ports put it on the chain's port, and it did not start).
    expect(feedServerPort(loadConfig({ PATX_PROVIDER_PORT: '18582' }))).toBe(18583);
    expect(feedServerPort(loadConfig({ PATX_PROVIDER_PORT: '18582', PATX_FEED_PROVIDER_PORT: '18590' }))).toBe(18590);
    expect(feedServerPort(loadConfig({ PATX_PROVIDER_PORT: '0' }))).toBe(0);
    expect(problems({ PATX_ENGINE_REALTIME_PRIORITY: '100' })).toEqual(['PATX_ENGINE_REALTIME_PRIORITY=100: out of range, expected 0 to 99']);
    expect(problems({ PATX_CHAIN_ID: 'mainnet' })[0]).toMatch(/^PATX_CHAIN_ID="mainnet": expected a whole number/);
  });

  it('enums: one of the listed values', () => {
    expect(loadConfig({ PATX_DURABILITY: 'flush' }).durability).toBe('flush');
    expect(problems({ PATX_DURABILITY: 'sometimes' })).toEqual(['PATX_DURABILITY="sometimes": expected one of commit|flush']);
    expect(problems({ PATX_LOG_LEVEL: 'verbose' })).toEqual(['PATX_LOG_LEVEL="verbose": expected one of fatal|error|warn|info|debug|trace|silent']);
  });

  it('a host must be an IP address or a host name', () => {
    expect(loadConfig({ PATX_HOST: '0.0.0.0' }).gateway.host).toBe('0.0.0.0');
    expect(loadConfig({ PATX_HOST: '::1' }).gateway.host).toBe('::1');
    expect(loadConfig({ PATX_HOST: 'localhost' }).gateway.host).toBe('localhost');
    for (const host of ['bad host', 'exa_mple!', '-leading.dash', 'http://127.0.0.1']) {
      expect(problems({ PATX_HOST: host })).toEqual(['gateway.host: an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1) or a host name (e.g. localhost)']);
    }
  });

  it('trusted proxies: comma-separated addresses and CIDR blocks; anything else is an error naming the entry', () => {
    expect(loadConfig({ PATX_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8,fd00::/8' }).gateway.trustedProxies).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    expect(loadConfig({}).gateway.trustedProxies).toEqual([]);
    for (const entry of ['proxy.example', '10.0.0.0/33', '10.0.0.0/x', '999.1.1.1']) {
      expect(problems({ PATX_TRUSTED_PROXIES: `127.0.0.1,${entry}` })).toEqual(['gateway.trustedProxies.1: an IP address or CIDR block (e.g. 127.0.0.1, 10.0.0.0/8, fd00::/8)']);
    }
  });

  it('webhooks: no private target unless its exact address:port is listed; the old blanket switch is an error saying so', () => {
    expect(loadConfig({}, { settlement: { enabled: false } }).subscriptions.webhookAllow).toEqual([]); // the demo on: nothing allowed
    expect(loadConfig({}, { subscriptions: { webhookAllow: ['127.0.0.1:9000', '[::1]:9000'] } }).subscriptions.webhookAllow).toEqual(['127.0.0.1:9000', '[::1]:9000']);
    expect(() => loadConfig({}, { subscriptions: { webhookAllow: ['127.0.0.0/8'] } })).toThrow(/not an exact address:port/);
    expect(() => loadConfig({}, { subscriptions: { webhookAllow: ['localhost:9000'] } })).toThrow(/not an exact address:port/);
    expect(() => loadConfig({}, { subscriptions: { privateWebhooks: true } })).toThrow(/subscriptions\.webhookAllow/);
    // The ledger's own dispute clock is gone too (issue 73): the refusal names the one journaled window.
    expect(() => loadConfig({}, { grants: { disputeMs: 3_600_000 } })).toThrow(/risk\.disputeWindowMs/);
    // So is the gateway's own bound on pending withdrawals: the engine's rule (rules 24) is the one number.
    expect(() => loadConfig({}, { gateway: { maxPendingWithdrawalsPerAccount: 5 } })).toThrow(/rules 24/);
  });

  it('lists every problem at once, from the environment and from the schema', () => {
    const found = problems({ PATX_SETTLEMENT: 'no', PATX_PORT: 'abc', PATX_HOST: 'not a host', PATX_DURABILITY: 'never' });
    expect(found).toHaveLength(4);
    const error = (() => {
      try {
        loadConfig({ PATX_SETTLEMENT: 'no', PATX_PORT: 'abc' });
      } catch (e) {
        return e as ConfigError;
      }
      return undefined;
    })();
    expect(error?.message).toBe(
      'invalid configuration (environment):\n  - PATX_PORT="abc": expected a whole number from 0 to 65535\n  - PATX_SETTLEMENT="no": expected on|off (also true|false, 1|0)',
    );
  });

  it('the parsers themselves', () => {
    expect(envInt('-5', 'X', -10, 10)).toEqual({ ok: true, value: -5 });
    expect(envInt('99999999999999999999', 'X', 0, 10).ok).toBe(false);
    expect(envSwitch(' On ', 'X')).toEqual({ ok: true, value: true });
  });

  it('names PATX_* variables nothing reads (typos), and only those', () => {
    expect(unknownEnvVars({ PATX_PORT: '1', PATX_SETTLER_KEY: 'k', PATX_SETTLMENT: 'off', PATH: '/bin', PATX_OPERATOR_URL: 'u' })).toEqual(['PATX_SETTLMENT']);
  });

  it('knows every PATX_* variable the code reads (one the CLI or a tool reads was warned of as a typo)', () => {
    const read = new Set<string>();
    for (const file of readdirSync('src', { recursive: true, encoding: 'utf8' })) {
      if (!/\.(ts|mjs|js)$/.test(file) || file.startsWith('proto')) continue;
      const text = readFileSync(path.join('src', file), 'utf8');
      // Read outside the config's env tables: process.env.PATX_X, process.env['PATX_X'], or a CLI option's .env('PATX_X').
      for (const m of text.matchAll(/(?:process\.env\.|process\.env\[['"]|\.env\(['"])(PATX_[A-Z0-9_]+)/g)) read.add(m[1]!);
    }
    expect(read.size).toBeGreaterThan(5);
    const env = Object.fromEntries([...read].map((name) => [name, '1']));
    expect(unknownEnvVars(env)).toEqual([]);
  });
});

describe('shipped risk limits', () => {
  it('every broker limit and market-maker protection is on by default; a config lays its own over them, and 0 turns one off only when it says so', () => {
    const shipped = loadConfig({}).quoting.params;
    for (const name of ['risk.maxOrderQty', 'risk.priceBandBps', 'risk.maxPositionQty', 'risk.throttleMessages', 'risk.brokerMaxLongSeries', 'risk.brokerMaxLongWindow', 'risk.mmpQty', 'risk.mmpFreezeMs']) {
      expect(shipped[name], name).toBeGreaterThan(0);
    }
    const tuned = loadConfig({}, { quoting: { params: { 'risk.mmpQty': 0, 'risk.maxOrderQty': 500 } } }).quoting.params;
    expect(tuned['risk.mmpQty']).toBe(0);
    expect(tuned['risk.maxOrderQty']).toBe(500);
    expect(tuned['risk.brokerMaxLongSeries']).toBe(shipped['risk.brokerMaxLongSeries']); // the rest stay shipped
  });
});

describe('replication settings', () => {
  const KEY = '0x' + '11'.repeat(32);

  it('PATX_REPLICATION_SERVERS turns it on with those servers; the node name and the acknowledgement mode come from their variables', () => {
    expect(loadConfig({}).replication.enabled).toBe(false);
    const r = loadConfig({ PATX_REPLICATION_SERVERS: 'nats://10.0.0.1:4222, nats://10.0.0.2:4222', PATX_REPLICATION_NODE: 'east-1', PATX_REPLICATION_ACK: 'local', PATX_GRANT_SIGNER_KEY: KEY, PATX_SETTLEMENT: 'off' }).replication;
    expect(r).toMatchObject({ enabled: true, servers: ['nats://10.0.0.1:4222', 'nats://10.0.0.2:4222'], node: 'east-1', ack: 'local', replicas: 3 });
    // The lease's ttl by the acknowledgement mode unless set: longer than a NATS stream's election under quorum acks.
    expect(loadConfig({ PATX_REPLICATION_SERVERS: 'nats://a:4222', PATX_GRANT_SIGNER_KEY: KEY, PATX_SETTLEMENT: 'off' }).replication).toMatchObject({ ack: 'quorum', leaseTtlMs: 15_000 });
    expect(r.leaseTtlMs).toBe(1_000);
    expect(loadConfig({ PATX_REPLICATION_SERVERS: 'nats://a:4222', PATX_REPLICATION_ACK: 'local', PATX_GRANT_SIGNER_KEY: KEY, PATX_SETTLEMENT: 'off', PATX_REPLICATION_LEASE_TTL_MS: '5000' }).replication.leaseTtlMs).toBe(5_000);
    expect(loadConfig({ PATX_REPLICATION_SERVERS: 'nats://a:4222', PATX_GRANT_SIGNER_KEY: KEY, PATX_SETTLEMENT: 'off', PATX_REPLICATION_LEASE_TTL_MS: '3000' }).replication).toMatchObject({ leaseTtlMs: 3000, leaseRenewMs: 200 });
    expect(problems({ PATX_REPLICATION_SERVERS: 'nats://a:4222', PATX_GRANT_SIGNER_KEY: KEY, PATX_SETTLEMENT: 'off', PATX_REPLICATION_LEASE_TTL_MS: '100' })[0]).toMatch(/^PATX_REPLICATION_LEASE_TTL_MS=100: /);
  });

  it('refuses an acknowledgement mode it does not know, a server that is not a nats URL, a lease renewed too rarely, and replication without the shared grant key', () => {
    expect(problems({ PATX_REPLICATION_SERVERS: 'nats://a:4222', PATX_REPLICATION_ACK: 'all', PATX_GRANT_SIGNER_KEY: KEY, PATX_SETTLEMENT: 'off' })).toEqual(['PATX_REPLICATION_ACK="all": expected one of local|quorum']);
    expect(problems({ PATX_REPLICATION_SERVERS: 'http://a:4222', PATX_GRANT_SIGNER_KEY: KEY, PATX_SETTLEMENT: 'off' })[0]).toMatch(/^replication\.servers\.0: a nats:\/\/ or tls:\/\/ URL/);
    expect(() => loadConfig({}, { replication: { enabled: true, servers: ['nats://a:4222'], leaseTtlMs: 1000, leaseRenewMs: 500 }, grants: { signerKey: KEY }, settlement: { enabled: false } })).toThrow(/leaseRenewMs must be at most a third of leaseTtlMs/);
    expect(problems({ PATX_REPLICATION_SERVERS: 'nats://a:4222', PATX_SETTLEMENT: 'off' })).toEqual(['grants.signerKey: replication needs the access-grant signing key configured (PATX_GRANT_SIGNER_KEY), the same on every node']);
  });

  it('a replicated group with settlement on must name one chain and one deployment for all its nodes', () => {
    expect(problems({ PATX_REPLICATION_SERVERS: 'nats://a:4222', PATX_GRANT_SIGNER_KEY: KEY })).toEqual([
      'settlement.rpcUrl: a replicated group settles on one chain: set settlement.rpcUrl (PATX_RPC_URL), the same on every node, or PATX_SETTLEMENT=off',
      'settlement.contracts: a replicated group settles on one deployment: set settlement.contracts, the same on every node',
    ]);
    const contracts = { token: '0x' + '01'.repeat(20), governance: '0x' + '02'.repeat(20), registry: '0x' + '03'.repeat(20), vault: '0x' + '04'.repeat(20), deployBlock: 1 };
    const c = loadConfig({ PATX_REPLICATION_SERVERS: 'nats://a:4222', PATX_GRANT_SIGNER_KEY: KEY, PATX_RPC_URL: 'http://10.0.0.9:8545' }, { settlement: { contracts } });
    expect(c.settlement).toMatchObject({ enabled: true, rpcUrl: 'http://10.0.0.9:8545', contracts });
    // 'local' acks can lose an acknowledged tail at a failover: never where batches settle on chain.
    expect(() => loadConfig({ PATX_REPLICATION_SERVERS: 'nats://a:4222', PATX_GRANT_SIGNER_KEY: KEY, PATX_RPC_URL: 'http://10.0.0.9:8545', PATX_REPLICATION_ACK: 'local' }, { settlement: { contracts } })).toThrow(
      /replication\.ack: 'local' acks can lose acknowledged commands at a failover/,
    );
  });
});
