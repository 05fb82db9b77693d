/**
 * The layers of src/, bottom to top, declared in one place (issue 76; docs/layers.md draws them).
 * A part is a top-level folder under src/, or a file lying directly in src/ (only `main.ts`).
 * Each layer holds levels, lowest first; a part may import the parts of its own level and of every
 * level below it, never one above. Parts on one level may import each other, but never in a circle.
 * Arrows that point up today, and why, are listed in test/architecture/layers.test.ts.
 */

export interface Layer {
  readonly name: string;
  /** What the layer is for, and so what may not live in it. */
  readonly job: string;
  /** Its parts, lowest level first. */
  readonly levels: readonly (readonly string[])[];
}

export const LAYERS: readonly Layer[] = [
  {
    name: 'foundations',
    job: 'vocabulary and plumbing with no knowledge of the exchange: data structures, the process (log, health, environment, TLS, ports), the wire schema, the HTTP route vocabulary, the signed-request text, the option-pricing formulas, the settlement index formula',
    levels: [['collections', 'runtime', 'proto', 'http-registry', 'request-signing', 'option-pricing', 'settlement-index']],
  },
  {
    name: 'core',
    job: 'the exchange itself, deterministic and without I/O beyond its journal: pre-trade risk parameters and checks, then the engine (durability, matching, products, settlement records)',
    levels: [['risk'], ['engine']],
  },
  {
    name: 'services',
    job: 'what runs beside the core: reads its journal, sends it commands, keeps its own stores; no listening socket of its own beyond routes handed to an edge',
    levels: [
      // Journal followers every read model builds on, and the provider registry.
      ['read-models', 'providers'],
      // Listings: what a grant is for.
      ['catalog'],
      // Grants of access to a listing, their ledger and escrow.
      ['grants'],
      // What uses grants: the provider's gate, the intake of evidence, wash-trading guards,
      // standing subscriptions; the broker's quoter and the phase-readiness report (which need only the read models);
      // the dashboards' figures over time (read models and the catalog); organisations (their members' grants).
      ['gate', 'intake', 'washing', 'subscriptions', 'quoting', 'phase-readiness', 'dashboards', 'organisations'],
      // On-chain settlement of trades and grants (nets the grants' commitments).
      ['settlement'],
      // The operator's view over all of the above: alarms, audit trail, risk changes.
      ['operator'],
    ],
  },
  {
    name: 'edges',
    job: 'where the outside world meets the exchange: sockets, HTTP, MCP, the client library, and the standby that serves them from a follower',
    levels: [
      ['gateway', 'client'],
      ['mcp', 'provider-server', 'replication'],
    ],
  },
  {
    name: 'application',
    job: 'composes the parts into processes: the service wiring and its config, the demo, the sandbox, the CLI, and main.ts',
    levels: [['app'], ['demo'], ['sandbox', 'cli'], ['main.ts']],
  },
];

/** Where a part sits: its layer and its rank (the global index of its level, 0 at the bottom). */
export interface Placement {
  readonly layer: string;
  readonly rank: number;
}

export function placements(layers: readonly Layer[] = LAYERS): Map<string, Placement> {
  const out = new Map<string, Placement>();
  let rank = 0;
  for (const layer of layers) {
    for (const level of layer.levels) {
      for (const part of level) {
        if (out.has(part)) throw new Error(`${part} is placed twice in the layers`);
        out.set(part, { layer: layer.name, rank });
      }
      rank++;
    }
  }
  return out;
}
