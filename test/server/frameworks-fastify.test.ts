/**
 * The README's Fastify recipe ("Mounting"), run as written on Fastify 5 from npm in a fresh Node process against the
 * sandbox: a 2FA login through the `onRequest` hook mount, a request from another origin refused, an MG+ launch
 * through the relay mounted the same way; and the obvious mount (a route handler, after Fastify read the body)
 * refused at once with `BODY_ALREADY_READ` instead of hanging.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { expectProbe, frameworkEnv, probeCode, RELAY_CODE, readmeHandler } from '../helpers/frameworks.js';
import { examples, replaced, runModule } from '../helpers/readme.js';
import { freePort } from '../helpers/redis-server.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ gameId: 'mygame' });
});

afterAll(async () => {
  await sandbox.close();
});

const recipe = () => {
  const block = examples('Mounting').find((b) => b.includes("from 'fastify'"));
  expect(block).toBeDefined();
  return replaced(block as string, [["import { toNodeListener } from 'plyr-kit/server';", '']]);
};

it('Fastify 5: the README mount signs in, refuses another origin, and the relay launches', async () => {
  const port = await freePort();
  const token = await sandbox.mgplus.mintLaunchToken({ player: 'eur', game: 'fruit-slots' });
  const program = `${readmeHandler(sandbox)}
${RELAY_CODE}
${replaced(recipe(), [
  [
    'await app.listen({ port: 8787 });',
    `const relayListener = toNodeListener(relay);
app.all('/mg/*', { onRequest: async (request, reply) => { reply.hijack(); relayListener(request.raw, reply.raw); } }, async () => {});
await app.listen({ port: ${port}, host: '127.0.0.1' });`,
  ],
])}
${probeCode(sandbox, { base: `http://127.0.0.1:${port}`, mgPath: '/mg' }, token)}`;
  expectProbe(await runModule(program, { env: frameworkEnv(sandbox) }));
});

it('Fastify 5: a route-handler mount gets 500 BODY_ALREADY_READ at once, never a hang', async () => {
  const port = await freePort();
  const program = `${readmeHandler(sandbox)}
import Fastify from 'fastify';
const app = Fastify();
const endpoint = toNodeListener(handler);
app.post('/plyr/sign/*', (request, reply) => {
  reply.hijack();
  endpoint(request.raw, reply.raw);
});
await app.listen({ port: ${port}, host: '127.0.0.1' });
const started = Date.now();
const answer = await fetch('http://127.0.0.1:${port}/plyr/sign/api/user/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ plyrId: 'demo-player', otp: '000000' }),
  signal: AbortSignal.timeout(5000),
});
console.log(JSON.stringify({ status: answer.status, body: await answer.json(), fast: Date.now() - started < 2000 }));
process.exit(0);
`;
  const run = await runModule(program, { env: frameworkEnv(sandbox) });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const out = JSON.parse(run.stdout);
  expect(out).toEqual({
    status: 500,
    body: { error: expect.any(String), code: 'BODY_ALREADY_READ' },
    fast: true,
  });
  expect(out.body.error).toContain('onRequest hook with reply.hijack()');
});
