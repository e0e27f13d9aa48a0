/**
 * `toNodeListener` behind something that already read the request body (as Fastify's route handlers do): over real
 * node:http, the signing handler (its fast path) and any other Fetch-API handler answer at once with 500
 * `BODY_ALREADY_READ` instead of waiting for an `end` that never comes; a body kept where Node's request shows it
 * (`req.body`, as `express.json()` leaves it) is still used.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, expect, it } from '@jest/globals';
import { type FetchHandler, toNodeListener } from '../../src/server/http/node-adapter.js';
import { createSigningHandler } from '../../src/server/plyr/signing-handler.js';
import { listenOnLoopback, TEST_KEYS } from '../helpers/server-harness.js';

let server: { url: string; close(): Promise<void> } | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A stand-in framework: reads the whole body first, keeps it as `req.body` only when `keep`, then mounts. */
function readsBodyFirst(listener: ReturnType<typeof toNodeListener>, keep: boolean) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (keep)
        (req as IncomingMessage & { body?: unknown }).body = JSON.parse(Buffer.concat(chunks).toString());
      listener(req, res);
    });
  };
}

const signing = () =>
  createSigningHandler({ ...TEST_KEYS, mode: 'relay', basePath: '/plyr/relay', rateLimit: false });

const post = (body: unknown) =>
  fetch(`${server?.url}/plyr/relay/api/user/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(3000),
  });

it('the signing handler refuses a body read and dropped by a framework at once', async () => {
  server = await listenOnLoopback(readsBodyFirst(toNodeListener(signing()), false));
  const answer = await post({ plyrId: 'demo-player', otp: '123456' });
  expect(answer.status).toBe(500);
  expect((await answer.json()).code).toBe('BODY_ALREADY_READ');
});

it('any other Fetch-API handler gets the same refusal, never called with a body that cannot come', async () => {
  let called = false;
  const other: FetchHandler = async (request) => {
    called = true;
    return new Response(await request.text());
  };
  server = await listenOnLoopback(readsBodyFirst(toNodeListener(other), false));
  const answer = await post({ hello: 'world' });
  expect([answer.status, (await answer.json()).code, called]).toEqual([500, 'BODY_ALREADY_READ', false]);
});

it('a body the framework kept as req.body is used', async () => {
  let seen = '';
  const other: FetchHandler = async (request) => {
    seen = await request.text();
    return new Response('ok');
  };
  server = await listenOnLoopback(readsBodyFirst(toNodeListener(other), true));
  const answer = await post({ hello: 'world' });
  expect([answer.status, seen]).toEqual([200, '{"hello":"world"}']);
});
