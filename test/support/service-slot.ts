/** A test file's one running service and its data dir, stopped and removed after each test. */
import { afterEach } from 'vitest';
import type { Service } from '../../src/app/service.js';
import { removeDir } from './exchange-fixture.js';

/** Registers the afterEach; a test sets `service` and `dir` as it starts them. */
export function serviceSlot(): { service?: Service; dir?: string } {
  const slot: { service?: Service; dir?: string } = {};
  afterEach(async () => {
    await slot.service?.stop().catch(() => undefined);
    slot.service = undefined;
    if (slot.dir !== undefined) removeDir(slot.dir);
    slot.dir = undefined;
  });
  return slot;
}
