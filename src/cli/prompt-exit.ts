/**
 * Why a `patx` process exits as soon as its command is done. Node's fetch parses HTTP with llhttp compiled to
 * WebAssembly; after a few responses V8 tiers its big parsing function up to TurboFan on a background thread
 * (0.3-0.8 s of CPU on a loaded machine). When the event loop empties, node drains the platform's background
 * tasks before it exits, so every command that had fetched stayed that long after its last line, doing nothing
 * for the user (a CPU profile shows the main thread idle; `--trace-wasm-compilation-times` shows the one
 * TurboFan compile). Liftoff's code (the first tier) parses a CLI's few responses as well: no tier-up is started.
 */
import v8 from 'node:v8';

/** Called first thing in a CLI process (runCliProcess); the service never calls it. */
export function keepWasmInFirstTier(): void {
  v8.setFlagsFromString('--liftoff-only');
}
