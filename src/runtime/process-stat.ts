import { readFileSync } from 'node:fs';

/** What /proc/<pid>/stat says of a process that this code reads: its state (R, S, Z…), parent and process group. */
export interface ProcessStat {
  state: string;
  ppid: number;
  pgrp: number;
}

/**
 * A process's stat line (Linux's /proc), or undefined when there is none (gone, or no /proc). The
 * command name, field 2, is in parentheses and may hold spaces or parentheses of its own, so the
 * fields after it are counted from the last ')'.
 */
export function processStat(pid: number): ProcessStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0]!, ppid: Number(fields[1]), pgrp: Number(fields[2]) };
}

/** Whether `pid` has exited and only waits to be reaped (false where /proc says nothing). Signal 0 still reaches such a process, but it holds nothing. */
export function isZombie(pid: number): boolean {
  return processStat(pid)?.state === 'Z';
}

/**
 * Whether `pid` is a process still running: signal 0 reaches it (or is refused with EPERM: another user's) and it
 * has not exited to wait for its reaping (a SIGKILLed test worker can stay unreaped a while).
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only checks that the process exists
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/**
 * A thread of this process, from its schedstat: the time it has run and the time it has waited runnable for a core, in ns
 * (Linux's /proc/self/task/<tid>/schedstat), or undefined when it is gone (or there is no /proc).
 */
export function threadSchedstat(tid: number): { cpuNs: number; waitNs: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/self/task/${tid}/schedstat`, 'latin1');
  } catch {
    return undefined;
  }
  const [cpu, wait] = text.split(' ', 2);
  return { cpuNs: Number(cpu), waitNs: Number(wait) };
}
