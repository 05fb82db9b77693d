import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareVersions, currentRuntime, loadUwsBinding, UWS_BUILDS, UwsNativeBindingError, type UwsBuild, type UwsRuntime } from '../../src/gateway/uws.js';

const here = currentRuntime();
const scratch = mkdtempSync(join(tmpdir(), 'patx-uws-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function failure(run: () => unknown): UwsNativeBindingError {
  try {
    run();
  } catch (error) {
    if (error instanceof UwsNativeBindingError) return error;
    throw error;
  }
  throw new Error('expected a UwsNativeBindingError');
}

describe('the native uWebSockets.js binding', () => {
  it('loads a native binary on this Node, never the JavaScript fallback', () => {
    const loaded = loadUwsBinding();
    expect(UWS_BUILDS.map((b) => b.packageName)).toContain(loaded.packageName);
    expect(loaded.binaryPath).toMatch(new RegExp(`uws_${here.platform}_${here.arch}_${here.abi}\\.node$`));
    // V8 prints a C++-backed function as "[native code]"; the fallback's App is a JavaScript function.
    expect(Function.prototype.toString.call(loaded.uws.App)).toContain('[native code]');
    expect(loaded.runtime.abi).toBe(process.versions.modules);
  });

  it('the binding serves: an App listens on loopback and answers', async () => {
    const { uws } = loadUwsBinding();
    const app = uws.App().get('/ping', (res) => {
      res.end('pong');
    });
    const socket = await new Promise<false | object>((resolve) => app.listen('127.0.0.1', 0, resolve));
    expect(socket).not.toBe(false);
    try {
      const port = uws.us_socket_local_port(socket as never);
      const reply = await fetch(`http://127.0.0.1:${port}/ping`);
      expect(await reply.text()).toBe('pong');
    } finally {
      uws.us_listen_socket_close(socket as never);
    }
  });

  it('refuses with a typed error naming the Node, its ABI and each build when no binary exists for the ABI', () => {
    const runtime: UwsRuntime = { ...here, nodeVersion: 'v99.0.0', abi: '999' };
    const error = failure(() => loadUwsBinding(runtime));
    expect(error.code).toBe('UWS_NATIVE_BINDING_MISSING');
    expect(error.runtime).toEqual(runtime);
    expect(error.attempts.map((a) => a.packageName)).toEqual(UWS_BUILDS.map((b) => b.packageName));
    for (const attempt of error.attempts) expect(attempt.reason).toMatch(/no binary for this platform and ABI/);
    expect(error.message).toContain('Node v99.0.0 (ABI 999)');
    expect(error.message).toContain('does not run on uWS\'s JavaScript fallback');
  });

  it('reports the loader\'s own reason for a binary that exists but cannot load', () => {
    // A file named as a binary but no shared object: dlopen itself refuses it.
    writeFileSync(join(scratch, 'uws_test_x_1.node'), 'not an ELF file');
    const broken: UwsBuild = { packageName: 'broken', uwsVersion: '0.0.0', supports: 'nothing', binaryFor: () => 'uws_test_x_1.node' };
    const runtime: UwsRuntime = { nodeVersion: 'v24.0.0', abi: '137', platform: 'linux', arch: 'x64', glibcVersion: '2.36' };
    const error = failure(() => loadUwsBinding(runtime, [broken], () => join(scratch, 'main.js')));
    expect(error.attempts).toHaveLength(1);
    expect(error.attempts[0]!.binaryPath).toBe(join(scratch, 'uws_test_x_1.node'));
    expect(error.attempts[0]!.reason).not.toMatch(/no binary/);
    expect(error.attempts[0]!.reason.length).toBeGreaterThan(0);
    // Node 24 on glibc 2.36: the advice names both ways out.
    expect(error.message).toContain('with glibc 2.36');
    expect(error.message).toMatch(/run PATX with Node 20, or run Node v24\.0\.0 on a system with glibc 2\.38 or later/);
  });

  it('uses the first build that loads, in order', () => {
    const missing: UwsBuild = { packageName: 'uWebSockets.js', uwsVersion: 'x', supports: 'x', binaryFor: () => 'uws_none_none_0.node' };
    const loaded = loadUwsBinding(here, [missing, ...UWS_BUILDS]);
    expect(UWS_BUILDS.map((b) => b.packageName)).toContain(loaded.packageName);
  });

  it('compares glibc versions numerically', () => {
    expect(compareVersions('2.36', '2.38')).toBe(-1);
    expect(compareVersions('2.41', '2.38')).toBe(1);
    expect(compareVersions('2.100', '2.38')).toBe(1);
    expect(compareVersions('2.38', '2.38.0')).toBe(0);
  });
});
