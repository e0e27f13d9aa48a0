/**
 * In-game chips on the sandbox chain (docs/platform/plyr-game.md#in-game-chips): ERC-20s with 18 decimals that the
 * platform's router creates for a game and that the game mints, burns and moves between players' mirror wallets
 * without their consent. Changes run inside a {@link Chain.execute} transaction like the rooms'.
 */
import { type Account, type Chain, nameAddress, Revert } from './chain.js';

/** A chip (`Chip` record + its token contract). */
export interface ChipState {
  gameId: string;
  /** The chip contract's address (checksummed). */
  chip: string;
  name: string;
  symbol: string;
  image: string;
  /** Per mirror wallet address. */
  balances: Map<string, bigint>;
  totalSupply: bigint;
}

/** What the chip functions need around the chain. */
export interface ChipWorld {
  chain: Chain;
  chips: Map<string, ChipState>;
  /** The mirror wallet of a registered name (`<plyrId>.plyr`); undefined when the name has none. */
  holder(name: string): Account | undefined;
}

/** A line of a chip batch. */
export interface ChipLine {
  chip: string;
  amount: bigint;
}

function chipOf(w: ChipWorld, address: string): ChipState {
  const chip = w.chips.get(address.toLowerCase());
  if (!chip) throw new Revert('Router: chip not found');
  return chip;
}

/** `<plyrId>.plyr` → the holder's wallet (address zero, i.e. a revert, for an unknown name). */
function walletOf(w: ChipWorld, name: string): Account {
  const wallet = w.holder(name.endsWith('.plyr') ? name.slice(0, -5) : name);
  if (!wallet) throw new Revert('ERC20InvalidReceiver(0x0000000000000000000000000000000000000000)');
  return wallet;
}

function setBalance(w: ChipWorld, chip: ChipState, address: string, value: bigint, supply: bigint): void {
  const before = chip.balances.get(address);
  const supplyBefore = chip.totalSupply;
  chip.balances.set(address, value);
  chip.totalSupply = supply;
  w.chain.journal(() => {
    if (before === undefined) chip.balances.delete(address);
    else chip.balances.set(address, before);
    chip.totalSupply = supplyBefore;
  });
}

/** `createGameChip(gameId, name, symbol)`: a new chip contract for the game. */
export function createChip(
  w: ChipWorld,
  gameId: string,
  name: string,
  symbol: string,
  image: string,
): ChipState {
  const address = nameAddress(`GameChip ${JSON.stringify([gameId, w.chips.size, name, symbol])}`);
  const chip: ChipState = {
    gameId,
    chip: address,
    name,
    symbol,
    image,
    balances: new Map(),
    totalSupply: 0n,
  };
  w.chips.set(address.toLowerCase(), chip);
  w.chain.journal(() => w.chips.delete(address.toLowerCase()));
  return chip;
}

/** The i-th entry of a list the router indexes (a Panic when it is missing). */
function at<T>(list: T[], i: number): T {
  const value = list[i];
  if (value === undefined) throw new Revert('Panic: array out-of-bounds access');
  return value;
}

/** `mintGameChips(chips, names, amounts)`. */
export function mintChips(w: ChipWorld, chips: string[], names: string[], amounts: bigint[]): void {
  chips.forEach((address, i) => {
    const chip = chipOf(w, address);
    const wallet = walletOf(w, at(names, i)).address;
    const amount = at(amounts, i);
    setBalance(w, chip, wallet, (chip.balances.get(wallet) ?? 0n) + amount, chip.totalSupply + amount);
  });
}

/** `burnGameChips(chips, names, amounts)`: reverts when a holder has less. */
export function burnChips(w: ChipWorld, chips: string[], names: string[], amounts: bigint[]): void {
  chips.forEach((address, i) => {
    const chip = chipOf(w, address);
    const wallet = walletOf(w, at(names, i)).address;
    const amount = at(amounts, i);
    const held = chip.balances.get(wallet) ?? 0n;
    if (held < amount) throw new Revert('ERC20InsufficientBalance');
    setBalance(w, chip, wallet, held - amount, chip.totalSupply - amount);
  });
}

/** `gameTransferGameChips(chips, from, to, amounts)`: reverts when a sender has less. */
export function transferChips(
  w: ChipWorld,
  chips: string[],
  from: string[],
  to: string[],
  amounts: bigint[],
): void {
  chips.forEach((address, i) => {
    const chip = chipOf(w, address);
    const sender = walletOf(w, at(from, i)).address;
    const receiver = walletOf(w, at(to, i)).address;
    const amount = at(amounts, i);
    const held = chip.balances.get(sender) ?? 0n;
    if (held < amount) throw new Revert('ERC20InsufficientBalance');
    setBalance(w, chip, sender, held - amount, chip.totalSupply);
    setBalance(w, chip, receiver, (chip.balances.get(receiver) ?? 0n) + amount, chip.totalSupply);
  });
}

/** Holders with a positive balance (what the sandbox reports as `holderCount`). */
export const holderCount = (chip: ChipState): number =>
  [...chip.balances.values()].filter((balance) => balance > 0n).length;
