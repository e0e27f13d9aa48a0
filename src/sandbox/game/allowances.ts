/**
 * Spending allowances (`UserApprove` rows, docs/platform/plyr-game.md#allowances) as the game economy reads and spends
 * them. A row is an off-chain record only:
 * - the pay check (`checkAllowances`) reads it **ignoring its expiry**, before duplicate lines are merged;
 * - after a successful pay-type transaction the agent, per (merged) line, subtracts the amount if the row holds at
 *   least that much and deletes the row otherwise; check and spend are separate steps, so two pays checked
 *   before either was spent both pass;
 * - amounts are Numbers (the database's doubles), so spending 0.1 three times from 0.3 leaves 5.55e-17, not 0.
 */
import { type ApprovalRecord, approvalKey, type SandboxState } from '../plyr/state.js';

/** `UserApprove.findOne({gameId, plyrId, token})` with the values exactly as given. */
export function findApproval(
  state: SandboxState,
  gameId: unknown,
  plyrId: unknown,
  token: unknown,
): ApprovalRecord | undefined {
  if (typeof gameId !== 'string' || typeof plyrId !== 'string' || typeof token !== 'string') return undefined;
  return state.approvals.get(approvalKey(plyrId, gameId, token));
}

/** Whether a row has expired (`createdAt + expiresIn·1000 < now`; only the GET routes look). */
export const isExpired = (row: ApprovalRecord, now: number): boolean =>
  (row.expiresIn ?? 0) * 1000 + row.createdAt < now;

/**
 * The agent's bookkeeping after a successful pay-type transaction, line by line: `amount >= spent` (JavaScript
 * comparison, the amount possibly a string) → `$inc: -spent`; otherwise the row is deleted.
 */
export function spendAllowances(
  state: SandboxState,
  gameId: string,
  plyrIds: unknown[],
  tokens: unknown[],
  amounts: unknown[],
): void {
  for (let i = 0; i < tokens.length; i++) {
    const row = findApproval(state, gameId, plyrIds[i], tokens[i]);
    if (!row) continue;
    const spent = Number(amounts[i]);
    if (row.amount >= spent) row.amount += -spent;
    else state.approvals.delete(approvalKey(row.plyrId, row.gameId, row.token));
  }
}

/** A row as the allowance lists answer it (`toObject()` without `_id` and `__v`). */
export const approvalView = (row: ApprovalRecord) => ({
  plyrId: row.plyrId,
  gameId: row.gameId,
  token: row.token,
  amount: row.amount,
  expiresIn: row.expiresIn,
  createdAt: new Date(row.createdAt).toISOString(),
});

/** `UserApprove.deleteMany` of a revoke: `token` and `gameId` may be `all`. */
export function revokeApprovals(state: SandboxState, plyrId: string, gameId: string, token: string): void {
  for (const [key, row] of state.approvals) {
    if (row.plyrId !== plyrId) continue;
    if (token !== 'all' && row.token !== token) continue;
    if (gameId !== 'all' && row.gameId !== gameId) continue;
    state.approvals.delete(key);
  }
}
