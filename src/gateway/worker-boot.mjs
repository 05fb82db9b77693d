// Starts a worker thread on a TypeScript entry point: worker threads do not
// inherit the parent's --import hooks, so tsx's loader is registered here first.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
