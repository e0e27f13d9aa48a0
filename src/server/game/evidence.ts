/**
 * What the platform's records say about an intent, when its task cannot: the activity log
 * (`GET /api/actionLog/:plyrId`, newest first), where the worker writes one entry per player line of every mined
 * transaction, `{ action, data: { gameId, roomId, token, amount, hash, success } }`, right after its receipt and
 * before the task's outcome (docs/platform/plyr-game.md#activity-log); and balances against a baseline taken
 * before the intent was sent.
 */
import { DEFAULT_TOKEN_DECIMALS, toTokenUnits } from './amounts.js';
import { answerError } from './errors.js';
import type { GameBalanceBaseline, GameIntentKind, GameIntentLine, GameIntentRecord } from './journal.js';
import { callPlatform, type GameTransport } from './transport.js';

/** One entry of a player's activity log. */
export interface GameActivityEntry {
  _id?: string;
  plyrId: string;
  gameId: string | null;
  type: string;
  action: string;
  data: Record<string, unknown>;
  /** ISO time. */
  timestamp: string;
}

/** The log action each kind of intent is written under (chips are not in the log). */
export const LOG_ACTION: Readonly<Partial<Record<GameIntentKind, string>>> = {
  pay: 'pay',
  earn: 'earn',
  joinPay: 'joinPay',
  createJoinPay: 'createJoinPay',
  earnLeave: 'earnLeave',
  earnLeaveEnd: 'earnLeaveEnd',
};

const PAGE = 50;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A player's log entries written at or after `sinceMs` (pages newest-first until an older entry). */
export async function logSince(
  t: GameTransport,
  plyrId: string,
  sinceMs: number,
): Promise<GameActivityEntry[]> {
  const found: GameActivityEntry[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const path = `/api/actionLog/${encodeURIComponent(plyrId)}?offset=${offset}&limit=${PAGE}`;
    const { status, body } = await callPlatform(t, 'GET', path);
    if (status !== 200 || !Array.isArray(body)) throw answerError(status, body, 'activity log');
    for (const raw of body) {
      if (!isObject(raw) || !isObject(raw.data) || typeof raw.timestamp !== 'string') continue;
      if (Date.parse(raw.timestamp) < sinceMs) return found;
      found.push(raw as unknown as GameActivityEntry);
    }
    if (body.length < PAGE) return found;
  }
}

/** What the log shows of an intent: the hashes of its mined transactions, and whether any reverted. */
export interface LogEvidence {
  /** Distinct hashes of transactions of this intent mined with `success: 'success'`. */
  succeeded: string[];
  /** Distinct hashes of transactions of this intent mined and reverted. */
  reverted: string[];
  /** Rooms those successful transactions went to (createJoinPay: the room made). */
  rooms: string[];
}

const sameAmount = (a: unknown, b: string) => {
  const x = toTokenUnits(typeof a === 'number' ? String(a) : a, DEFAULT_TOKEN_DECIMALS);
  return x !== undefined && x === toTokenUnits(b, DEFAULT_TOKEN_DECIMALS);
};

/** Whether a log entry is one of `record`'s lines: the game, the intent's action, its room (when known), token, amount. */
function entryOf(
  record: GameIntentRecord,
  gameId: string,
  action: string,
  entry: GameActivityEntry,
  line: GameIntentLine,
) {
  const { data } = entry;
  if (entry.action !== action || typeof data.hash !== 'string') return false;
  if (String(data.gameId ?? entry.gameId).toLowerCase() !== gameId.toLowerCase()) return false;
  // A createJoinPay's room is what it made (a re-sent one made another): only the other kinds name theirs.
  if (record.kind !== 'createJoinPay' && record.roomId !== undefined && String(data.roomId) !== record.roomId)
    return false;
  return (
    String(data.token).toLowerCase() === line.token.toLowerCase() && sameAmount(data.amount, line.amount)
  );
}

/**
 * The log's evidence of `record`: transactions whose entries, written from `skewMs` before it was sent until
 * `untilMs` (when its task completed, or when one of its players' next move was sent), show EVERY line of it (one transaction writes one entry per line, under one hash, in each line's player's log), with
 * hashes not in `claimed` (intents settled before). Requiring every line keeps another intent of one of the players
 * (another match, with other players) from passing for this one.
 */
export async function logEvidence(
  t: GameTransport,
  gameId: string,
  record: GameIntentRecord,
  skewMs: number,
  claimed: ReadonlySet<string>,
  untilMs = Number.POSITIVE_INFINITY,
): Promise<LogEvidence | undefined> {
  const action = LOG_ACTION[record.kind];
  if (action === undefined || record.lines.length === 0 || record.sentAt === undefined) return undefined;
  const players = [...new Set(record.lines.map((l) => l.plyrId))];
  const read = async (p: string) => {
    const entries = await logSince(t, p, record.sentAt! - skewMs);
    return [p, entries.filter((e) => Date.parse(e.timestamp) <= untilMs)] as const;
  };
  const logs = new Map(await Promise.all(players.map(read)));
  const evidence: LogEvidence = { succeeded: [], reverted: [], rooms: [] };
  const first = record.lines[0]!;
  for (const entry of logs.get(first.plyrId) ?? []) {
    const hash = entry.data.hash as string;
    if (claimed.has(hash) || !entryOf(record, gameId, action, entry, first)) continue;
    const all = record.lines.every((line) =>
      (logs.get(line.plyrId) ?? []).some(
        (e) => e.data.hash === hash && entryOf(record, gameId, action, e, line),
      ),
    );
    if (!all) continue;
    const succeeded = entry.data.success === 'success';
    const list = succeeded ? evidence.succeeded : evidence.reverted;
    if (!list.includes(hash)) list.push(hash);
    const room = entry.data.roomId;
    if (succeeded && typeof room === 'string' && !evidence.rooms.includes(room)) evidence.rooms.push(room);
  }
  return evidence;
}

/** A player's balance of `token` (`GET /api/user/balance/:plyrId/:token`), as the decimal text the platform wrote. */
export async function balanceOf(t: GameTransport, plyrId: string, token: string): Promise<string> {
  const path = `/api/user/balance/${encodeURIComponent(plyrId)}/${encodeURIComponent(token)}`;
  const { status, body } = await callPlatform(t, 'GET', path);
  const value = isObject(body) ? body[token] : undefined;
  if (status !== 200 || (typeof value !== 'string' && typeof value !== 'number'))
    throw answerError(status, body, 'balance');
  return String(value);
}

/** A player's balance of one of this game's chips (`GET /api/game/chip/balance`), `"0"` when they hold none. */
export async function chipBalanceOf(t: GameTransport, plyrId: string, chip: string): Promise<string> {
  const path = `/api/game/chip/balance?plyrId=${encodeURIComponent(plyrId)}&chip=${encodeURIComponent(chip)}`;
  const { status, body } = await callPlatform(t, 'GET', path);
  if (status === 404) return '0';
  if (status !== 200 || !isObject(body)) throw answerError(status, body, 'chip balance');
  for (const chips of Object.values(body))
    for (const [address, info] of Object.entries(isObject(chips) ? chips : {}))
      if (address.toLowerCase() === chip.toLowerCase() && isObject(info) && info.balance !== undefined)
        return String(info.balance);
  return '0';
}

const CHIPS = new Set<GameIntentKind>(['chipMint', 'chipBurn', 'chipTransfer']);

/** The balance a line's token is read from: tokens through the user balance route, chips through the chip route. */
const readBalance = (t: GameTransport, kind: GameIntentKind, plyrId: string, token: string) =>
  CHIPS.has(kind) ? chipBalanceOf(t, plyrId, token) : balanceOf(t, plyrId, token);

/** How a line changes its player's balance: a mint adds to it; every other kind the baseline covers takes from it. */
const deltaOf = (kind: GameIntentKind, amount: string): bigint => {
  const units = toTokenUnits(amount, DEFAULT_TOKEN_DECIMALS) ?? 0n;
  return kind === 'chipMint' ? units : -units;
};

/** Baseline balances of the paying players of `record` (one per player and token). */
export async function takeBaseline(
  t: GameTransport,
  record: GameIntentRecord,
): Promise<GameBalanceBaseline[]> {
  const seen = new Map<string, GameBalanceBaseline>();
  for (const { plyrId, token } of record.lines) {
    const key = `${plyrId}\u0000${token}`;
    if (!seen.has(key)) seen.set(key, { plyrId, token, balance: '' });
  }
  const rows = [...seen.values()];
  await Promise.all(
    rows.map(async (row) => {
      row.balance = await readBalance(t, record.kind, row.plyrId, row.token);
    }),
  );
  return rows;
}

/**
 * What balances say against the baseline: `unmoved` when every player of the baseline still has exactly it,
 * `moved` when each has exactly the baseline changed by the intent's lines, else `unclear` (something else moved).
 */
export async function balanceEvidence(
  t: GameTransport,
  record: GameIntentRecord,
): Promise<'unmoved' | 'moved' | 'unclear'> {
  if (record.baseline === undefined || record.baseline.length === 0) return 'unclear';
  let unmoved = true;
  let moved = true;
  for (const row of record.baseline) {
    const now = toTokenUnits(
      await readBalance(t, record.kind, row.plyrId, row.token),
      DEFAULT_TOKEN_DECIMALS,
    );
    const before = toTokenUnits(row.balance, DEFAULT_TOKEN_DECIMALS);
    if (now === undefined || before === undefined) return 'unclear';
    let change = 0n;
    for (const line of record.lines)
      if (line.plyrId === row.plyrId && line.token === row.token) change += deltaOf(record.kind, line.amount);
    if (now !== before) unmoved = false;
    if (now !== before + change) moved = false;
  }
  return unmoved ? 'unmoved' : moved ? 'moved' : 'unclear';
}
