/**
 * The built plyr-kit/server (dist/server.js) in Cloudflare's real runtime, workerd, through Miniflare: the README's
 * Workers recipe runs as the Worker, as written, with the sandbox on Node as the platform and MG+, and its state in
 * Redis over HTTP (the real `@upstash/redis` client in the Worker, a REST shim, a real redis-server). A relay-mode
 * 2FA login, a page of another origin refused, an MG+ launch through the relay whose session lands in Redis, and
 * the start-up refusal of memory state.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { transformSync } from '@swc/core';
import { Miniflare } from 'miniflare';
import type { Sandbox } from '../../src/sandbox/index.js';
import { createRedisState, fromUpstash } from '../../src/server/index.js';
import { MG_GAME, MG_PROVIDER, MG_SECRET, startMgSandbox } from '../helpers/mgplus-wallet.js';
import { examples, root } from '../helpers/readme.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { PAGE_ORIGIN, readAnswer } from '../helpers/server-harness.js';
import { startUpstashShim, type UpstashShim } from '../helpers/upstash-shim.js';

const COMPATIBILITY_DATE = '2025-01-01';

/** Why workerd cannot run here (a trivial Worker does not start), or `undefined` when it can. */
async function workerdProblem(): Promise<string | undefined> {
  const probe = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response("ok") }',
    compatibilityDate: COMPATIBILITY_DATE,
  });
  try {
    const answer = await probe.dispatchFetch('http://probe.test/');
    return (await answer.text()) === 'ok' ? undefined : 'a trivial Worker gave a wrong answer';
  } catch (error) {
    return String((error as Error)?.message ?? error);
  } finally {
    await probe.dispose().catch(() => {});
  }
}

const problem = await workerdProblem();
/** With workerd: the suite (it needs redis-server too). Without: a failing test under CI, a skipped suite locally. */
function describeInWorkerd(name: string, fn: () => void): void {
  if (problem === undefined) describeWithRedis(name, fn);
  else if (process.env.CI)
    describe(name, () => {
      it('needs workerd (the miniflare package)', () => {
        throw new Error(`workerd does not start: ${problem}`);
      });
    });
  else {
    console.warn(`Skipping "${name}": workerd does not start here: ${problem}`);
    describe.skip(name, fn);
  }
}

/** Types stripped, as a Worker bundler would. */
const stripTypes = (code: string): string =>
  transformSync(code, {
    filename: 'worker.ts',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  }).code;

/** `code` bundled into one ES module, as a Worker deploy does (see test/helpers/bundle-worker.mjs). */
async function bundleWorker(code: string): Promise<string> {
  const child = spawn(process.execPath, [join(root, 'test', 'helpers', 'bundle-worker.mjs')], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  child.stdin.end(code);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (status !== 0) throw new Error(`bundling the Worker failed: ${Buffer.concat(err).toString()}`);
  return Buffer.concat(out).toString('utf8');
}

/** The README's Workers recipe, bundled. */
function recipe(): Promise<string> {
  const blocks = examples('Mounting').filter((code) => code.includes("from '@upstash/redis/cloudflare'"));
  expect(blocks).toHaveLength(1);
  return bundleWorker(stripTypes(blocks[0] as string));
}

/** A Worker that creates handlers with memory state, and answers what each creation threw. */
const MEMORY_STATE_WORKER = `
import { createRelayHandler, createSigningHandler } from './plyr-kit-server.mjs';
const keys = { apiKey: 'k'.repeat(16), secretKey: 's'.repeat(32), gameId: 'g', apiBase: 'https://platform.test' };
const mg = { baseUrl: 'https://mg.test', sharedSecret: 'x'.repeat(16), provider: 'p' };
const attempt = (create) => { try { create(); return 'created'; } catch (e) { return e.name + ': ' + e.message; } };
export default {
  fetch: () => Response.json({
    sign: attempt(() => createSigningHandler(keys)),
    relay: attempt(() => createRelayHandler(mg)),
    signAllowed: attempt(() => createSigningHandler({ ...keys, allowMemoryState: true })),
    relayAllowed: attempt(() => createRelayHandler({ ...mg, allowMemoryState: true })),
    userAgent: navigator.userAgent,
  }),
};`;

describeInWorkerd('plyr-kit/server in workerd (Miniflare): the README recipe', () => {
  let sandbox: Sandbox;
  let server: RedisServer;
  let shim: UpstashShim;
  let mf: Miniflare;
  const logs: string[] = [];

  beforeAll(async () => {
    let dist: string;
    try {
      dist = readFileSync(join(root, 'dist', 'server.js'), 'utf8');
    } catch {
      throw new Error('dist/server.js is missing: run `npm run build` first (npm test does).');
    }
    [sandbox, server] = await Promise.all([startMgSandbox(), startRedisServer()]);
    shim = await startUpstashShim(server.url);
    const kit = { type: 'ESModule' as const, path: 'plyr-kit-server.mjs', contents: dist };
    mf = new Miniflare({
      workers: [
        {
          name: 'recipe',
          modules: [{ type: 'ESModule', path: 'worker.mjs', contents: await recipe() }],
          compatibilityDate: COMPATIBILITY_DATE,
          bindings: {
            UPSTASH_REDIS_REST_URL: shim.url,
            UPSTASH_REDIS_REST_TOKEN: shim.token,
            UPSTASH_DISABLE_TELEMETRY: '1',
            GAME_ORIGIN: PAGE_ORIGIN,
            PLYR_API_KEY: sandbox.apiKey,
            PLYR_SECRET_KEY: sandbox.secretKey,
            PLYR_GAME_ID: sandbox.gameId,
            PLYR_API_BASE: sandbox.url,
            MGPLUS_URL: sandbox.url,
            MGPLUS_SHARED_SECRET: MG_SECRET,
            MGPLUS_PROVIDER: MG_PROVIDER,
          },
        },
        {
          name: 'memory-state',
          modules: [{ type: 'ESModule', path: 'worker.mjs', contents: MEMORY_STATE_WORKER }, kit],
          compatibilityDate: COMPATIBILITY_DATE,
        },
      ],
      handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
        for (const stream of [stdout, stderr]) stream.on('data', (chunk: Buffer) => logs.push(String(chunk)));
      },
    });
    await mf.ready.catch((error: unknown) => {
      throw new Error(`workerd did not start the Workers: ${String(error)}\n${logs.join('')}`);
    });
  }, 30_000);

  afterAll(async () => {
    await mf?.dispose();
    await shim?.close();
    await Promise.all([sandbox?.close(), server?.close()]);
  });

  /** A request to the recipe Worker from a player at `ip` (Cloudflare's `CF-Connecting-IP`). */
  const send = async (path: string, body: unknown, origin = PAGE_ORIGIN, ip = '198.51.100.7') =>
    readAnswer(
      (await mf.dispatchFetch(`https://mygame.example${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, 'cf-connecting-ip': ip },
        body: JSON.stringify(body),
      })) as unknown as Response,
    );

  it('a relay-mode 2FA login against the platform, its limits kept in Redis over HTTP', async () => {
    const before = shim.commands.length;
    const login = await send('/plyr/relay/api/user/login', {
      plyrId: 'demo-player',
      otp: sandbox.totp('demo-player'),
    });
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ sessionJwt: expect.any(String) });
    expect(login.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    // The per-IP token and the 2FA strike went through @upstash/redis in the Worker (workerd has no setImmediate:
    // no batching, one script per call).
    expect(shim.commands.slice(before)).toEqual(expect.arrayContaining(['EVALSHA']));
  });

  it('a page of another origin is refused (403) before anything is sent', async () => {
    const before = shim.commands.length;
    const refused = await send(
      '/plyr/relay/api/user/login',
      { plyrId: 'demo-player', otp: '123456' },
      'https://evil.example',
    );
    expect([refused.status, refused.json?.code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
    expect(shim.commands.length).toBe(before);
  });

  it('an MG+ launch through the relay: the browser gets a sessionId, the player token is in Redis only', async () => {
    const launchToken = await sandbox.mgplus.mintLaunchToken({ player: 'eur' });
    const launch = await send('/mg/v1/authenticate', { launchToken, game: MG_GAME, platform: 'desktop' });
    expect(launch.status).toBe(200);
    const sessionId = launch.json?.sessionId;
    expect(sessionId).toEqual(expect.any(String));
    expect(launch.text).not.toContain('playerToken');
    // Another runtime of the deployment (Node here) finds the session the Worker stored.
    const { Redis } = await import('@upstash/redis');
    const upstash = new Redis({
      url: shim.url,
      token: shim.token,
      automaticDeserialization: false,
      enableTelemetry: false,
    });
    const state = createRedisState({ redis: fromUpstash(upstash), prefix: 'mygame' });
    const session = await state.sessions.get(sessionId as string);
    expect(session).toMatchObject({ playerToken: expect.any(String), game: MG_GAME });
  });

  it('memory state throws at start-up on workerd, and says what to pass; allowMemoryState lets it through', async () => {
    // Miniflare types the Worker's fetcher with workers-types, which are not installed: only fetch is used.
    const worker = (await mf.getWorker('memory-state')) as unknown as {
      fetch(url: string): Promise<Response>;
    };
    const answer = (await (await worker.fetch('https://dev.test/')).json()) as Record<string, string>;
    expect(answer.userAgent).toBe('Cloudflare-Workers');
    expect(answer.sign).toMatch(
      /^TypeError: createSigningHandler: memory state on Cloudflare Workers .*createRedisState\(\{ redis: fromUpstash/,
    );
    expect(answer.relay).toMatch(/^TypeError: createRelayHandler: memory state on Cloudflare Workers/);
    expect([answer.signAllowed, answer.relayAllowed]).toEqual(['created', 'created']);
  });

  it('nothing the Worker logged holds a key or a secret', () => {
    const logged = logs.join('');
    for (const secret of [sandbox.secretKey, sandbox.apiKey, MG_SECRET]) expect(logged).not.toContain(secret);
  });
});
