import { readdirSync, readFileSync } from 'node:fs';

export const SCHED_OTHER = 0;
export const SCHED_FIFO = 1;

export interface ThreadScheduling {
  policy: number;
  rtPriority: number;
}

/** One thread's scheduling policy and real-time priority (/proc/<pid>/task/<tid>/stat fields 41 and 40). */
export function threadScheduling(pid: number, tid: number): ThreadScheduling {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
  return { policy: Number(fields[41 - 3]), rtPriority: Number(fields[40 - 3]) };
}

/** Every thread of a process, by thread id. */
export function processScheduling(pid: number): Map<number, ThreadScheduling> {
  return new Map(readdirSync(`/proc/${pid}/task`).map((tid) => [Number(tid), threadScheduling(pid, Number(tid))]));
}
