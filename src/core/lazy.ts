/**
 * Parts of the client that a sign-in does not need (the PLYR[CONNECT] flow, the local JWT check, the profile calls
 * with the platform's error table, the allowance calls) are separate chunks, downloaded on first use. A failed
 * download rejects like a failed request, with `NETWORK`, and is tried again on the next call.
 */
import { PlyrError } from './errors.js';

/** Wraps a dynamic `import()`: one download, shared by concurrent callers; failures are not kept. */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw new PlyrError('NETWORK', 'Could not load a part of plyr-kit', { cause: error });
    });
    return loading;
  };
}

/**
 * The chunks, one `import()` each (the client and the transport share the profile chunk; the allowance calls are the
 * client's own, see `client.ts`).
 */
export const loadVerifier = lazy(() => import('./local-verify.js'));
export const loadConnectFlow = lazy(() => import('./connect/flow.js'));
export const loadProfile = lazy(() => import('./profile.js'));
