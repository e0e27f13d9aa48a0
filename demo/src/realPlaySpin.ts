/**
 * One round of the demo's real play: the browser asks the demo server to play it (`POST /demo/realplay/spin` with
 * the relay's session id and the bet, or a free-game offer); the server draws the outcome, debits and credits
 * through MG+, and answers what happened. The browser never chooses the payout.
 */
import { type FreeGameOffer, parseFreeGameInfo } from '../../src/realplay/index.js';

/** Where the demo server plays rounds. */
export const SPIN_PATH = '/demo/realplay/spin';
const TIMEOUT_MS = 15_000;

/** What the browser sends: who (the relay's session id), how much, and the free-game offer it plays, if any. */
export interface SpinRequest {
  sessionId: string | null;
  bet: number;
  freeGame?: { offerId: number; instanceId: number };
}

/** The server's account of a played round, amounts as MG+ reports them. */
export interface SpinAnswer {
  roundId: string;
  /** What was drawn (server-defined; shown as text). */
  outcome: unknown;
  win: number;
  /** The balance after the round, as MG+ reported it. */
  balance: number;
  /** The free-game offers after the round, when the server sent them. */
  freeGames?: FreeGameOffer[];
}

/** A round played, or why not (`code` e.g. `INSUFFICIENT_FUNDS`, `NETWORK`, `TIMEOUT`, `BAD_ANSWER`). */
export type SpinResult = { ok: true; answer: SpinAnswer } | { ok: false; code: string; error: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The answer's fields, or `null` when they are not a round's. */
function readAnswer(body: unknown): SpinAnswer | null {
  if (!isObject(body)) return null;
  const { roundId, outcome, win, balance, freeGameInfo } = body;
  if (typeof roundId !== 'string' && typeof roundId !== 'number') return null;
  if (typeof win !== 'number' || !Number.isFinite(win) || win < 0) return null;
  if (typeof balance !== 'number' || !Number.isFinite(balance) || balance < 0) return null;
  const answer: SpinAnswer = { roundId: String(roundId), outcome, win, balance };
  if (freeGameInfo !== undefined) {
    try {
      answer.freeGames = parseFreeGameInfo(freeGameInfo);
    } catch {
      return null;
    }
  }
  return answer;
}

/** Where and how {@link postSpin} calls (tests point it at a loopback server). */
export interface SpinTarget {
  /** Default {@link SPIN_PATH} on the page's origin. */
  url?: string;
  /** Default 15 000. */
  timeoutMs?: number;
}

/** Play one round on the demo server; never throws. */
export async function postSpin(request: SpinRequest, target: SpinTarget = {}): Promise<SpinResult> {
  let res: Response;
  try {
    res = await fetch(target.url ?? SPIN_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      cache: 'no-store',
      signal: AbortSignal.timeout(target.timeoutMs ?? TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return timedOut
      ? { ok: false, code: 'TIMEOUT', error: 'The game server took too long to answer.' }
      : { ok: false, code: 'NETWORK', error: 'The game server cannot be reached.' };
  }
  const body: unknown = await res.json().catch(() => undefined);
  // 202: the round is not settled yet (money may have moved); the server settles it and the balance follows.
  if (!res.ok || res.status === 202) {
    const b = isObject(body) ? body : {};
    const code = typeof b.code === 'string' ? b.code : `HTTP_${res.status}`;
    return { ok: false, code, error: typeof b.error === 'string' ? b.error : `HTTP ${res.status}` };
  }
  const answer = readAnswer(body);
  return answer
    ? { ok: true, answer }
    : { ok: false, code: 'BAD_ANSWER', error: 'The game server answered something that is not a round.' };
}

/** What the player is told when a round was not played. */
export function spinErrorText(code: string, error: string): string {
  const plain: Record<string, string> = {
    INSUFFICIENT_FUNDS: 'Not enough funds for this bet. Lower the bet or make a deposit.',
    SESSION_EXPIRED: 'The casino session has ended. Go back to the lobby and open the game again.',
    PLAYER_UNAUTHORIZED: 'The casino no longer accepts this session. Go back to the lobby.',
    ROUND_PENDING: 'Your round is being confirmed with the casino; your balance follows once it is.',
  };
  return `${plain[code] ?? error} (${code})`;
}

/** The outcome as text: symbols joined by spaces, or the value as JSON. */
export function outcomeText(outcome: unknown): string {
  if (Array.isArray(outcome))
    return outcome.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join(' ');
  return typeof outcome === 'string' ? outcome : JSON.stringify(outcome ?? null);
}
