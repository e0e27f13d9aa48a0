/**
 * Miscellaneous platform routes: liveness (`/api/`, no HMAC), `/api/now`, `/api/status` (admin),
 * `/api/jwt/publicKey` (docs/platform/plyr-api.md#local-es256-verification) and `/api/actionLog/:plyrId`
 * (docs/platform/plyr-api.md#task-status-and-action-log; the game economy's pay and earn records carry `data.hash`
 * and `data.success`). `/api/task/status/:id` lives with the game economy (`game/wallet-routes.ts`).
 */
import { cpus, freemem, totalmem } from 'node:os';
import { type Platform, type Route, reply } from '../context.js';
import { libraryError } from '../errors.js';
import { hmacAuth } from '../hmac-auth.js';

/** `parseInt(value) || fallback` on a query parameter (repeated ones read as `a,b`). */
function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const values = query.getAll(name);
  return Number.parseInt(values.join(','), 10) || fallback;
}

/** The miscellaneous routes. */
export function miscRoutes(p: Platform): Route[] {
  const user = hmacAuth(p, 'user');
  return [
    { method: 'GET', pattern: '/api', steps: [() => reply(200, { message: 'Welcome to the API' })] },
    {
      method: 'GET',
      pattern: '/api/now',
      steps: [user, () => reply(200, { now: new Date(p.now()).toISOString() })],
    },
    {
      method: 'GET',
      pattern: '/api/status',
      steps: [
        hmacAuth(p, 'admin'),
        () =>
          reply(200, {
            status: 'operational',
            timestamp: new Date(p.now()).toISOString(),
            uptime: process.uptime(),
            memory: { total: totalmem(), free: freemem() },
            cpu: cpus().length,
          }),
      ],
    },
    {
      method: 'GET',
      pattern: '/api/jwt/publicKey',
      steps: [user, () => reply(200, { publicKey: p.jwt.publicKeyBase64 })],
    },
    {
      method: 'GET',
      pattern: '/api/actionLog/:plyrId',
      steps: [
        user,
        (ctx) => {
          const offset = intParam(ctx.query, 'offset', 0);
          const limit = Math.abs(intParam(ctx.query, 'limit', 25));
          if (offset < 0)
            throw libraryError(
              `BSON field 'skip' value must be >= 0, actual value '${offset}'`,
              'MongoServerError',
            );
          const logs = p.state.activity
            .filter((entry) => entry.plyrId === ctx.params.plyrId)
            .reverse()
            .slice(offset, offset + limit)
            .map((entry) => ({ ...entry, timestamp: new Date(entry.timestamp).toISOString(), __v: 0 }));
          return reply(200, logs);
        },
      ],
    },
  ];
}
