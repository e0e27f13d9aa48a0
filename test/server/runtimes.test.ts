/**
 * plyr-kit/server (dist/server.js) in real Bun and Deno, from npm, against the sandbox on Node over real HTTP:
 * the README's `### Bun` and `### Deno` recipes (`Bun.serve`, `Deno.serve`) as written, and node:http through
 * `toNodeListener` in each runtime. Every mount does a relay-mode 2FA login, refuses another page origin and
 * launches an MG+ game through the relay; requests from two loopback addresses (127.0.0.1, 127.0.0.2) show that
 * each client address has its own rate-limit bucket, and that a native server that passes no `clientIp` puts
 * every player in one.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { distUrl, examples, replaced } from '../helpers/readme.js';
import { freePort } from '../helpers/redis-server.js';
import {
  type Answer,
  describeInRuntime,
  type RuntimeName,
  type RuntimeProcess,
  send,
  startInRuntime,
  waitForPort,
} from '../helpers/runtimes.js';

const PAGE = 'https://mygame.example';
/** The per-IP burst of the default limits: the request after it, from one address, is a 429. */
const PER_IP_BURST = 30;

/** What a mount did: the login, the other origin, the MG+ launch. */
interface Visit {
  login: Answer;
  otherOrigin: Answer;
  launch: Answer;
}

/** A relay login, a request from another page origin and an MG+ launch, all from 127.0.0.3. */
async function visit(port: number, sandbox: Sandbox): Promise<Visit> {
  const from = '127.0.0.3';
  const login = await send(port, '/plyr/sign/api/user/login', {
    from,
    body: { plyrId: 'demo-player', otp: sandbox.totp('demo-player') },
  });
  const otherOrigin = await send(port, '/plyr/sign/api/user/login', {
    from,
    headers: { origin: 'https://other.example' },
    body: {},
  });
  const launchToken = await sandbox.mgplus.mintLaunchToken({ player: 'eur', game: 'fruit-slots' });
  const launch = await send(port, '/mg/v1/authenticate', {
    from,
    headers: { origin: PAGE },
    body: { launchToken, provider: 'mystudio', game: 'fruit-slots', platform: 'desktop' },
  });
  return { login, otherOrigin, launch };
}

function expectVisit({ login, otherOrigin, launch }: Visit): void {
  expect([login.status, login.json.plyrId]).toEqual([200, 'demo-player']);
  expect([otherOrigin.status, otherOrigin.json.code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
  expect(launch.status).toBe(200);
  expect(launch.json.sessionId).toEqual(expect.any(String));
  expect(launch.json.balance).toBe(1000.5);
  expect(launch.json).not.toHaveProperty('playerToken');
}

/**
 * Asks from 127.0.0.1 until its per-IP bucket refuses (requests refused by the allow-list, which still take a
 * token; at most one more than the burst), then once from 127.0.0.2: 127.0.0.1's last status and 127.0.0.2's.
 */
async function twoAddresses(port: number): Promise<[number, number]> {
  let last = 0;
  for (let i = 0; i <= PER_IP_BURST && last !== 429; i++)
    last = (await send(port, '/plyr/sign/api/not-listed', { from: '127.0.0.1' })).status;
  const other = await send(port, '/plyr/sign/api/not-listed', { from: '127.0.0.2' });
  return [last, other.status];
}

/** The handlers the tests mount beside the recipe: the recipe's options, with the sandbox's keys in them. */
const handlers = (sandbox: Sandbox) => `
const signerOptions = {
  apiKey: ${JSON.stringify(sandbox.apiKey)},
  secretKey: ${JSON.stringify(sandbox.secretKey)},
  gameId: 'mygame',
  apiBase: ${JSON.stringify(sandbox.url)},
  basePath: '/plyr/sign',
  origins: [${JSON.stringify(PAGE)}],
};
const signer = createSigningHandler(signerOptions);
const relay = createRelayHandler({
  baseUrl: ${JSON.stringify(sandbox.url)},
  sharedSecret: ${JSON.stringify(sandbox.mgplus.sharedSecret)},
  provider: 'mystudio',
  basePath: '/mg',
  origins: [${JSON.stringify(PAGE)}],
});
`;

/** node:http in the runtime, and a native server that passes no `clientIp` (with a handler of its own). */
const mounts = (name: RuntimeName, sandbox: Sandbox, nodePort: number, barePort: number) => `
import http from 'node:http';
import { createRelayHandler, createSigningHandler, toNodeListener } from ${distUrl('server.js')};
${handlers(sandbox)}
const signOnNode = toNodeListener(signer);
const relayOnNode = toNodeListener(relay);
http
  .createServer((req, res) => (req.url.startsWith('/mg/') ? relayOnNode : signOnNode)(req, res))
  .listen(${nodePort}, '127.0.0.1');
const bare = createSigningHandler(signerOptions);
${
  name === 'bun'
    ? `Bun.serve({ port: ${barePort}, hostname: '127.0.0.1', fetch: (request) => bare(request) });`
    : `Deno.serve({ port: ${barePort}, hostname: '127.0.0.1', onListen() {} }, (request) => bare(request));`
}
`;

const RUNTIMES: Array<{ name: RuntimeName; title: string; serve: string; recipe: string }> = [
  { name: 'bun', title: 'Bun', serve: 'Bun.serve', recipe: 'Bun.serve({' },
  { name: 'deno', title: 'Deno', serve: 'Deno.serve', recipe: 'Deno.serve({' },
];

for (const { name, title, serve, recipe } of RUNTIMES) {
  describeInRuntime(name, `plyr-kit/server in ${title}`, () => {
    const children: RuntimeProcess[] = [];
    const sandboxes: Sandbox[] = [];
    const ports = { recipe: 0, node: 0, bare: 0 };

    beforeAll(async () => {
      const [recipeSandbox, nodeSandbox] = await Promise.all([
        startSandbox({ gameId: 'mygame' }),
        startSandbox({ gameId: 'mygame' }),
      ]);
      sandboxes.push(recipeSandbox, nodeSandbox);
      [ports.recipe, ports.node, ports.bare] = await Promise.all([freePort(), freePort(), freePort()]);
      const code = examples('Mounting').find((block) => block.includes(recipe));
      if (code === undefined) throw new Error(`README's Mounting section has no ${serve} recipe`);
      const fromReadme = replaced(code, [
        ["from 'plyr-kit/server'", `from ${distUrl('server.js')}`],
        ["apiBase: 'https://api-testnet.plyr.network'", `apiBase: ${JSON.stringify(recipeSandbox.url)}`],
        ['port: 8787', `port: ${ports.recipe}`],
      ]);
      children.push(
        startInRuntime(name, fromReadme, {
          PLYR_API_KEY: recipeSandbox.apiKey,
          PLYR_SECRET_KEY: recipeSandbox.secretKey,
          MGPLUS_URL: recipeSandbox.url,
          MGPLUS_SHARED_SECRET: recipeSandbox.mgplus.sharedSecret,
        }),
        startInRuntime(name, mounts(name, nodeSandbox, ports.node, ports.bare)),
      );
      await Promise.all([
        waitForPort(ports.recipe, children[0]!),
        waitForPort(ports.node, children[1]!),
        waitForPort(ports.bare, children[1]!),
      ]);
    }, 30_000);

    afterAll(async () => {
      await Promise.all([...children.map((c) => c.stop()), ...sandboxes.map((s) => s.close())]);
    });

    it(`README recipe on ${serve}: relay login, another origin refused, MG+ launch`, async () => {
      expectVisit(await visit(ports.recipe, sandboxes[0]!));
    });

    it(`README recipe on ${serve}: each client address has its own rate-limit bucket`, async () => {
      expect(await twoAddresses(ports.recipe)).toEqual([429, 403]);
    });

    it('node:http through toNodeListener: relay login, another origin refused, MG+ launch, a bucket per address', async () => {
      expectVisit(await visit(ports.node, sandboxes[1]!));
      expect(await twoAddresses(ports.node)).toEqual([429, 403]);
    });

    it(`${serve} without clientIp: every client shares one bucket (why the recipe passes the address)`, async () => {
      expect(await twoAddresses(ports.bare)).toEqual([429, 429]);
    });
  });
}
