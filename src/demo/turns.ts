/**
 * A demo participant's turns: `step` every `intervalMs`, one at a time (a slow turn delays the
 * next, never overlaps it). `stop` ends the timer and waits for the turn under way.
 */
export function everyTurn(step: () => Promise<void>, intervalMs: number): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(step);
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
