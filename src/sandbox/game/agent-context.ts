/**
 * What the agent's task functions (`room-services.ts`, `chip-services.ts`) work with, and the argument handling they
 * share with the platform's `services/game.js`: token names resolved to the chain's tokens, amounts read with
 * `parseUnits(amount.toString(), decimals)`, and the argument encoding that fails before anything is sent.
 */
import { isAddress } from '../plyr/address.js';
import { TOKEN_LIST } from '../plyr/approvals.js';
import { lowerOrThrow } from '../plyr/errors.js';
import type { SandboxState } from '../plyr/state.js';
import type { Receipt, TransactionInfo } from './chain.js';
import type { ChipWorld } from './chips.js';
import type { ContractWorld } from './contract.js';
import { parseUnits, textOf, uint256, viemError } from './units.js';

/** One attempt of one task. */
export interface AgentContext {
  readonly state: SandboxState;
  readonly world: ContractWorld & ChipWorld;
  /**
   * `sendAndWaitTx`: waits for the chain, then mines `body` as one transaction (success or reverted). Throws like
   * the platform's sender when the transaction cannot be sent.
   */
  send<T>(info: Omit<TransactionInfo, 'taskId'>, body: () => T): Promise<Receipt<T>>;
  /** The point after the receipt and the activity log where the agent's database writes can fail. */
  afterReceipt(): void;
}

/** What a task function returns. */
export interface ServiceResult {
  hash: string;
  result: Record<string, unknown>;
}

/** A task function (`services/game.js` and `services/gameChip.js`). */
export type Service = (params: Record<string, unknown>, ctx: AgentContext) => Promise<ServiceResult>;

/** The platform's words for a mined revert; the agent does not retry it. */
export const RECEIPT_FAILED = 'Transaction Receipt Failed';

/**
 * A JSON value read as the agent's `for (let i = 0; i < list.length; i++) list[i]` reads it: arrays as they are,
 * strings by character, anything without a length as empty, `undefined`/`null` as V8's TypeError.
 */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null)
    throw new TypeError(`Cannot read properties of ${String(value)} (reading 'length')`);
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  return [];
}

/** `list[i]` of a JSON value (V8's TypeError when the list is `undefined` or `null`). */
export function itemOf(list: unknown, i: number): unknown {
  if (list === undefined || list === null)
    throw new TypeError(`Cannot read properties of ${String(list)} (reading '${i}')`);
  return (list as Record<number, unknown>)[i];
}

/** A token name (or address) and its amount as the agent reads them, before anything is sent. */
export interface ResolvedLines {
  tokens: string[];
  amounts: bigint[];
}

/**
 * The agent's token loop: an address as a token throws `ReferenceError: zeroAddress is not defined` (the service
 * never imports it), an unknown name `Invalid token`; the earn family reads a falsy amount as 0.
 */
export function resolveLines(
  tokensValue: unknown,
  amountsValue: unknown,
  falsyIsZero: boolean,
): ResolvedLines {
  const tokens: string[] = [];
  const amounts: bigint[] = [];
  const list = listOf(tokensValue);
  for (let i = 0; i < list.length; i++) {
    const token = list[i];
    const amount = itemOf(amountsValue, i);
    if (isAddress(token)) throw new ReferenceError('zeroAddress is not defined');
    const name = lowerOrThrow(token, 'token');
    const info = TOKEN_LIST[name];
    if (!info) throw new Error(`Invalid token: ${String(token)}`);
    tokens.push(name);
    amounts.push(falsyIsZero && !amount ? 0n : parseUnits(textOf(amount), info.decimals));
  }
  return { tokens, amounts };
}

/** The encoding of `string[]` arguments (viem: an array or `InvalidArrayError`). */
export function stringArray(value: unknown): string[] {
  if (!Array.isArray(value))
    throw viemError('InvalidArrayError', `Value "${String(value)}" is not a valid array.`);
  return value.map((v) => String(v));
}

/** The encoding of `uint256[]` amounts (negative → `IntegerOutOfRangeError`). */
export const uintArray = (values: bigint[]): bigint[] => values.map((v) => uint256(v));
