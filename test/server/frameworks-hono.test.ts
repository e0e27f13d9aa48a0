/**
 * The README's Hono recipe ("Mounting"), run as written on Hono with @hono/node-server from npm in a fresh Node
 * process against the sandbox: a 2FA login through the node-bindings mount (`c.env.incoming/outgoing`), a request
 * from another origin refused, and an MG+ launch through the Fetch-API mount (`relay(c.req.raw, { clientIp })`).
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

it('Hono: the node-bindings mount signs in and refuses another origin; the Fetch mount launches', async () => {
  const recipe = examples('Mounting').find((b) => b.includes("from 'hono'"));
  expect(recipe).toBeDefined();
  const port = await freePort();
  const token = await sandbox.mgplus.mintLaunchToken({ player: 'eur', game: 'fruit-slots' });
  const program = `${readmeHandler(sandbox)}
${RELAY_CODE}
${replaced(recipe as string, [
  ["import { toNodeListener } from 'plyr-kit/server';", ''],
  [
    'serve({ fetch: app.fetch, port: 8787 });',
    `const server = serve({ fetch: app.fetch, port: ${port}, hostname: '127.0.0.1' });
await new Promise((resolve) => server.once('listening', resolve));`,
  ],
])}
${probeCode(sandbox, { base: `http://127.0.0.1:${port}`, mgPath: '/mg' }, token)}`;
  expectProbe(await runModule(program, { env: frameworkEnv(sandbox) }));
});
