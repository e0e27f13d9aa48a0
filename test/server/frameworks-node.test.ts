/**
 * Node 20, both module systems, through the package's own `exports` map: `import 'plyr-kit/server'` (dist/server.js,
 * the README's "Signing endpoint" example) and `require('plyr-kit/server')` (dist/server.cjs, the README's CommonJS
 * recipe under "Mounting"), each in a fresh Node process from the repository root against the sandbox: a 2FA login,
 * a request from another origin refused, and an MG+ launch through the relay of the same build.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { expectProbe, frameworkEnv, probeCode } from '../helpers/frameworks.js';
import { examples, replaced, root, runModule } from '../helpers/readme.js';
import { freePort } from '../helpers/redis-server.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ gameId: 'mygame' });
});

afterAll(async () => {
  await sandbox.close();
});

/** The ```js blocks of the README's "Mounting" section (examples() takes the ```ts ones). */
function jsBlocks(): string[] {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  const start = text.indexOf('\n## Mounting\n');
  const section = text.slice(start, text.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

/** An MG+ relay on its own loopback server, from the module system's own copy of the package. */
const relayServer = (mgPort: number) => `
const relayServer = http
  .createServer(
    toNodeListener(
      createRelayHandler({
        baseUrl: process.env.MGPLUS_URL,
        sharedSecret: process.env.MGPLUS_SHARED_SECRET,
        provider: 'mystudio',
        basePath: '/mg',
      }),
    ),
  )
  .listen(${mgPort}, '127.0.0.1');
`;

it("ESM: import 'plyr-kit/server' (dist/server.js) signs in, refuses another origin and launches", async () => {
  const [endpoint] = examples('Signing endpoint (your server)');
  const [port, mgPort] = [await freePort(), await freePort()];
  const token = await sandbox.mgplus.mintLaunchToken({ player: 'eur', game: 'fruit-slots' });
  const program = `${replaced(endpoint as string, [
    ['import { createSigningHandler, ', 'import { createRelayHandler, createSigningHandler, '],
    ["apiBase: 'https://api-testnet.plyr.network'", `apiBase: ${JSON.stringify(sandbox.url)}`],
    ['.listen(8787)', `.listen(${port}, '127.0.0.1')`],
  ])}
${relayServer(mgPort)}
if (import.meta.resolve('plyr-kit/server') !== new URL('dist/server.js', import.meta.resolve('plyr-kit/package.json')).href) throw new Error('not dist/server.js');
${probeCode(sandbox, { base: `http://127.0.0.1:${port}`, mgPath: `http://127.0.0.1:${mgPort}/mg` }, token)}`;
  expectProbe(await runModule(program, { env: frameworkEnv(sandbox) }));
});

it("CommonJS: require('plyr-kit/server') (dist/server.cjs), the README recipe, signs in, refuses another origin and launches", async () => {
  const [recipe] = jsBlocks();
  expect(recipe).toContain("require('plyr-kit/server')");
  const [port, mgPort] = [await freePort(), await freePort()];
  const token = await sandbox.mgplus.mintLaunchToken({ player: 'eur', game: 'fruit-slots' });
  const program = `${replaced(recipe as string, [
    ["apiBase: 'https://api-testnet.plyr.network'", `apiBase: ${JSON.stringify(sandbox.url)}`],
    ['.listen(8787)', `.listen(${port}, '127.0.0.1')`],
  ])}
const { createRelayHandler } = require('plyr-kit/server');
if (require.resolve('plyr-kit/server') !== require('node:path').join(${JSON.stringify(root)}, 'dist', 'server.cjs')) throw new Error('not dist/server.cjs');
${relayServer(mgPort)}
${probeCode(sandbox, { base: `http://127.0.0.1:${port}`, mgPath: `http://127.0.0.1:${mgPort}/mg`, plyrId: 'second-player' }, token)}`;
  expectProbe(await runModule(program, { env: frameworkEnv(sandbox), type: 'commonjs' }), 'second-player');
});
