/** The account statement's thread (statement-thread.ts): follows the journal (statement-follower.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { followJournal } from './statement-follower.js';
import type { StatementThreadData } from './statement-thread.js';

followJournal(parentPort!, workerData as StatementThreadData);
