/**
 * Helpers for the MG+ server-client and wallet tests: a sandbox with a known shared secret, a client on it, a
 * signed session for a seeded player, a recording wrapper of fetch, and a hand-written signed call (independent of
 * the client, node:crypto) for checking the wallet itself.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import {
  createMgPlusClient,
  type MgPlusClient,
  type MgPlusClientOptions,
  type MgPlusJournal,
  type MgPlusRoundOutcome,
  type MgPlusRoundSettled,
  type MgPlusSession,
} from '../../src/server/index.js';

export const MG_SECRET = 'mgplus-test-shared-secret';
export const MG_PROVIDER = 'plyrkit';
export const MG_GAME = 'plyr-kit-demo';
export const PLAYER_IP = '198.51.100.7';

/** A sandbox whose MG+ emulator uses {@link MG_SECRET}. */
export function startMgSandbox(encoding: 'hex' | 'base64' = 'hex'): Promise<Sandbox> {
  return startSandbox({ mgplus: { sharedSecret: MG_SECRET, signatureEncoding: encoding } });
}

/** The sandbox's virtual coin (player `coins`) is not in the currency table: a game names its decimals. */
export const SANDBOX_AMOUNTS = { currencies: { gc: 2 } };

/** A client for the sandbox with small, jitter-free backoff. */
export function clientFor(sandbox: Sandbox, options: Partial<MgPlusClientOptions> = {}): MgPlusClient {
  return createMgPlusClient({
    baseUrl: sandbox.url,
    sharedSecret: MG_SECRET,
    provider: MG_PROVIDER,
    signatureEncoding: sandbox.mgplus.signatureEncoding,
    timeoutMs: 2_000,
    retry: { baseDelayMs: 1, maxDelayMs: 5, jitter: false },
    amounts: SANDBOX_AMOUNTS,
    ...options,
  });
}

/**
 * A client on `journal` that can be killed as a process would be: from `kill()` on, every journal call and every
 * request it makes hangs (its leases stay taken until they run out).
 */
export function mortalClient(
  sandbox: Sandbox,
  journal: MgPlusJournal,
  options: Partial<MgPlusClientOptions> = {},
): { client: MgPlusClient; kill(): void } {
  let dead = false;
  const hang = () => new Promise<never>(() => {});
  const live =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      dead ? hang() : f(...args);
  const mortal: MgPlusJournal = {
    save: live((round) => journal.save(round)),
    load: live((roundId) => journal.load(roundId)),
    unfinished: live(() => journal.unfinished()),
    lease: live((roundId, owner, ttlMs) => journal.lease!(roundId, owner, ttlMs)),
    release: live((roundId, owner) => journal.release!(roundId, owner)),
  };
  const client = clientFor(sandbox, {
    ...options,
    journal: mortal,
    recovery: false,
    fetch: live((input, init) => fetch(input, init)),
  });
  return { client, kill: () => (dead = true) };
}

/**
 * A round whose process died once its debit went through (its payout never returns, and from then on nothing it does
 * reaches the journal or MG+): left open in `journal`, its lease (`leaseMs`) run out when this returns.
 */
export async function roundLeftByCrash(
  sandbox: Sandbox,
  journal: MgPlusJournal,
  session: MgPlusSession,
  roundId: string,
  leaseMs = 30,
): Promise<void> {
  const mortal = mortalClient(sandbox, journal, { rounds: { leaseMs } });
  await new Promise<void>((debited) => {
    mortal.client
      .playRound(session, {
        bet: 1,
        roundId,
        payout: () => {
          mortal.kill();
          debited();
          return new Promise<never>(() => {});
        },
      })
      .catch(() => {});
  });
  await new Promise((resolve) => setTimeout(resolve, leaseMs + 10));
}

/** The outcome of a round that must have settled (a test failure otherwise). */
export function settled(outcome: MgPlusRoundOutcome): MgPlusRoundSettled {
  if (outcome.status !== 'settled')
    throw new Error(`round ${outcome.roundId} is ${outcome.status}, not settled`);
  return outcome;
}

/** Authenticates a seeded player (label) and returns its session. */
export async function sessionFor(sandbox: Sandbox, mg: MgPlusClient, player = 'eur'): Promise<MgPlusSession> {
  const launchToken = await sandbox.mgplus.mintLaunchToken({ player });
  const auth = await mg.authenticate({ launchToken, game: MG_GAME, ip: PLAYER_IP, platform: 'desktop' });
  return auth.session;
}

/** One request as fetch was asked to send it, and the status it got (or the error). */
export interface SentCall {
  url: string;
  headers: Record<string, string>;
  body: string;
  redirect: RequestRedirect | undefined;
  status?: number;
  echo?: string | null;
}

/** A fetch that records every request and passes it on to the global fetch (server-harness has a stand-in one). */
export function passThroughRecorder(): { fetch: typeof fetch; calls: SentCall[] } {
  const calls: SentCall[] = [];
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const call: SentCall = {
      url: String(input),
      headers: { ...(init?.headers as Record<string, string>) },
      body: String(init?.body),
      redirect: init?.redirect,
    };
    calls.push(call);
    const response = await fetch(input, init);
    call.status = response.status;
    call.echo = response.headers.get('x-request-id');
    return response;
  };
  return { fetch: wrapped as typeof fetch, calls };
}

/** The HMAC the sandbox expects, computed here with node:crypto. */
export function mgSignature(body: string, encoding: 'hex' | 'base64' = 'hex'): string {
  return createHmac('sha256', MG_SECRET).update(body).digest(encoding);
}

/** A hand-signed wallet call: `{ status, body }` of MG+'s answer. */
export async function walletPost(
  sandbox: Sandbox,
  path: string,
  body: Record<string, unknown>,
  playerToken?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-request-id': randomUUID(),
    'x-hmac-signature': mgSignature(text, sandbox.mgplus.signatureEncoding),
  };
  if (playerToken !== undefined) headers.authorization = `Bearer ${playerToken}`;
  const response = await fetch(`${sandbox.url}${path}`, { method: 'POST', headers, body: text });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The MG+ error code of a wallet answer. */
export const codeOf = (answer: { body: Record<string, unknown> }): unknown =>
  (answer.body.error as { code?: unknown } | undefined)?.code;
