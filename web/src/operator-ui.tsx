/** What the operator page's sections share: a loaded answer or its reason, the action callback, and the loading/refusal line. */

/** An API answer as a section holds it: the value, the refusal's reason, or not yet loaded (undefined). */
export type Loaded<T> = { ok: true; value: T } | { ok: false; reason: string } | undefined;

/** Runs a change through the API; its outcome shows in the page's result banner. Answers whether it was done. */
export type Act = (what: string, method: string, path: string, body?: unknown) => Promise<boolean>;

export function Failed({ loaded }: { loaded: Loaded<unknown> }) {
  if (loaded === undefined) return <p class="muted">loading…</p>;
  if (!loaded.ok) return <div class="banner" role="alert">{loaded.reason}</div>;
  return null;
}
