/**
 * Refusals a developer can fix say which cause and how, in the endpoint's JSON and so in the browser's
 * `PlyrError.message`: a page origin the endpoint does not allow (named, when it looks like an origin), and a client
 * whose signer mode differs from the endpoint's, either way round.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPlyr } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createSigningHandler, toNodeListener } from '../../src/server/index.js';
import { rejection } from '../helpers/rejection.js';
import {
  listenOnLoopback,
  readAnswer,
  sandboxKeys,
  signRequest,
  testHandler,
} from '../helpers/server-harness.js';

describe('the origin refusal', () => {
  it('names the origin and the `origins` option', async () => {
    const answer = await readAnswer(
      await testHandler()(signRequest({}, { headers: { origin: 'http://localhost:5173' } })),
    );
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
    expect(String((answer.json as { error: string }).error)).toMatch(
      /^http:\/\/localhost:5173 may not use the endpoint: list it in the endpoint's `origins` option/,
    );
  });

  it('does not echo an Origin header that is not an origin', async () => {
    const answer = await readAnswer(
      await testHandler()(signRequest({}, { headers: { origin: 'https://x.test/<script>' } })),
    );
    expect(String((answer.json as { error: string }).error)).toMatch(/^this page origin may not use/);
  });
});

describe('a client whose signer mode differs from the endpoint', () => {
  let sandbox: Sandbox;
  const servers: Array<{ url: string; close(): Promise<void> }> = [];
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await sandbox.close();
  });

  async function endpoint(mode: 'sign' | 'relay', basePath: string): Promise<string> {
    const listener = toNodeListener(
      createSigningHandler({ ...sandboxKeys(sandbox), mode, basePath, rateLimit: false }),
    );
    const started = await listenOnLoopback((req, res) => listener(req, res));
    servers.push(started);
    return `${started.url}${basePath}`;
  }

  const client = (signer: Parameters<typeof createPlyr>[0]['signer']) =>
    createPlyr({ gameId: sandbox.gameId, apiBase: sandbox.url, signer, storage: 'memory', syncTabs: false });

  it('sign-mode client, relay endpoint: SIGNER_REJECTED that says to use one mode', async () => {
    const url = await endpoint('relay', '/plyr/relay');
    const error = await rejection(client({ url, mode: 'sign' }).userInfo('demo-player'));
    expect(error.code).toBe('SIGNER_REJECTED');
    expect(error.message).toMatch(/in relay mode .* give both the same mode/);
  });

  it('relay-mode client (the default), sign endpoint: SIGNER_REJECTED that says to use one mode', async () => {
    const url = await endpoint('sign', '/plyr/sign');
    const error = await rejection(client(url).userInfo('demo-player'));
    expect(error.code).toBe('SIGNER_REJECTED');
    expect(error.message).toMatch(/in sign mode .* give both the same mode/);
  });
});
