/** Read-only views of the game economy for tests and tools: the ledger and the task list (`types.ts`). */
import type { SandboxState } from '../plyr/state.js';
import type { Account, Chain } from './chain.js';
import type { ChipState } from './chips.js';
import type { QueuedTask } from './tasks.js';
import { BOOK_TOKENS, decimalsOf } from './tokens.js';
import type { GameLedgerSnapshot, GameTaskSnapshot } from './types.js';
import { formatUnits } from './units.js';

/** Every book token's balance as decimal text ("0" for none). */
const amounts = (balances: ReadonlyMap<string, bigint>): Record<string, string> =>
  Object.fromEntries(BOOK_TOKENS.map((t) => [t, formatUnits(balances.get(t) ?? 0n, decimalsOf(t))]));

/** What a ledger snapshot reads: the platform's users and approvals, the chain, the chips. */
export interface LedgerSources {
  readonly state: SandboxState;
  readonly chain: Chain;
  readonly chips: ReadonlyMap<string, ChipState>;
}

/** The ledger now. Accounts are named by the PLYR[ID] that owns the wallet today (a claimed guest's new one). */
export function snapshotLedger(economy: LedgerSources): GameLedgerSnapshot {
  const owners = new Map<string, string>();
  for (const user of economy.state.users.values()) owners.set(user.mirror, user.plyrId);
  const nameOf = (account: Account) => owners.get(account.address) ?? account.name;

  const balances: GameLedgerSnapshot['balances'] = {};
  const initialBalances: GameLedgerSnapshot['initialBalances'] = {};
  for (const account of economy.chain.accounts.values()) {
    balances[nameOf(account)] = amounts(account.balances);
    initialBalances[nameOf(account)] = amounts(account.initial);
  }
  const holders = new Map<string, string>();
  for (const account of economy.chain.accounts.values()) holders.set(account.address, nameOf(account));

  return {
    balances,
    initialBalances,
    rooms: [...economy.chain.rooms.values()].map((room) => ({
      gameId: room.gameId,
      roomId: String(room.roomId),
      roomAddress: room.address,
      balances: amounts(room.balances),
      joined: [...room.joined],
      ended: room.ended,
      deadline: new Date(Math.min(room.deadline, 8.64e15)).toISOString(),
    })),
    fees: amounts(economy.chain.fees.balances),
    transactions: economy.chain.transactions.map((tx) => ({ ...tx, moves: tx.moves.map((m) => ({ ...m })) })),
    allowances: [...economy.state.approvals.values()].map((row) => ({
      plyrId: row.plyrId,
      gameId: row.gameId,
      token: row.token,
      amount: String(row.amount),
      expiresIn: row.expiresIn,
      createdAt: new Date(row.createdAt).toISOString(),
    })),
    chips: [...economy.chips.values()].map((chip) => ({
      gameId: chip.gameId,
      chip: chip.chip,
      name: chip.name,
      symbol: chip.symbol,
      image: chip.image,
      totalSupply: formatUnits(chip.totalSupply, 18),
      balances: Object.fromEntries(
        [...chip.balances].map(([address, units]) => [
          holders.get(address) ?? address,
          formatUnits(units, 18),
        ]),
      ),
    })),
  };
}

/** The task list now. */
export const snapshotTasks = (tasks: QueuedTask[]): GameTaskSnapshot[] =>
  tasks.map((task) => ({
    id: task.id,
    name: task.name,
    params: JSON.parse(task.params) as unknown,
    status: task.stored?.status ?? 'PENDING',
    hash: task.stored?.hash ?? null,
    errorMessage: task.stored?.errorMessage ?? null,
    fault: task.fault?.kind ?? null,
    lost: task.lost,
    queuedAt: new Date(task.queuedAt).toISOString(),
    completedAt: task.stored ? new Date(task.stored.completedAt).toISOString() : null,
  }));
