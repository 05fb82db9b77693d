/**
 * A periodic step that runs one at a time: a tick while it runs joins the run in flight, and `idle`
 * waits for it (the embedded chain's confirmation miner and its state dumper tick on timers whose
 * steps can outlast the interval).
 */
export class OneAtATime {
  private running: Promise<void> | undefined;

  constructor(private readonly step: () => Promise<void>) {}

  tick(): Promise<void> {
    this.running ??= this.step().finally(() => (this.running = undefined));
    return this.running;
  }

  async idle(): Promise<void> {
    await this.running;
  }
}
