/**
 * The Unity RealPlay sample's round server (unity/Samples~/RealPlay/Server~/round-server.mjs) started as its docs
 * say, `node …/round-server.mjs`, as a child process on a free port against its embedded MG+ sandbox, and what a
 * test does with it: a launch as a casino makes one, the relay's authenticate, rounds, the sandbox wallet's books.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MgPlusLedgerSnapshot } from '../../src/sandbox/mgplus/ledger.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The sample round server's script. */
export const ROUND_SERVER = join(repoRoot, 'unity', 'Samples~', 'RealPlay', 'Server~', 'round-server.mjs');
/** The sample's Inspector defaults, which the round server serves by default. */
export const SAMPLE_PROVIDER = 'my-studio';
export const SAMPLE_GAME = 'my-game';

/** A running round server. */
export interface RoundServerProcess {
  /** Its origin (relay at /mg, rounds at /round). */
  url: string;
  /** The embedded MG+ sandbox's origin, from the server's first line. */
  sandboxUrl: string;
  /** Everything it printed. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts the round server (`script`, default {@link ROUND_SERVER}) with `args` (e.g. `--build dir`), without any
 * MGPLUS_* variable: on the sandbox.
 */
export async function startRoundServer(
  args: string[] = [],
  script = ROUND_SERVER,
): Promise<RoundServerProcess> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MGPLUS_')));
  const child: ChildProcess = spawn(process.execPath, [script, '--port', '0', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    out += chunk;
  });
  const started = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`round server did not start:\n${out}`)), 20_000);
    const check = () => {
      const line = /Round server on (http:\/\/[^ ]+) \(MG\+ sandbox at (http:\/\/[^ )]+)\)/.exec(out);
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`round server exited (${code}):\n${out}`));
    });
  });
  return {
    url: started[1]!,
    sandboxUrl: started[2]!,
    output: () => out,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The launch URL the server's /sandbox/launch redirects to (a fresh launch token for `player`). */
export async function launchUrl(server: RoundServerProcess, player = 'eur'): Promise<string> {
  const res = await fetch(`${server.url}/sandbox/launch?player=${player}`, { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`launch: HTTP ${res.status} ${await res.text()}`);
  return new URL(res.headers.get('location')!, server.url).href;
}

/** Authenticates a fresh launch of `player` through the server's relay, as the page does; its session id. */
export async function authenticate(server: RoundServerProcess, player = 'eur'): Promise<string> {
  const launchToken = new URL(await launchUrl(server, player)).searchParams.get('launchToken');
  const res = await fetch(`${server.url}/mg/v1/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ launchToken, game: SAMPLE_GAME, platform: 'desktop' }),
  });
  const body = (await res.json()) as { sessionId?: string };
  if (!res.ok || typeof body.sessionId !== 'string')
    throw new Error(`authenticate: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.sessionId;
}

/** An answer of POST /round. */
export interface RoundAnswer {
  httpStatus: number;
  status: 'settled' | 'pending' | 'failed' | 'unresolved';
  roundId?: string;
  code?: string;
  message?: string;
  stake?: number;
  multiplier?: number;
  win?: number;
  balance?: number;
}

/** POST /round with `body` as JSON (anything, to test refusals). */
export async function postRound(server: RoundServerProcess, body: unknown): Promise<RoundAnswer> {
  const res = await fetch(`${server.url}/round`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { httpStatus: res.status, ...((await res.json()) as Omit<RoundAnswer, 'httpStatus'>) };
}

/** A new round request of `sessionId` at `stake`. */
export const newRound = (sessionId: string, stake: unknown) => ({ sessionId, stake, roundId: randomUUID() });

/** The sandbox wallet's books. */
export async function ledger(server: RoundServerProcess): Promise<MgPlusLedgerSnapshot> {
  return (await (await fetch(`${server.sandboxUrl}/sandbox/mgplus/ledger`)).json()) as MgPlusLedgerSnapshot;
}
