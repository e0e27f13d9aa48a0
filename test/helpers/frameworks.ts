/**
 * The pieces the framework tests (`test/server/frameworks-*.test.ts`) put around a README "Mounting" recipe: the
 * README's signing endpoint as `handler`, an MG+ relay as `relay` (both against the sandbox, from dist/server.js),
 * and a probe that signs in through the mount, sends one request from another origin and launches through the
 * relay, printing what it saw as one JSON line.
 */
import { expect } from '@jest/globals';
import type { Sandbox } from '../../src/sandbox/index.js';
import { distUrl, examples, type ModuleRun, replaced } from './readme.js';

/** The README's "Signing endpoint (your server)" example as `handler`, without its own server. */
export function readmeHandler(sandbox: Sandbox): string {
  const [endpoint] = examples('Signing endpoint (your server)');
  return replaced(endpoint as string, [
    ["from 'plyr-kit/server'", `from ${distUrl('server.js')}`],
    ["apiBase: 'https://api-testnet.plyr.network'", `apiBase: ${JSON.stringify(sandbox.url)}`],
    ['http.createServer(toNodeListener(handler)).listen(8787);', ''],
  ]);
}

/** An MG+ relay at `/mg` as `relay`, its own client from the environment of {@link frameworkEnv}. */
export const RELAY_CODE = `
import { createRelayHandler } from ${distUrl('server.js')};
const relay = createRelayHandler({
  baseUrl: process.env.MGPLUS_URL,
  sharedSecret: process.env.MGPLUS_SHARED_SECRET,
  provider: 'mystudio',
  basePath: '/mg',
  allowedGames: ['fruit-slots'],
});
`;

/** The environment the examples read. */
export function frameworkEnv(sandbox: Sandbox): Record<string, string> {
  return {
    PLYR_API_KEY: sandbox.apiKey,
    PLYR_SECRET_KEY: sandbox.secretKey,
    MGPLUS_URL: sandbox.url,
    MGPLUS_SHARED_SECRET: sandbox.mgplus.sharedSecret,
  };
}

/** What {@link probeCode} sends. */
export interface ProbeTarget {
  /** The server's origin, e.g. `http://127.0.0.1:8787`. */
  base: string;
  /** Where the signing endpoint is mounted. Default `/plyr/sign`. */
  signPath?: string;
  /** Where the MG+ relay is mounted: a path on `base`, or a URL of its own; no launch without it. */
  mgPath?: string;
  /** The player who signs in. Default `demo-player`. */
  plyrId?: string;
}

/**
 * Code that runs the probe (in an ES module or in CommonJS) and exits: a 2FA login, the same route from
 * `https://other.example`, and a launch with `launchToken` when the relay is mounted.
 */
export function probeCode(sandbox: Sandbox, target: ProbeTarget, launchToken?: string): string {
  const sign = `${target.base}${target.signPath ?? '/plyr/sign'}/api/user/login`;
  const plyrId = target.plyrId ?? 'demo-player';
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    `fetch(${JSON.stringify(url)}, { method: 'POST', headers: ${JSON.stringify({
      'content-type': 'application/json',
      ...headers,
    })}, body: ${JSON.stringify(JSON.stringify(body))}, signal: AbortSignal.timeout(5000) })`;
  const launch =
    target.mgPath === undefined || launchToken === undefined
      ? 'null'
      : post(`${target.mgPath.startsWith('/') ? target.base : ''}${target.mgPath}/v1/authenticate`, {
          launchToken,
          provider: 'mystudio',
          game: 'fruit-slots',
          platform: 'desktop',
        });
  return `
(async () => {
  const login = await ${post(sign, { plyrId, otp: sandbox.totp(plyrId) })};
  const foreign = await ${post(sign, {}, { origin: 'https://other.example' })};
  const launched = await ${launch};
  console.log(JSON.stringify({
    login: [login.status, (await login.json()).plyrId],
    foreign: [foreign.status, (await foreign.json()).code],
    launch: launched && [launched.status, (await launched.json()).balance],
  }));
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;
}

/** The probe signed `plyrId` in, refused the other origin, and (with a relay) launched the EUR player. */
export function expectProbe(run: ModuleRun, plyrId = 'demo-player', launched = true): void {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({
    login: [200, plyrId],
    foreign: [403, 'ORIGIN_NOT_ALLOWED'],
    launch: launched ? [200, 1000.5] : null,
  });
}
