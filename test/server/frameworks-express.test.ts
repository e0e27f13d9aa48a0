/**
 * The README's Express recipe ("Mounting"), run as written on Express 5 from npm in a fresh Node process against the
 * sandbox: a 2FA login through `app.use('/plyr/sign', toNodeListener(handler))`, a request from another origin
 * refused, and an MG+ launch through the relay mounted the same way (after `express.json()`, which the endpoint
 * reads the parsed body from).
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

it('Express 5: the README mount signs in, refuses another origin, and the relay launches behind express.json()', async () => {
  const recipe = examples('Mounting').find((b) => b.includes("from 'express'"));
  expect(recipe).toBeDefined();
  const port = await freePort();
  const token = await sandbox.mgplus.mintLaunchToken({ player: 'eur', game: 'fruit-slots' });
  const program = `${readmeHandler(sandbox)}
${RELAY_CODE}
${replaced(recipe as string, [
  ["import { toNodeListener } from 'plyr-kit/server';", ''],
  [
    'app.listen(8787);',
    `app.use(express.json());
app.use('/mg', toNodeListener(relay));
const server = app.listen(${port}, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));`,
  ],
])}
${probeCode(sandbox, { base: `http://127.0.0.1:${port}`, mgPath: '/mg' }, token)}`;
  expectProbe(await runModule(program, { env: frameworkEnv(sandbox) }));
});
