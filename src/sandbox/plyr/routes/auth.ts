/**
 * PLYR[CONNECT] hand-off routes (docs/platform/plyr-api.md#plyrconnect-hand-off): any API key may read or revoke any
 * uid; a stored answer is served for 10 minutes (then `404 Auth expired`); reading does not delete it.
 */
import { AUTH_TTL_MS } from '../auth-store.js';
import { type Platform, type Route, reply } from '../context.js';
import { hmacAuth } from '../hmac-auth.js';

/** The hand-off routes. */
export function authRoutes(p: Platform): Route[] {
  const user = hmacAuth(p, 'user');
  return [
    {
      method: 'GET',
      pattern: '/api/auth/read/:uid',
      steps: [
        user,
        (ctx) => {
          const auth = p.state.auths.get(ctx.params.uid!);
          if (!auth) return reply(404, { error: 'Auth not found' });
          if (p.now() - auth.createdAt > AUTH_TTL_MS) return reply(404, { error: 'Auth expired' });
          return reply(200, { data: auth.data });
        },
      ],
    },
    {
      method: 'POST',
      pattern: '/api/auth/revoke/:uid',
      steps: [
        user,
        (ctx) => {
          if (!p.state.auths.delete(ctx.params.uid!)) return reply(404, { error: 'Auth not found' });
          return reply(200, { message: 'Auth data revoked' });
        },
      ],
    },
  ];
}
