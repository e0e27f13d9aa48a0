/**
 * The README's Next.js recipe ("Mounting") in a real Next.js 16 App Router app (test/fixtures/next-app, copied
 * under test/artifacts/): `next build` without the secrets in the environment, then `next start` with them, behind
 * one proxy that appends the connection's address to `X-Forwarded-For` (as nginx or Vercel's edge does). The route
 * is the recipe as written (Node runtime) and again with `runtime = 'edge'`, where Next appends the catch-all
 * params to the URL; the fixture's MG+ relay route mounts `createRelayHandler` the same way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { transformSync } from '@swc/core';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { frameworkEnv } from '../helpers/frameworks.js';
import { examples, replaced, root } from '../helpers/readme.js';
import { freePort } from '../helpers/redis-server.js';

const NEXT_BIN = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const app = join(root, 'test', 'artifacts', `next-app-${process.pid}`);

let sandbox: Sandbox;
let build: { code: number | null; output: string };
let next: ChildProcess | undefined;
let proxy: http.Server;
let base: string;

/** Runs the Next CLI in the app folder; resolves with its exit code and output. */
function nextCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, ...args], { cwd: app, env });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** `next start` on `port`; resolves once it is ready. */
function nextStart(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: app,
      env,
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`next start did not get ready:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('exit', () => reject(new Error(`next start exited:\n${output}`)));
  });
}

/** One trusted proxy: forwards to `port`, appending the connection's address to `X-Forwarded-For`. */
function appendingProxy(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const seen = req.socket.remoteAddress ?? '';
    const forwarded = req.headers['x-forwarded-for'];
    const headers = { ...req.headers, 'x-forwarded-for': forwarded ? `${forwarded}, ${seen}` : seen };
    const upstream = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The README's Next.js route as JavaScript (Next would otherwise want @types/react to build TypeScript). */
function readmeRoute(basePath: string): string {
  const recipe = examples('Mounting').find((b) => b.includes('toNextRoute('));
  expect(recipe).toBeDefined();
  const code = replaced(recipe as string, [
    ["apiBase: 'https://api-testnet.plyr.network'", `apiBase: ${JSON.stringify(sandbox.url)}`],
    ["basePath: '/plyr/sign'", `basePath: ${JSON.stringify(basePath)}`],
  ]);
  return transformSync(code, {
    filename: 'route.ts',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  }).code;
}

function writeRoute(folder: string, code: string): void {
  const dir = join(app, 'app', ...folder.split('/'), '[...path]');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'route.js'), code);
}

beforeAll(async () => {
  sandbox = await startSandbox({ gameId: 'mygame' });
  rmSync(app, { recursive: true, force: true });
  cpSync(join(root, 'test', 'fixtures', 'next-app'), app, { recursive: true });
  writeRoute('plyr/sign', readmeRoute('/plyr/sign'));
  writeRoute('edge/plyr/sign', `${readmeRoute('/edge/plyr/sign')}\nexport const runtime = 'edge';\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of Object.keys(frameworkEnv(sandbox))) delete env[name]; // as on a build machine
  build = await nextCli(['build'], env);
  if (build.code !== 0) return;
  const port = await freePort();
  next = await nextStart(port, { ...env, ...frameworkEnv(sandbox) });
  proxy = await appendingProxy(port);
  base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  next?.kill();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  await sandbox.close();
  rmSync(app, { recursive: true, force: true });
});

const login = (path: string, plyrId: string, otp: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ plyrId, otp }),
    signal: AbortSignal.timeout(10_000),
  });

/** The status of a GET through the proxy from a loopback address of our choosing (a distinct client). */
function statusFrom(
  localAddress: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = http.get(
      { host: url.hostname, port: url.port, path: url.pathname, localAddress, headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
  });
}

describe('Next.js 16 App Router', () => {
  it('builds with the handler built lazily, the secrets absent', () => {
    expect(build.output).not.toMatch(/apiKey|secretKey/);
    expect(build.code).toBe(0);
  });

  it('signs in through the route (Node runtime), refuses another origin, and launches through the MG+ relay', async () => {
    const ok = await login('/plyr/sign/api/user/login', 'demo-player', sandbox.totp('demo-player'));
    expect([ok.status, (await ok.json()).plyrId]).toEqual([200, 'demo-player']);

    const foreign = await login('/plyr/sign/api/user/login', 'demo-player', '000000', {
      origin: 'https://other.example',
    });
    expect([foreign.status, (await foreign.json()).code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
    // The page's own origin is the host the browser asked for, not the `localhost` Next puts in request.url.
    const own = await login('/plyr/sign/api/user/login', '', '', { origin: base });
    expect([own.status, (await own.json()).code]).toEqual([400, 'INVALID_BODY']);

    const token = await sandbox.mgplus.mintLaunchToken({ player: 'eur', game: 'fruit-slots' });
    const launch = await fetch(`${base}/mg/v1/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        launchToken: token,
        provider: 'mystudio',
        game: 'fruit-slots',
        platform: 'desktop',
      }),
    });
    expect([launch.status, (await launch.json()).balance]).toEqual([200, 1000.5]);
  });

  it('signs in on the edge runtime, where Next appends the catch-all params; any other query is still refused', async () => {
    const ok = await login('/edge/plyr/sign/api/user/login', 'second-player', sandbox.totp('second-player'));
    expect([ok.status, (await ok.json()).plyrId]).toEqual([200, 'second-player']);
    const query = await login('/edge/plyr/sign/api/user/login?x=1', 'second-player', '000000');
    expect([query.status, (await query.json()).code]).toEqual([403, 'PATH_NOT_ALLOWED']);
  });

  it('counts a client with a forged, rotating X-Forwarded-For as itself: as many refused as without the header', async () => {
    const path = '/plyr/sign/api/user/exists/demo-player';
    const forged = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        statusFrom('127.0.0.2', path, { 'x-forwarded-for': `203.0.113.${i + 1}` }),
      ),
    );
    const plain = await Promise.all(Array.from({ length: 40 }, () => statusFrom('127.0.0.3', path)));
    const refused = (statuses: number[]) => statuses.filter((s) => s === 429).length;
    // 60 a minute, burst 30: about 10 of 40 refused, give or take the tokens refilled while they run.
    expect(refused(plain)).toBeGreaterThanOrEqual(8);
    expect(refused(forged)).toBeGreaterThanOrEqual(8);
    expect(Math.abs(refused(forged) - refused(plain))).toBeLessThanOrEqual(2);
  });
});
