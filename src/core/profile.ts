/**
 * Profile calls (a player's public profile and avatar, a guest's claiming code and its check), loaded on first use:
 * signing in needs none of them. The client checks their arguments before loading this (bad input never waits on a
 * download).
 *
 * This chunk also carries the platform's error table (`platform-errors.ts`), which only a failed answer needs: the
 * transport loads it from here, so a game fetches one chunk for both (the other lazily loaded parts are
 * PLYR[CONNECT], the local JWT check and the allowance calls).
 */
import { expectAnswer, filled } from './expect-answer.js';
import { str } from './session.js';
import type { ClaimingCode, SignRequest, UserInfo } from './types.js';

export { platformError } from './platform-errors.js';

/** Sends one platform request (through the client's transport) and resolves to its JSON object answer. */
export type Send = (request: SignRequest) => Promise<Record<string, unknown>>;

/** `GET /api/user/info/:who`. */
export async function userInfo(send: Send, who: string): Promise<UserInfo> {
  const { plyrId, primaryAddress, mirrorAddress, chainId, avatar, createdAt, isIPP, ippClaimed } =
    (await send({
      method: 'GET',
      path: `/api/user/info/${who}`,
    })) as Omit<UserInfo, 'isGuest' | 'claimed'> & Record<string, unknown>;
  expectAnswer(filled(plyrId), 'plyrId');
  return {
    plyrId,
    primaryAddress,
    mirrorAddress,
    chainId,
    avatar,
    createdAt,
    isGuest: isIPP === true,
    claimed: ippClaimed === true,
  };
}

/** `GET /api/user/avatar/:who`. */
export async function avatar(send: Send, who: string): Promise<string> {
  const answer = await send({ method: 'GET', path: `/api/user/avatar/${who}` });
  expectAnswer(filled(answer.avatar), 'avatar');
  return answer.avatar as string;
}

/** `GET /api/instantPlayPass/verify/claimingCode/:code` (the code already normalised). */
export async function verifyClaimingCode(
  send: Send,
  code: string,
): Promise<{ plyrId: string; verified: boolean }> {
  const answer = await send({ method: 'GET', path: `/api/instantPlayPass/verify/claimingCode/${code}` });
  expectAnswer(filled(answer.plyrId) && typeof answer.verified === 'boolean', 'plyrId or verified');
  return { plyrId: answer.plyrId as string, verified: answer.verified === true };
}

/**
 * `POST /api/instantPlayPass/reveal/claimingCode` of the signed-in guest; `post` sends the guest's session JWT to a
 * path (the client's, which ends the session when the platform says the account is gone).
 */
export async function revealClaimingCode(
  post: (path: string) => Promise<Record<string, unknown>>,
): Promise<ClaimingCode> {
  const answer = await post('/api/instantPlayPass/reveal/claimingCode');
  expectAnswer(filled(answer.claimingCode), 'claimingCode');
  return { claimingCode: str(answer.claimingCode), claimingUrl: str(answer.claimingUrl) };
}
