/**
 * The gateway's uWebSockets.js: always a native binding, never a JavaScript stand-in.
 *
 * Two builds are installed (docs/architecture.md, "Node versions and the native uWS"):
 * - `uWebSockets.js` (the upstream v20.57.0 binaries, npm `@btc-vision/uwebsockets.js`):
 *   Node 20, 22, 24 and 25 (ABI 115, 127, 137, 141) on Linux x64/arm64, macOS and Windows,
 *   built on Ubuntu 24.04, so on Linux they need glibc 2.38 or later (Debian 13, Ubuntu 24.04);
 * - `uws-legacy-node20` (v20.30.0, npm `@trufflesuite/uws-js-unofficial`): Node 20 (ABI 115)
 *   on glibc 2.27 or later, for Debian 12 and the like where the first cannot load.
 * The first that loads for this Node's ABI is used. When none does, the service refuses to
 * start with a UwsNativeBindingError rather than run on the legacy package's JavaScript
 * fallback (an HTTP/WebSocket server in JS, several times slower, with other limits).
 * The .node files are loaded directly, so no package's fallback code is ever reached.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type uWSTypes from 'uWebSockets.js';

/** The module the gateway uses: uWebSockets.js's API (types from the `uWebSockets.js` package). */
export type Uws = typeof uWSTypes;

/** What decides which binary can load: platform, arch, Node's module ABI, and glibc on Linux. */
export interface UwsRuntime {
  readonly nodeVersion: string;
  /** process.versions.modules: 115 for Node 20, 127 for 22, 137 for 24. */
  readonly abi: string;
  readonly platform: string;
  readonly arch: string;
  /** The C library's version on glibc Linux (from Node's report), undefined elsewhere. */
  readonly glibcVersion: string | undefined;
}

/** One installed build of uWebSockets.js: its package, and where its binary for a runtime lies. */
export interface UwsBuild {
  /** The dependency name in package.json (resolved from this file). */
  readonly packageName: string;
  readonly uwsVersion: string;
  /** What it supports, for the error message. */
  readonly supports: string;
  /** The binary's path relative to the directory of the package's resolved main file. */
  binaryFor(runtime: UwsRuntime): string;
}

const nativeFile = (runtime: UwsRuntime): string => `uws_${runtime.platform}_${runtime.arch}_${runtime.abi}.node`;

/** In order of preference: the newest first, the legacy Node 20 build for older glibc after it. */
export const UWS_BUILDS: readonly UwsBuild[] = [
  {
    packageName: 'uWebSockets.js',
    uwsVersion: '20.57.0',
    supports: 'Node 20, 22, 24, 25 (ABI 115, 127, 137, 141); on Linux glibc 2.38 or later',
    binaryFor: (runtime) => nativeFile(runtime), // beside uws.js
  },
  {
    packageName: 'uws-legacy-node20',
    uwsVersion: '20.30.0',
    supports: 'Node 20 (ABI 115) on glibc 2.27 or later',
    binaryFor: (runtime) => join('..', 'binaries', nativeFile(runtime)), // main is src/uws.js
  },
];

/** Why one build could not serve: its binary is missing for this ABI or platform, or would not load. */
export interface UwsAttempt {
  readonly packageName: string;
  readonly uwsVersion: string;
  readonly binaryPath: string | undefined;
  readonly reason: string;
}

/** No installed build of uWebSockets.js has a native binary that loads on this Node. */
export class UwsNativeBindingError extends Error {
  override readonly name = 'UwsNativeBindingError';
  readonly code = 'UWS_NATIVE_BINDING_MISSING';
  constructor(
    readonly runtime: UwsRuntime,
    readonly attempts: readonly UwsAttempt[],
  ) {
    super(describeFailure(runtime, attempts));
  }
}

/** The binding in use and where it came from (logged at start). */
export interface LoadedUws {
  readonly uws: Uws;
  readonly packageName: string;
  readonly uwsVersion: string;
  readonly binaryPath: string;
  readonly runtime: UwsRuntime;
}

export function currentRuntime(): UwsRuntime {
  return {
    nodeVersion: process.version,
    abi: process.versions.modules,
    platform: process.platform,
    arch: process.arch,
    glibcVersion: process.platform === 'linux' ? glibcRuntimeVersion() : undefined,
  };
}

function glibcRuntimeVersion(): string | undefined {
  // Node's report says which glibc the process runs on (absent on musl).
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  return report.header?.glibcVersionRuntime;
}

const requireHere = createRequire(import.meta.url);

/**
 * The first build whose native binary loads on `runtime`, or a UwsNativeBindingError
 * listing why each could not. `resolveMain` finds a package's main file (the real
 * module resolution unless a test points elsewhere).
 */
export function loadUwsBinding(
  runtime: UwsRuntime = currentRuntime(),
  builds: readonly UwsBuild[] = UWS_BUILDS,
  resolveMain: (packageName: string) => string = (name) => requireHere.resolve(name),
): LoadedUws {
  const attempts: UwsAttempt[] = [];
  for (const build of builds) {
    let binaryPath: string | undefined;
    try {
      binaryPath = join(dirname(resolveMain(build.packageName)), build.binaryFor(runtime));
      const uws = requireHere(binaryPath) as Uws;
      if (typeof uws.App !== 'function') throw new Error('the binary has no App');
      return { uws, packageName: build.packageName, uwsVersion: build.uwsVersion, binaryPath, runtime };
    } catch (error) {
      attempts.push({ packageName: build.packageName, uwsVersion: build.uwsVersion, binaryPath, reason: loadFailureReason(error) });
    }
  }
  throw new UwsNativeBindingError(runtime, attempts);
}

function loadFailureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'MODULE_NOT_FOUND') return 'no binary for this platform and ABI in the package (or the package is not installed)';
  // dlopen's own words, e.g. "version `GLIBC_2.38' not found"; its first line is the useful one.
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function describeFailure(runtime: UwsRuntime, attempts: readonly UwsAttempt[]): string {
  const where = `${runtime.platform} ${runtime.arch}${runtime.glibcVersion === undefined ? '' : ` with glibc ${runtime.glibcVersion}`}`;
  const tried = attempts.map((a) => `${a.packageName} ${a.uwsVersion}: ${a.reason}`).join('; ');
  const glibcTooOld = runtime.glibcVersion !== undefined && compareVersions(runtime.glibcVersion, '2.38') < 0;
  const advice =
    glibcTooOld && runtime.abi !== '115'
      ? `on glibc ${runtime.glibcVersion} only Node 20 has a native uWS here: run PATX with Node 20, or run Node ${runtime.nodeVersion} on a system with glibc 2.38 or later (Debian 13, Ubuntu 24.04, the PATX image)`
      : 'run PATX on Node 20, 22 or 24 (docs/running.md, "Requirements")';
  return `no native uWebSockets.js for Node ${runtime.nodeVersion} (ABI ${runtime.abi}) on ${where} (${tried}); PATX does not run on uWS's JavaScript fallback: ${advice}`;
}

/** Numeric comparison of dotted versions ("2.36" < "2.38" < "2.100"). */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

let loaded: LoadedUws | undefined;

/** The native binding for this process, loaded once; throws UwsNativeBindingError when there is none. */
export function nativeUwsBinding(): LoadedUws {
  loaded ??= loadUwsBinding();
  return loaded;
}

/** The uWS module the gateway's servers use (see nativeUwsBinding). */
export function uws(): Uws {
  return nativeUwsBinding().uws;
}
