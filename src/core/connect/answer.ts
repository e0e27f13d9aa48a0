/**
 * Turns the hosted page's answer (a login response, docs/platform/plyr-api.md#login) into a session, trusting only
 * what the verified JWT says: who, which game and which wallets come from its claims, never from the fields around
 * it.
 */
import { sessionFromLogin } from '../session.js';
import type { Session, SessionClaims } from '../types.js';

/** `verify` checks the JWT locally (ES256, `gameId`, `exp`) and rejects when it fails. */
export async function sessionFromConnectAnswer(
  data: Record<string, unknown>,
  verify: (jwt: string) => Promise<SessionClaims>,
): Promise<Session> {
  const claims = await verify(String(data.sessionJwt));
  return sessionFromLogin({
    ...data,
    plyrId: claims.plyrId,
    gameId: claims.gameId,
    primaryAddress: claims.primaryAddress,
    mirrorAddress: claims.mirrorAddress,
  });
}
