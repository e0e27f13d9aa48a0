/** Lazily loaded parts of the client: one download for concurrent callers, a failed one is NETWORK and is retried. */
import { describe, expect, it } from '@jest/globals';
import { lazy } from '../../src/core/lazy.js';
import { isPlyrError } from '../../src/index.js';

describe('lazy', () => {
  it('loads once for concurrent and later callers', async () => {
    let loads = 0;
    const load = lazy(async () => ({ n: ++loads }));
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(loads).toBe(1);
  });

  it('turns a failed download into NETWORK and downloads again on the next call', async () => {
    let loads = 0;
    const load = lazy(async () => {
      loads++;
      if (loads === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return 'module';
    });
    const error = await load().catch((e: unknown) => e);
    expect(isPlyrError(error, 'NETWORK')).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(await load()).toBe('module');
    expect(loads).toBe(2);
  });
});
