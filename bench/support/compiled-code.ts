/**
 * Keeps the engine's compiled code alive from one timed run to the next.
 *
 * V8 holds the hidden classes (maps) of an object's shape only weakly, through the transition
 * tree of its constructor, and optimized code holds the maps it checks weakly too. The
 * engine's one-per-engine objects (Engine, OrderEntry, BookStore, the order pool, …) are the
 * only objects of their maps, so when a run's engine is collected their maps die and every
 * function compiled against them is thrown away (`--trace-deopt`: "marking dependent code …
 * reason: weak objects"). The next run's engine then starts in the interpreter and compiles the
 * order path again: 100–200 ms a run, half of a one-series run of 1M operations, and whether a
 * run paid it depended on whether a full GC had collected the previous engine in between
 * (bench/RESULTS.md, "Compiled code between runs").
 *
 * A venue's engine lives for days, so its steady state is compiled code. The benches keep the
 * first engine (and sequencer) they time alive for the rest of the process: later engines have
 * the same maps, so the code compiled for the first is still valid for them, as a C++ book's
 * warm-up pass leaves its code and caches ready. Every timed run still starts on a fresh
 * engine with its own state.
 */
const kept = new Map<unknown, object>();

/** Keeps `instance` (the first of its class to come here) alive until the process ends. */
export function keepCompiledCode(instance: object): void {
  if (!kept.has(instance.constructor)) kept.set(instance.constructor, instance);
}
