/** What the engine's thread and an intake worker say to each other. */
export interface ToIntake {
  id: number;
  task: string;
  input: unknown;
}

/** A task's refusal as it crosses the thread: the error class is rebuilt from `source`. */
export interface IntakeRefusal {
  source: 'intake' | 'catalog' | 'internal';
  code: string;
  message: string;
  details?: unknown;
}

export type FromIntake = { id: number; ok: true; result: unknown } | { id: number; ok: false; refusal: IntakeRefusal };

/** Asks a worker to exit between jobs (`IntakePool.close`): a thread terminated inside a native call aborts the process. */
export interface IntakeClose {
  close: true;
}
