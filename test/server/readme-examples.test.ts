/**
 * The README's server examples ("Signing endpoint (your server)", "Real play on MG+" → "Your server"), run as
 * written in a fresh Node process (dist/server.js) against the sandbox. Only what a reader replaces is replaced:
 * the package name, the environment variables, the platform origin and the port; the real-play example gets the
 * `drawReels()` a studio writes, and a few lines after it that serve the relay on loopback, launch through it and
 * call the example's `spin`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { distUrl, examples, replaced, runModule } from '../helpers/readme.js';
import { freePort } from '../helpers/redis-server.js';
import { SandboxClient } from '../helpers/sandbox-client.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ gameId: 'mygame' });
});

afterAll(async () => {
  await sandbox.close();
});

describe('README: signing endpoint', () => {
  const [endpoint] = examples('Signing endpoint (your server)');
  const [signIn] = examples('Core client');

  it('serves the Core client example: one 2FA login through it, and refuses another origin', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // The endpoint and the Core client's sign-in, as one page's server and client (same path, no other change).
    const program = `import 'fake-indexeddb/auto';\n${replaced(endpoint as string, [
      ["from 'plyr-kit/server'", `from ${distUrl('server.js')}`],
      ["apiBase: 'https://api-testnet.plyr.network'", `apiBase: ${JSON.stringify(sandbox.url)}`],
      ['.listen(8787)', `.listen(${port}, '127.0.0.1')`],
    ])}
const foreign = await fetch('${base}/plyr/sign/api/user/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: 'https://other.example' },
  body: '{}',
});
console.log('other origin:', foreign.status);
${replaced(signIn as string, [
  ["from 'plyr-kit'", `from ${distUrl('index.js')}`],
  ["signer: '/plyr/sign'", `signer: ${JSON.stringify(`${base}/plyr/sign`)}`],
  ["apiBase: 'https://api-testnet.plyr.network'", `apiBase: ${JSON.stringify(sandbox.url)}`],
  ["otp: '123456'", `otp: ${JSON.stringify(sandbox.totp('demo-player'))}`],
  ['\nstart();', '\nawait start();'],
])}
process.exit(0);
`;
    const run = await runModule(program, {
      env: { PLYR_API_KEY: sandbox.apiKey, PLYR_SECRET_KEY: sandbox.secretKey },
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('other origin: 403\nsigned in: demo-player\n');
    expect(run.code).toBe(0);
  });
});

describe('README: real play on MG+, your server', () => {
  const blocks = examples('Real play on MG+');
  const server = blocks.find((b) => b.includes("from 'plyr-kit/server'")) as string;

  it('has the server example with the relay and the round handler', () => {
    expect(server).toContain('createMgPlusClient(');
    expect(server).toContain('createRelayHandler({ client: mg');
    expect(server).toContain('async function spin(sessionId: string, bet: number)');
  });

  /**
   * The example (its server on a free loopback port), a `drawReels()` that always pays `win`, then: launch through
   * the example's server with `launchToken` as the browser does, and print the launch's answer and
   * `spin(sessionId, bet)` for each bet.
   */
  const program = (launchToken: string, bets: number[], win = 2.5) => `${replaced(server, [
    ["from 'plyr-kit/server'", `from ${distUrl('server.js')}`],
    ['server.listen(8787);', "server.listen(0, '127.0.0.1');"],
  ])}
function drawReels() {
  return { stops: [3, 1, 4], win: ${win} };
}
const listening = server;
await new Promise((resolve) => listening.once('listening', resolve));
const launched = await fetch(\`http://127.0.0.1:\${listening.address().port}/mg/v1/authenticate\`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    launchToken: ${JSON.stringify(launchToken)},
    provider: 'mystudio',
    game: 'fruit-slots',
    platform: 'desktop',
  }),
});
const launch = { status: launched.status, body: await launched.json() };
const spins = [];
for (const bet of ${JSON.stringify(bets)}) spins.push(await spin(launch.body.sessionId, bet));
spins.push(await spin('not-a-session', 1));
console.log(JSON.stringify({ launch, spins }));
process.exit(0);
`;

  const env = () => ({ MGPLUS_URL: sandbox.url, MGPLUS_SHARED_SECRET: sandbox.mgplus.sharedSecret });
  const unknown = {
    status: 401,
    body: { error: 'Launch the game again.', code: 'SESSION_UNKNOWN' },
  };
  const outOfRange = {
    status: 400,
    body: { error: 'The bet is outside the limits of this session.', code: 'BET_OUT_OF_RANGE' },
  };

  it('launches through the relay, plays one round (money moved once) and refuses bets outside the limits', async () => {
    const player = '44-10000-00001'; // EUR 1000.50, bets 0.1..100
    const token = await sandbox.mgplus.mintLaunchToken({ player: 'eur', game: 'fruit-slots' });
    const run = await runModule(program(token, [1, 100.5, 0.05]), { env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { launch, spins } = JSON.parse(run.stdout);

    expect(launch.status).toBe(200);
    expect(launch.body.sessionId).toEqual(expect.any(String));
    expect(launch.body).not.toHaveProperty('playerToken');
    expect(launch.body.balance).toBe(1000.5);

    expect(spins).toEqual([
      { status: 200, body: { reels: { stops: [3, 1, 4], win: 2.5 }, win: 2.5, balance: 1002 } },
      outOfRange,
      outOfRange,
      unknown,
    ]);
    const ledger = sandbox.mgplus.ledger();
    const moves = ledger.entries.filter((e) => e.playerId === player);
    expect(moves.map(({ kind, amount }) => ({ kind, amount }))).toEqual([
      { kind: 'debit', amount: 1 },
      { kind: 'credit', amount: 2.5 },
    ]);
    expect(ledger.balances[player]).toBe(1002);
    expect(ledger.openRounds).toEqual([]);
  });

  it("answers the README's 402 when the bet is within the limits but above the balance", async () => {
    const player = '44-10000-00003'; // IDR 1500.50 as reported, bets 1..5000
    const token = await sandbox.mgplus.mintLaunchToken({ player: 'idr', game: 'fruit-slots' });
    const run = await runModule(program(token, [2000]), { env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { launch, spins } = JSON.parse(run.stdout);
    expect(launch.status).toBe(200);
    expect(spins).toEqual([
      { status: 402, body: { error: 'Not enough funds.', code: 'INSUFFICIENT_FUNDS' } },
      unknown,
    ]);
    const ledger = sandbox.mgplus.ledger();
    expect(ledger.balances[player]).toBe(ledger.initialBalances[player]);
    expect(ledger.openRounds).toEqual([]);
  });
});

describe('README: charge and pay players', () => {
  const server = examples('Charge and pay players').find((b) => b.includes('createPlyrGameClient')) as string;

  it('plays the entry-fee match as written: both entries in, the winner paid, the rest to the game, the room ended', async () => {
    const client = new SandboxClient(sandbox.url, sandbox.apiKey, sandbox.secretKey);
    const jwts: string[] = [];
    for (const plyrId of ['demo-player', 'second-player']) {
      const login = await client.post('/api/user/loginAndApprove', {
        plyrId,
        otp: sandbox.totp(plyrId, Date.now() + 30_000), // the next step's code: the current one may be used
        gameId: sandbox.gameId,
        tokens: ['plyr'],
        amounts: [100],
      });
      expect(login.status).toBe(200);
      jwts.push(String(login.json.sessionJwt));
    }
    const program = `${replaced(server, [
      ["from 'plyr-kit/server'", `from ${distUrl('server.js')}`],
      ["apiBase: 'https://api-testnet.plyr.network'", `apiBase: ${JSON.stringify(sandbox.url)}`],
    ])}
function drawWinner(entries) {
  return entries[1].plyrId;
}
console.log(JSON.stringify(await playMatch(${JSON.stringify(jwts)})));
process.exit(0);
`;
    const run = await runModule(program, {
      env: { PLYR_API_KEY: sandbox.apiKey, PLYR_SECRET_KEY: sandbox.secretKey },
    });
    expect(run.stderr).toBe('');
    const closing = JSON.parse(run.stdout);
    expect(closing).toMatchObject({
      status: 'settled',
      lines: [
        { plyrId: 'second-player', kind: 'payout', amount: '19', net: '18.62' },
        { plyrId: 'mygame', kind: 'remainder', amount: '1', net: '0.98' },
      ],
      fees: { plyr: '0.4' },
    });
    const room = sandbox.game.ledger().rooms.find((r) => r.roomId === closing.roomId);
    expect(room).toMatchObject({ ended: true, balances: { plyr: '0' } });
  });
});
