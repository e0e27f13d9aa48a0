/**
 * `plyrKit()` on a real Vite dev server (port 0, loopback): the signing endpoint in relay mode on the page's own
 * origin for any loopback host name, refusals for other origins, the sandbox's 2FA-code route, the MG+ relay and the
 * route that opens real play with a fresh launch token (followed to an authenticated player), the provider-mismatch
 * message, the page's `import.meta.env.PLYR_*`, the real platform from `PLYR_*` variables, the sandbox closed with
 * the server, and a round route of the developer's own (another plugin) playing on the relay's sessions through
 * `plyrKit().api`.
 * Vite runs in a child process (see test/helpers/vite-fixture-server.mjs) with the built dist/vite.js: run
 * `npm run build` first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRealPlay, PlyrError } from '../../src/index.js';
import type { PlyrKitViteOptions } from '../../src/vite/index.js';
import { serveFixture } from '../helpers/vite-fixture.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'plyr-kit-vite-plugin-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="/main.js"></script>');
  writeFileSync(
    join(root, 'main.js'),
    'export const platform = [import.meta.env.PLYR_API_BASE, import.meta.env.PLYR_GAME_ID];\n',
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A dev server with the plugin (no PLYR_* variables unless given), and what it printed. */
async function startDev(options: PlyrKitViteOptions = {}, config: Record<string, unknown> = {}) {
  const server = await serveFixture(root, { inline: { plugin: { env: {}, ...options }, config } });
  return { server, url: server.url, port: Number(new URL(server.url).port), printed: server.banner };
}

/** The page module as Vite serves it: the values the plugin defined. */
async function pagePlatform(url: string): Promise<string> {
  return (await fetch(new URL('/main.js', url))).text();
}

/** A raw HTTP call to the dev server with chosen `Host` and `Origin` (as a page on that origin would send). */
function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...headers, ...(text ? { 'content-type': 'application/json' } : {}) },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(raw) as Record<string, unknown>;
          } catch {}
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(text);
  });
}

describe('plyrKit() with the sandbox', () => {
  let dev: Awaited<ReturnType<typeof startDev>>;
  beforeAll(async () => {
    dev = await startDev({ gameId: 'my-game' });
  });
  afterAll(async () => {
    await dev?.server.close();
  });

  it('gives the page the sandbox as PLYR_API_BASE, and the sandbox answers there', async () => {
    const module = await pagePlatform(dev.url);
    const apiBase = /"(http:\/\/127\.0\.0\.1:\d+)"/.exec(module)?.[1];
    expect(apiBase).toBeDefined();
    expect(module).toContain('"my-game"');
    expect(await (await fetch(`${apiBase}/api`)).json()).toEqual({ message: 'Welcome to the API' });
  });

  // One player per host name: a 2FA code is accepted once.
  it.each([
    ['localhost', 'demo-player'],
    ['127.0.0.1', 'second-player'],
  ])('signs a login in relay mode for a page on http://%s:<port> (same origin)', async (host, plyrId) => {
    const origin = `http://${host}:${dev.port}`;
    const headers = { host: `${host}:${dev.port}`, origin };
    const code = await call(dev.port, 'GET', `/sandbox/totp/${plyrId}`, headers);
    expect(code.status).toBe(200);
    expect(code.json).toEqual({ plyrId, otp: expect.stringMatching(/^\d{6}$/) });
    const login = await call(dev.port, 'POST', '/plyr/relay/api/user/login', headers, {
      plyrId,
      otp: code.json.otp,
      gameId: 'my-game',
    });
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ plyrId, gameId: 'my-game' });
    expect(typeof login.json.sessionJwt).toBe('string');
  });

  it('refuses a page of another origin', async () => {
    const refused = await call(
      dev.port,
      'POST',
      '/plyr/relay/api/user/login',
      { host: `localhost:${dev.port}`, origin: 'http://evil.example' },
      { plyrId: 'demo-player', otp: '123456' },
    );
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('ORIGIN_NOT_ALLOWED');
  });

  it("leaves a request for another host name to Vite's host check (DNS rebinding)", async () => {
    const port = dev.port;
    const answer = await call(port, 'GET', '/sandbox/totp/demo-player', { host: `evil.example:${port}` });
    expect(answer.status).toBe(403);
    expect(answer.json.otp).toBeUndefined();
  });

  it('answers the 2FA-code route only for sandbox players, and only to GET', async () => {
    const headers = { host: `127.0.0.1:${dev.port}` };
    const unknown = await call(dev.port, 'GET', '/sandbox/totp/nobody-here', headers);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: 'NOT_FOUND', error: expect.stringContaining('demo-player') });
    expect((await call(dev.port, 'POST', '/sandbox/totp/demo-player', headers, {})).status).toBe(405);
  });

  it('mounts the MG+ relay at /mg (its own JSON refusal for a token that is no launch token)', async () => {
    const answer = await call(
      dev.port,
      'POST',
      '/mg/v1/authenticate',
      { host: `127.0.0.1:${dev.port}`, origin: `http://127.0.0.1:${dev.port}` },
      { launchToken: 'not-a-token', provider: 'plyr-kit', game: 'plyr-kit-demo' },
    );
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(Object.keys(answer.json)).toEqual(expect.arrayContaining(['code']));
  });

  it('prints the platform, the endpoint, the players and where their codes are', () => {
    const text = dev.printed;
    expect(text).toMatch(/plyr-kit platform: local sandbox http:\/\/127\.0\.0\.1:\d+ \(game my-game\)/);
    expect(text).toContain(`plyr-kit signing endpoint: ${dev.url}plyr/relay (relay mode)`);
    expect(text).toContain(`plyr-kit MG+ relay: ${dev.url}mg`);
    expect(text).toContain('plyr-kit sandbox players: demo-player, second-player');
    expect(text).toContain(`plyr-kit their 2FA codes: ${dev.url}sandbox/totp/<plyrId>`);
    expect(text).toContain(`plyr-kit real play on MG+: ${dev.url}sandbox/realplay?player=eur|btc|`);
  });

  /** The game page as the dev route opens it: GET /sandbox/realplay…, not followed (the 302 is what is checked). */
  async function openRealPlay(query = '') {
    const answer = await fetch(new URL(`/sandbox/realplay${query}`, dev.url), { redirect: 'manual' });
    return { status: answer.status, location: answer.headers.get('location'), answer };
  }

  it('opens real play: the dev route mints a launch token and redirects to the game, which authenticates through the relay', async () => {
    const { status, location } = await openRealPlay('?player=btc');
    expect(status).toBe(302);
    expect(location).toMatch(/^\/\?launchToken=[!-~]+$/);
    // The game on that page, as the README's Real play section writes it (its relay on the dev server's /mg).
    const rp = createRealPlay({
      relay: new URL('/mg', dev.url).href,
      provider: 'plyr-kit',
      game: 'plyr-kit-demo',
      url: new URL(location as string, dev.url).href,
      platform: 'desktop',
    });
    const player = await rp.authenticate();
    expect(player).toMatchObject({ playerId: '44-10000-00002', currency: 'btc' });
    expect(rp.sessionId).toEqual(expect.any(String));
  });

  it('the dev route keeps the page and the game asked for, and refuses unknown players, other hosts and POST', async () => {
    const { location } = await openRealPlay('?page=/game.html&game=fruit-slots');
    expect(location).toMatch(/^\/game\.html\?launchToken=/);
    const unknown = await openRealPlay('?player=nobody');
    expect(unknown.status).toBe(404);
    expect(((await unknown.answer.json()) as { error: string }).error).toContain('eur, btc');
    expect((await openRealPlay('?page=//evil.example/')).status).toBe(400);
    expect((await openRealPlay('?page=https://evil.example/')).status).toBe(400);
    const post = await fetch(new URL('/sandbox/realplay', dev.url), { method: 'POST', redirect: 'manual' });
    expect(post.status).toBe(405);
  });

  it("a game with another MG+ provider is told the relay's and the option that sets it", async () => {
    const { location } = await openRealPlay();
    const rp = createRealPlay({
      relay: new URL('/mg', dev.url).href,
      provider: 'mystudio',
      game: 'plyr-kit-demo',
      url: new URL(location as string, dev.url).href,
      platform: 'desktop',
    });
    const error = await rp.authenticate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlyrError);
    const { message } = error as PlyrError;
    expect(message).toContain('"mystudio" does not match this relay\'s "plyr-kit"');
    expect(message).toContain('createRealPlay({ provider: "plyr-kit" })');
    expect(message).toContain('plyrKit({ mgplus: { provider } })');
  });
});

describe('plyrKit() around the sandbox', () => {
  it('closes the sandbox when the dev server closes', async () => {
    const dev = await startDev();
    const apiBase = /"(http:\/\/127\.0\.0\.1:\d+)"/.exec(await pagePlatform(dev.url))?.[1] as string;
    expect((await fetch(`${apiBase}/api`)).status).toBe(200);
    expect(await dev.server.close()).toEqual({ sandboxAnswered: false });
  });

  it('signs for the real platform named by the PLYR_* variables (no sandbox, no 2FA route)', async () => {
    const dev = await startDev({
      env: {
        PLYR_API_BASE: 'https://api-testnet.plyr.network/api',
        PLYR_API_KEY: 'key',
        PLYR_SECRET_KEY: 'secret',
        PLYR_GAME_ID: 'real-game',
      },
    });
    try {
      const module = await pagePlatform(dev.url);
      expect(module).toContain('"https://api-testnet.plyr.network"');
      expect(module).toContain('"real-game"');
      const text = dev.printed;
      expect(text).toContain('plyr-kit platform: PLYR https://api-testnet.plyr.network (game real-game)');
      expect(text).not.toContain('sandbox players');
      const code = await call(dev.port, 'GET', '/sandbox/totp/demo-player', {
        host: `127.0.0.1:${dev.port}`,
        accept: 'application/json',
      });
      expect(code.json.otp).toBeUndefined();
    } finally {
      await dev.server.close();
    }
  });

  it('refuses some but not all PLYR_* variables, naming the missing ones', async () => {
    await expect(
      startDev({ env: { PLYR_API_BASE: 'https://api.plyr.network', PLYR_API_KEY: 'k' } }),
    ).rejects.toThrow(/missing: PLYR_SECRET_KEY, PLYR_GAME_ID/);
  });

  it('refuses an envPrefix that would hand PLYR_SECRET_KEY to the page', async () => {
    await expect(startDev({}, { envPrefix: ['VITE_', 'PLYR_'] })).rejects.toThrow(/PLYR_SECRET_KEY/);
  });

  it('refuses a mount path that is not a path', async () => {
    await expect(startDev({ signerPath: 'plyr/relay' })).rejects.toThrow(/signerPath/);
    await expect(startDev({ mgplusPath: '/mg/' })).rejects.toThrow(/mgplusPath/);
  });
});

describe("plyrKit().api: the game's own round route in vite dev", () => {
  it('plays a round on the session the relay opened, through the same MG+ client', async () => {
    // A project as a developer writes it: vite.config.mjs with the kit and a round plugin that uses `kit.api`.
    const project = mkdtempSync(join(tmpdir(), 'plyr-kit-vite-rounds-'));
    const dist = (file: string) =>
      JSON.stringify(fileURLToPath(new URL(`../../dist/${file}`, import.meta.url)));
    writeFileSync(join(project, 'index.html'), '<!doctype html><p>game</p>');
    writeFileSync(
      join(project, 'vite.config.mjs'),
      `import { plyrKit } from ${dist('vite.js')};
import { checkBet } from ${dist('server.js')};
const kit = plyrKit({ env: {} });
const rounds = {
  name: 'my-rounds',
  configureServer(server) {
    server.middlewares.use('/spin', async (req, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      const { sessionId, bet } = JSON.parse(text);
      const send = (status, body) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const mg = kit.api.mgplus();
      const session = mg && (await mg.session(sessionId));
      if (!session) return send(401, { code: 'SESSION_UNKNOWN' });
      const allowed = checkBet(session, { bet });
      if (!allowed.ok) return send(400, { code: allowed.code });
      const round = await mg.playRound(session, { bet, payout: () => 2 });
      send(200, { win: round.win, balance: round.balance, sandbox: kit.api.sandbox() !== null });
    });
  },
};
export default { plugins: [kit, rounds] };
`,
    );
    const server = await serveFixture(project);
    try {
      const port = Number(new URL(server.url).port);
      const page = { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` };
      const apiBase = /plyr-kit platform: local sandbox (http:\/\/127\.0\.0\.1:\d+)/.exec(server.banner)?.[1];
      const launch = (await (
        await fetch(`${apiBase}/sandbox/mgplus/launch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ player: 'eur' }),
        })
      ).json()) as { launchToken: string; playerId: string };
      const opened = await call(port, 'POST', '/mg/v1/authenticate', page, {
        launchToken: launch.launchToken,
        provider: 'plyr-kit',
        game: 'plyr-kit-demo',
        platform: 'desktop',
      });
      expect(opened.status).toBe(200);
      const before = opened.json.balance as number;
      const spin = await call(port, 'POST', '/spin', page, { sessionId: opened.json.sessionId, bet: 1 });
      expect(spin).toEqual({ status: 200, json: { win: 2, balance: before + 1, sandbox: true } });
      expect((await call(port, 'POST', '/spin', page, { sessionId: 'unknown', bet: 1 })).status).toBe(401);
      const ledger = (await (await fetch(`${apiBase}/sandbox/mgplus/ledger`)).json()) as {
        entries: { playerId: string; kind: string; amount: number }[];
      };
      const moves = ledger.entries.filter((e) => e.playerId === launch.playerId);
      expect(moves.map(({ kind, amount }) => ({ kind, amount }))).toEqual([
        { kind: 'debit', amount: 1 },
        { kind: 'credit', amount: 2 },
      ]);
    } finally {
      await server.close();
      rmSync(project, { recursive: true, force: true });
    }
  });
});
