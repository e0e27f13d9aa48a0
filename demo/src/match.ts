/**
 * The browser's side of the demo's entry-fee match: it asks the demo server (demo/match-rounds.mjs) and shows the
 * answers. The server learns who the player is from the session JWT, takes the entries, draws the winner and pays
 * out; the page never chooses an amount or a winner.
 */
import type { PlyrSpend } from '../../src/phaser/index.js';

/** Where the demo server runs matches (the page reads it from `<meta name="plyr-match">`). */
export const MATCH_PATH = '/demo/match';
const TIMEOUT_MS = 15_000;

/**
 * What the match page asks the player to let the game spend (the plugin's `spend`): five entries of 10 PLYR, for a
 * day. The login panel says so before the code is typed.
 */
export const MATCH_SPEND: PlyrSpend = { tokens: [{ token: 'plyr', amount: '50' }], expiresIn: 86_400 };

/** Who the player is to the match server. Amounts are exact decimal text in the token's units. */
export interface MatchPlayer {
  plyrId: string;
  token: string;
  entry: string;
  prize: string;
  balance: string;
  /** What the game may still take (this game's unexpired approval). */
  allowance: string;
  /** The unfinished match the player is in (a reload finds it again). */
  matchId: string | null;
}

/** One line of the settlement: what left the room, the platform's fee, what the receiver got. */
export interface MatchLine {
  plyrId: string;
  token: string;
  kind: 'payout' | 'remainder' | 'refund';
  amount: string;
  fee: string;
  net: string;
}

/** A match as the server tells it. */
export interface MatchView {
  matchId: string;
  state: 'waiting' | 'opening' | 'settling' | 'confirming' | 'settled' | 'attention' | 'refused' | 'left';
  /** Nothing changes any more (`attention` is finished only when the studio must act; else it may go on). */
  finished: boolean;
  token: string;
  entry: string;
  prize: string;
  players: Array<{ plyrId: string; before: string; after: string | null }>;
  winner: string | null;
  roomId: string | null;
  lines: MatchLine[] | null;
  fees: Record<string, string> | null;
  code: string | null;
  message: string | null;
}

/** An answer, or why there is none (`code` from the server, or `NETWORK`, `TIMEOUT`, `BAD_ANSWER`). */
export type MatchResult<T> = { ok: true; answer: T } | { ok: false; code: string; error: string };

async function call<T>(
  path: string,
  init: RequestInit,
  valid: (body: unknown) => boolean,
): Promise<MatchResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: { accept: 'application/json', ...init.headers },
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return timedOut
      ? { ok: false, code: 'TIMEOUT', error: 'The game server took too long to answer.' }
      : { ok: false, code: 'NETWORK', error: 'The game server cannot be reached.' };
  }
  const body: unknown = await res.json().catch(() => undefined);
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!res.ok) {
    const code = typeof fields.code === 'string' ? fields.code : `HTTP_${res.status}`;
    return { ok: false, code, error: typeof fields.error === 'string' ? fields.error : `HTTP ${res.status}` };
  }
  return valid(body)
    ? { ok: true, answer: body as T }
    : { ok: false, code: 'BAD_ANSWER', error: 'The game server answered something unexpected.' };
}

const post = <T>(base: string, route: string, sessionJwt: string, valid: (body: unknown) => boolean) =>
  call<T>(
    `${base}${route}`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionJwt }) },
    valid,
  );

const isPlayer = (b: unknown) =>
  typeof (b as MatchPlayer)?.plyrId === 'string' && typeof (b as MatchPlayer).balance === 'string';
const isView = (b: unknown) =>
  typeof (b as MatchView)?.matchId === 'string' && Array.isArray((b as MatchView).players);

/** The match server's view of the signed-in player. */
export const fetchPlayer = (sessionJwt: string, base = MATCH_PATH) =>
  post<MatchPlayer>(base, '/player', sessionJwt, isPlayer);
/** Takes a seat (or answers the match the player is already in). */
export const joinMatch = (sessionJwt: string, base = MATCH_PATH) =>
  post<MatchView>(base, '/join', sessionJwt, isView);
/** Gives up a seat while the match still waits for a second player. */
export const leaveMatch = (sessionJwt: string, base = MATCH_PATH) =>
  post<{ left: boolean }>(
    base,
    '/leave',
    sessionJwt,
    (b) => typeof (b as { left?: unknown })?.left === 'boolean',
  );
/** The match now. */
export const readMatch = (matchId: string, base = MATCH_PATH) =>
  call<MatchView>(`${base}/${encodeURIComponent(matchId)}`, { method: 'GET' }, isView);

/** An amount with its token, e.g. `18.62 PLYR`. */
export const amountText = (amount: string, token: string): string => `${amount} ${token.toUpperCase()}`;

/** What the status line says while a match runs (the server's own message wins when it sent one). */
export function stateText(view: MatchView): string {
  if (view.message) return view.message;
  const text: Record<MatchView['state'], string> = {
    waiting: 'Waiting for a second player…',
    opening: 'Two players: taking the entries…',
    settling: 'Drawing the winner and paying out…',
    confirming: 'Being confirmed with the platform…',
    settled: 'The match is settled.',
    attention: 'The studio is checking this match.',
    refused: 'The match could not start; nothing was taken.',
    left: 'You left the match; nothing was taken.',
  };
  return text[view.state];
}

/** One settlement line in words, e.g. `second-player: 19 PLYR less the 0.38 fee = 18.62 PLYR`. */
export function lineText(line: MatchLine, gameId: string): string {
  const who = line.kind === 'remainder' || line.plyrId === gameId ? 'The game' : line.plyrId;
  const t = (a: string) => amountText(a, line.token);
  return `${who}: ${t(line.amount)} less the ${t(line.fee)} fee = ${t(line.net)}`;
}

/** Navigates to the match page (a new page load: the plugin asks for the match's spending consent there). */
export function openMatchPage(): void {
  location.assign(`${location.pathname}?match`);
}

/** Back to the game without the match page. */
export function leaveMatchPage(): void {
  location.assign(location.pathname);
}
