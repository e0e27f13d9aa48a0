/**
 * The sandbox MG+ wallet routes `POST /v1/balance`, `/v1/transaction`, `/v1/rollback`, checked in the order of
 * `/v1/authenticate` (request id, caller IP, HMAC over the exact body bytes), then `Authorization: Bearer` (a
 * player token handed out by authenticate, for this player and game), then the request model, then the injected
 * fault (see `faults.ts`), then the books (`ledger.ts`).
 *
 * A transaction's `amount` is taken exactly or refused, never rounded: a number (else `INVALID_REQUEST`), not
 * negative, with at most the player's decimals (`MgPlusLedger.decimalsOf`: EUR 2, IDR with truncation 1000 5) and
 * at most `MAX_UNITS` of them (10^15: 10 trillion EUR), else `VALIDATION_FAILED`. Like every request-model refusal
 * it is answered before the books: nothing moves and the `transactionId` is not recorded. The decimals rule and the
 * bound are the sandbox's choices; the guide says only that amounts are decimals ≥ 0 in the player's currency.
 */
import { toUnits, unitsToText } from '../../realplay/currency-decimals.js';
import {
  type AuthenticateContext,
  fail,
  isUuid,
  lowerKeys,
  type MgPlusAnswer,
  signatureMatches,
} from './authenticate.js';
import type { MgPlusFaults, MgPlusWalletCall } from './faults.js';
import { type LedgerTransaction, MAX_UNITS, type MgPlusLedger } from './ledger.js';

/** What the wallet routes need from the emulator. */
export interface WalletContext extends AuthenticateContext {
  ledger: MgPlusLedger;
  faults: MgPlusFaults;
}

/** The outcome of a wallet call: an answer, or a connection to drop without one. */
export type WalletOutcome = { answer: MgPlusAnswer } | { drop: true };

/** The wallet paths and the call each one is. */
export const WALLET_PATHS: Readonly<Record<string, MgPlusWalletCall>> = {
  '/v1/balance': 'balance',
  '/v1/transaction': 'transaction',
  '/v1/rollback': 'rollback',
};

const MGPLUS_ID = /^[A-Za-z0-9_.-]{1,255}$/;

class Invalid extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function id(fields: Map<string, unknown>, name: string): string {
  const value = fields.get(name.toLowerCase());
  if (typeof value !== 'string' || !MGPLUS_ID.test(value))
    throw new Invalid('INVALID_REQUEST', `${name} must be 1-255 characters of a-z A-Z 0-9 _ - .`);
  return value;
}

/** `amount` in units of 10^-decimals, exactly, or the refusal (see the module comment). */
function amountUnits(amount: unknown, decimals: number): bigint {
  if (typeof amount !== 'number' || !Number.isFinite(amount))
    throw new Invalid('INVALID_REQUEST', 'amount must be a number.');
  if (amount < 0) throw new Invalid('VALIDATION_FAILED', 'amount must not be negative.');
  const units = toUnits(amount, decimals);
  if (units === undefined)
    throw new Invalid(
      'VALIDATION_FAILED',
      `amount has more than ${decimals} decimals, the most this player's amounts carry.`,
    );
  if (units > MAX_UNITS)
    throw new Invalid(
      'VALIDATION_FAILED',
      `amount is over the wallet's maximum of ${unitsToText(MAX_UNITS, decimals)}.`,
    );
  return units;
}

function parseTransaction(
  fields: Map<string, unknown>,
  playerId: string,
  game: string,
  decimals: number,
): LedgerTransaction {
  const units = amountUnits(fields.get('amount'), decimals);
  const type = fields.get('transactiontype');
  if (type !== 'debit' && type !== 'credit')
    throw new Invalid('INVALID_REQUEST', 'transactionType must be "debit" or "credit".');
  const finished = fields.get('roundfinished');
  if (finished !== undefined && typeof finished !== 'boolean')
    throw new Invalid('INVALID_REQUEST', 'roundFinished must be a boolean.');
  const t: LedgerTransaction = {
    playerId,
    game,
    transactionId: id(fields, 'transactionId'),
    roundId: id(fields, 'roundId'),
    units,
    transactionType: type,
    roundFinished: finished === true,
  };
  const free = fields.get('freegameinfo');
  if (free !== undefined && free !== null) {
    const f =
      typeof free === 'object' && !Array.isArray(free) ? lowerKeys(free as Record<string, unknown>) : null;
    const offerId = f?.get('offerid');
    const instanceId = f?.get('instanceid');
    if (!Number.isInteger(offerId) || !Number.isInteger(instanceId))
      throw new Invalid('INVALID_REQUEST', 'freeGameInfo must be { offerId, instanceId } (integers).');
    t.freeGame = { offerId: offerId as number, instanceId: instanceId as number };
  }
  return t;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Handles one wallet call. */
export async function walletCall(
  call: MgPlusWalletCall,
  request: { headers: Record<string, string | undefined>; rawBody: Buffer; callerIp: string },
  ctx: WalletContext,
): Promise<WalletOutcome> {
  const answer = (a: MgPlusAnswer): WalletOutcome => ({ answer: a });
  if (!isUuid(request.headers['x-request-id']))
    return answer(fail(400, 'INVALID_REQUEST', 'X-Request-ID must be a UUID.'));
  if (ctx.allowedCallerIps !== undefined && !ctx.allowedCallerIps.includes(request.callerIp))
    return answer(fail(401, 'REGION_BLOCKED', 'The calling server is not on the IP allow-list.'));
  if (!signatureMatches(request.headers['x-hmac-signature'], request.rawBody, ctx))
    return answer(fail(401, 'SERVER_UNAUTHORIZED', 'X-HMAC-Signature does not match the request body.'));
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const owner = bearer === undefined ? undefined : ctx.playerTokens.get(bearer);
  if (owner === undefined)
    return answer(
      fail(401, 'PLAYER_UNAUTHORIZED', 'Authorization must be "Bearer <playerToken>" from authenticate.'),
    );

  let parsed: unknown;
  try {
    parsed = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return answer(fail(400, 'INVALID_REQUEST', 'The body is not JSON.'));
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return answer(fail(400, 'INVALID_REQUEST', 'The body must be a JSON object.'));
  const fields = lowerKeys(parsed as Record<string, unknown>);
  let apply: () => MgPlusAnswer;
  let transactionType: 'debit' | 'credit' | undefined;
  try {
    const playerId = id(fields, 'playerId');
    id(fields, 'provider');
    const game = id(fields, 'game');
    if (playerId !== owner.playerId || game !== owner.game)
      return answer(fail(401, 'PLAYER_UNAUTHORIZED', 'The player token is for another player or game.'));
    if (call === 'balance') apply = () => ctx.ledger.balanceAnswer(playerId);
    else if (call === 'rollback') {
      const r = { playerId, transactionId: id(fields, 'transactionId'), roundId: id(fields, 'roundId') };
      apply = () => ctx.ledger.rollback(r);
    } else {
      // The owner's player is seeded, so the ledger knows its decimals.
      const t = parseTransaction(fields, playerId, game, ctx.ledger.decimalsOf(playerId)!);
      transactionType = t.transactionType;
      apply = () => ctx.ledger.transaction(t);
    }
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return answer(fail(400, error.code, error.message));
  }

  const fault = ctx.faults.draw(call, transactionType);
  switch (fault?.kind) {
    case 'retry-required':
      return answer(fail(500, 'RETRY_REQUIRED', 'Sandbox fault: retry the same request.'));
    case 'error-before':
      return answer({ status: 500, body: 'Internal Server Error' });
    case 'drop-before':
      return { drop: true };
    case 'slow':
      await sleep(fault.delayMs);
      return answer(apply());
    case 'error-after': {
      apply();
      const code =
        transactionType === 'debit'
          ? 'DEBIT_FAILED'
          : transactionType === 'credit'
            ? 'CREDIT_FAILED'
            : 'RETRY_REQUIRED';
      return answer(fail(500, code, 'Sandbox fault: the outcome is unknown; retry.'));
    }
    case 'drop-after':
      apply();
      return { drop: true };
    default:
      return answer(apply());
  }
}
