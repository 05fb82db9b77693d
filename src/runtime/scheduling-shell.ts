/**
 * A shell that runs util-linux's `chrt` for this process's threads (Node has no call for a thread's
 * scheduling policy), started while the process is still small: forking a process with a large heap
 * copies its page tables and blocks its threads meanwhile (measured here: ~2 ms at 10 MiB, ~100 ms
 * at 2 GiB), which a switch in the middle of a load must not cost. Requests run one at a time,
 * answered in order. Used by the engine thread's real-time priority (realtime-priority.ts) and the
 * side threads' background scheduling (background-threads.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';

export type SchedulingOutcome = { ok: true } | { ok: false; reason: string };

export class SchedulingShell {
  private readonly shell: ChildProcess;
  private readonly waiting: Array<(outcome: SchedulingOutcome) => void> = [];
  private said: string[] = [];
  private gone: string | undefined;

  constructor() {
    // $args unquoted on purpose: chrt's arguments are flags and numbers, split on spaces.
    this.shell = spawn('/bin/sh', ['-c', 'while read -r args; do chrt $args 2>&1; echo "exit $?"; done'], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.shell.unref();
    // The pipes must not keep the process alive either (ChildProcess types them as plain streams).
    (this.shell.stdin as Socket).unref();
    (this.shell.stdout as Socket).unref();
    this.shell.on('error', (error) => this.end(error.message));
    this.shell.on('exit', (code) => this.end(`the scheduling shell exited (${code})`));
    this.shell.stdin!.on('error', (error) => this.end(error.message));
    createInterface({ input: this.shell.stdout! }).on('line', (line) => {
      const exit = /^exit (\d+)$/.exec(line);
      if (exit === null) return void this.said.push(line);
      const reason = this.said.join('; ') || `chrt exited ${exit[1]}`;
      this.said = [];
      this.waiting.shift()?.(exit[1] === '0' ? { ok: true } : { ok: false, reason });
    });
  }

  /** Runs chrt with `args`; `done` gets its outcome. */
  chrt(args: readonly string[], done: (outcome: SchedulingOutcome) => void): void {
    if (this.gone !== undefined) return done({ ok: false, reason: this.gone });
    this.waiting.push(done);
    this.shell.stdin!.write(args.join(' ') + '\n');
  }

  close(): void {
    this.shell.kill();
  }

  private end(reason: string): void {
    this.gone ??= reason;
    for (const done of this.waiting.splice(0)) done({ ok: false, reason });
  }
}
