/**
 * `createPlyrGameClient`: the studio's server-side client of the PLYR game economy (docs/platform/plyr-game.md):
 * rooms, tokens and allowances, in-game chips, tasks and the activity log, typed, signed with the game's API key as
 * the signing endpoint signs. Calls that move tokens are intents that move them exactly once (`intents.ts`), and
 * `openMatch` / `settleMatch` (`match.ts`) cover the common entry-fee match.
 *
 * ```ts
 * const game = createPlyrGameClient({ apiKey, secretKey, gameId: 'mygame', apiBase, state });
 * const match = await game.openMatch({ entries: players.map((p) => ({ sessionJwt: p.jwt, token: 'plyr', amount: '10' })) });
 * await game.settleMatch(match, [{ plyrId: winner, token: 'plyr', amount: '19' }]); // the rest to the game, room ended
 * ```
 */
import { createHmacSign, type HmacImplementation, type HmacSign } from '../http/hmac.js';
import { type RecoveryLoop, startRecoveryLoop } from '../http/recovery-loop.js';
import type { UpstreamFetch } from '../http/upstream.js';
import { AllowanceCheck } from './allowances.js';
import { PlayerMarks } from './busy.js';
import { type GameCalls, gameCalls } from './calls.js';
import { PlyrGameError } from './errors.js';
import { audit, type GameIntentTiming } from './intents.js';
import { createMemoryGameJournal, type GameIntentRecord, type PlyrGameJournal } from './journal.js';
import { type GameMatchApi, matchApi } from './match.js';
import { type GameMoves, gameMoves } from './moves-api.js';
import { type GameRecoverReport, type RecoverContext, recoverIntents } from './recover.js';
import { type GameMoveOutcome, moveOutcome } from './types.js';

/** Options of {@link createPlyrGameClient}. */
export interface PlyrGameClientOptions {
  /** The game's API key and secret (the secret never leaves the server). */
  apiKey: string;
  secretKey: string;
  /** The game's PLYR[ID]: the API key's owner (it always counts as joined in its rooms). */
  gameId: string;
  /** The platform's base URL (`https://api-testnet.plyr.network`); `/api/...` is appended. */
  apiBase: string;
  /** Where intents are journaled. Default: `state.gameJournal`, else in memory (use Redis in production). */
  journal?: PlyrGameJournal;
  /** Shared server state (`createRedisState(...)`): its game journal is used unless `journal` is given. */
  state?: { readonly gameJournal: PlyrGameJournal };
  /** Timeout of calls that do not wait for a task, ms. Default 10 000. */
  timeoutMs?: number;
  /** How money calls wait and decide (see {@link GameIntentTiming}). */
  intents?: Partial<GameIntentTiming>;
  /** The platform's earn fee in percent, for a match's accounts (the contract's `platformFee`). Default 2. */
  feePercent?: number;
  /** How long an allowance read is kept (less this process's own pays), ms. Default 30 000. */
  allowanceTtlMs?: number;
  /** Settles unsettled intents while the server lives (started by the first money call), or `false`. */
  recovery?: { intervalMs?: number } | false;
  fetch?: UpstreamFetch;
  hmac?: HmacImplementation;
  now?: () => number;
}

/** The client (see the module comment). Money calls are in {@link GameMoves}, reads in {@link GameCalls}. */
export interface PlyrGameClient extends GameCalls, GameMoves, GameMatchApi {
  readonly gameId: string;
  readonly journal: PlyrGameJournal;
  /** Where an intent stands (its outcome; `undefined` for an unknown id or one where nothing moved). */
  intent(intentId: string): Promise<GameMoveOutcome | undefined>;
  /** The journal record of an intent, with everything a person needs to decide an `attention` one. */
  intentRecord(intentId: string): Promise<GameIntentRecord | undefined>;
  /** One recovery run (the loop runs it every `recovery.intervalMs`). */
  recover(): Promise<GameRecoverReport>;
  /**
   * A person's decision on an `attention` intent, after looking at the platform: `done` (the tokens moved) or
   * `void` (they did not, and the task can no longer run). Recovery then stops looking at it.
   */
  resolveIntent(
    intentId: string,
    decision: { state: 'done' | 'void'; note: string },
  ): Promise<GameIntentRecord>;
  /**
   * `intent`: an intent reached its end (done, attention, or nothing moved), or a platform double was found on a
   * done one. Returns a function that removes the listener.
   */
  on(event: 'intent', listener: (record: GameIntentRecord) => void): () => void;
  /** Stops the recovery loop. */
  close(): void;
}

export const DEFAULT_TIMING: GameIntentTiming = {
  settleWithinMs: 30_000,
  pollMs: 1_000,
  stuckAfterMs: 180_000,
  unseenAfterMs: 180_000,
  clockSkewMs: 1_000,
  syncTimeoutMs: 40_000,
};

function checkOptions(o: PlyrGameClientOptions): void {
  for (const name of ['apiKey', 'secretKey', 'gameId'] as const)
    if (typeof o?.[name] !== 'string' || o[name] === '')
      throw new TypeError(`createPlyrGameClient: \`${name}\` is required.`);
  try {
    const url = new URL(o.apiBase);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
  } catch {
    throw new TypeError('createPlyrGameClient: `apiBase` must be an http(s) URL.');
  }
  for (const [name, value] of Object.entries({
    ...o.intents,
    timeoutMs: o.timeoutMs,
    allowanceTtlMs: o.allowanceTtlMs,
  }))
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value)))
      throw new TypeError(`createPlyrGameClient: \`${name}\` must be a number of ms ≥ 0.`);
  const fee = o.feePercent ?? 2;
  if (!(typeof fee === 'number' && fee >= 0 && fee < 100))
    throw new TypeError('createPlyrGameClient: `feePercent` must be ≥ 0 and < 100.');
}

/** Creates the game-economy client (see {@link PlyrGameClientOptions}). */
export function createPlyrGameClient(options: PlyrGameClientOptions): PlyrGameClient {
  checkOptions(options);
  const now = options.now ?? Date.now;
  const journal = options.journal ?? options.state?.gameJournal ?? createMemoryGameJournal({ now });
  let hmac: Promise<HmacSign> | undefined;
  const transport = {
    apiBase: options.apiBase.replace(/\/+$/, ''),
    apiKey: options.apiKey,
    // Imported on first use; a failed import is tried again on the next call.
    sign: () =>
      (hmac ??= createHmacSign(options.secretKey, options.hmac).catch((e) => {
        hmac = undefined;
        throw e;
      })),
    fetch: options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 10_000,
    now,
  };
  const timing: GameIntentTiming = { ...DEFAULT_TIMING, ...options.intents };
  const owner = crypto.randomUUID();
  const leaseMs = timing.settleWithinMs + timing.syncTimeoutMs;
  const claimedHashes = new Map<string, Set<string>>();
  const listeners = new Set<(record: GameIntentRecord) => void>();
  const ctx: RecoverContext = {
    transport,
    journal,
    unsaved: new Map(),
    gameId: options.gameId.toLowerCase(),
    timing,
    now,
    claimed(plyrId) {
      let set = claimedHashes.get(plyrId);
      if (set === undefined) {
        set = new Set();
        claimedHashes.set(plyrId, set);
      }
      if (set.size > 256) set.delete(set.values().next().value as string);
      return set;
    },
    marks: new PlayerMarks(journal),
    owner,
    leaseMs,
    inFlight: new Set(),

    settled(record) {
      for (const listener of listeners) {
        try {
          listener(structuredClone(record));
        } catch {
          // A listener's failure must not stop the money code.
        }
      }
    },
  };
  const allowances = new AllowanceCheck(transport, ctx.gameId, options.allowanceTtlMs ?? 30_000);
  let loop: RecoveryLoop | undefined;
  let closed = false;
  const startLoop = () => {
    if (options.recovery === false || loop !== undefined || closed) return;
    loop = startRecoveryLoop(() => recoverIntents(ctx), options.recovery?.intervalMs ?? 5_000);
  };
  const moves = gameMoves({ ...ctx, allowances }, startLoop);
  const calls = gameCalls(transport, ctx.gameId, timing);
  const client: PlyrGameClient = {
    ...calls,
    ...moves,
    ...matchApi({
      moves,
      calls,
      gameId: ctx.gameId,
      feePercent: options.feePercent ?? 2,
      async audited(intentId) {
        const record = await client.intentRecord(intentId);
        if (record !== undefined) await audit(ctx, record);
        return record;
      },
    }),
    gameId: ctx.gameId,
    journal,
    async intent(intentId) {
      const record = await client.intentRecord(intentId);
      return record === undefined ? undefined : moveOutcome(record);
    },
    async intentRecord(intentId) {
      if (typeof intentId !== 'string' || intentId === '') return undefined;
      return ctx.unsaved.get(intentId) ?? journal.load(intentId);
    },
    recover: () => recoverIntents(ctx),
    async resolveIntent(intentId, decision) {
      const record = await client.intentRecord(intentId);
      if (record?.state !== 'attention')
        throw new PlyrGameError('INPUT_INVALID', `Intent ${intentId} is not waiting for a person.`, {
          outcome: 'refused',
        });
      record.state = decision.state === 'done' ? 'done' : 'reverted';
      record.audited = true;
      record.notes.push(`resolved by a person as ${decision.state}: ${decision.note}`);
      record.updatedAt = now();
      await journal.save(record);
      ctx.settled(record);
      return record;
    },
    on(event, listener) {
      if (event !== 'intent')
        throw new PlyrGameError('INPUT_INVALID', `Unknown event "${String(event)}".`, { outcome: 'refused' });
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      loop?.stop();
    },
  };
  return client;
}
