/**
 * The gateway's connection caps within the process's open files (an attacker's review: idle connections took all
 * 20,000 files; /healthz stopped answering, the chain's RPC failed EMFILE). Pure: the limit as /proc/self/limits says it.
 */
import { describe, expect, it } from 'vitest';
import { connectionsWithin, openFileLimit, softOpenFiles } from '../../src/runtime/open-files.js';

const limits = (soft: string, hard = soft): string => `Limit                     Soft Limit           Hard Limit           Units     \nMax cpu time              unlimited            unlimited            seconds   \nMax open files            ${soft}                ${hard}                files     \n`;

describe('open files', () => {
  it('reads the soft limit; unlimited or unreadable is none', () => {
    expect(softOpenFiles(limits('20000'))).toBe(20_000);
    expect(softOpenFiles(limits('unlimited'))).toBeUndefined();
    expect(softOpenFiles(undefined)).toBeUndefined();
    expect(softOpenFiles('nothing here')).toBeUndefined();
    // This process's own (Linux): a number.
    expect(openFileLimit()).toBeGreaterThan(0);
  });

  it('two endpoints take at most two thirds of what the reserve leaves; a cap that fits stays', () => {
    // 20,000 files: 2,048 kept, 5,984 for each endpoint (and as many for HTTP), not 20,000 each.
    expect(connectionsWithin(20_000, 20_000)).toBe(5_984);
    expect(2 * connectionsWithin(20_000, 20_000) + 2_048).toBeLessThan(20_000);
    // A small limit (many distributions' 1,024): a quarter kept, 256 each.
    expect(connectionsWithin(20_000, 1_024)).toBe(256);
    expect(connectionsWithin(1_000, 1_048_576)).toBe(1_000);
    expect(connectionsWithin(20_000, undefined)).toBe(20_000);
  });
});
