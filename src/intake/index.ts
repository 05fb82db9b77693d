/** The intake: the work a stranger controls, bounded and done off the engine's thread. */
export { IntakePool, DEFAULT_INTAKE_LIMITS, WARM_UP_TASK, type Intake, type IntakeLimits, type IntakeCounters, type RunOptions } from './pool.js';
export { IntakeError, type IntakeErrorCode } from './intake-error.js';
export { parseJsonBody, jsonDepthWithin, DEFAULT_MAX_JSON_DEPTH } from './json-limits.js';
export type { TaskName, TaskInput, TaskOutput } from './tasks.js';
export { movableBuffer } from './movable.js';
