/**
 * Sandbox-only routes of the game economy (no HMAC; never part of the platform): the books, the tasks, and fault
 * injection over HTTP, for tools outside the test process.
 * - `GET /sandbox/game/ledger` → the books (`GameLedgerSnapshot`)
 * - `GET /sandbox/game/tasks` → every task (`GameTaskSnapshot[]`)
 * - `GET /sandbox/game/faults` → stats; `DELETE` clears the plan and queued faults, then answers the stats;
 *   `POST {rates?, seed?, slowFactor?, tasks?, once?}` sets a random plan (when `rates` is given) and/or queues
 *   one-shot faults (`once`: one or a list), then answers the stats. A bad plan or fault: 400 `{error}`.
 */
import { type Route, reply } from '../plyr/context.js';
import type { GameEconomy } from './economy.js';
import { type GameFaultOnce, type GameFaultPlan, onceError, planError } from './faults.js';

/** The control routes. */
export function controlRoutes(game: GameEconomy): Route[] {
  const control = game.control();
  return [
    { method: 'GET', pattern: '/sandbox/game/ledger', steps: [() => reply(200, control.ledger())] },
    { method: 'GET', pattern: '/sandbox/game/tasks', steps: [() => reply(200, control.tasks())] },
    { method: 'GET', pattern: '/sandbox/game/faults', steps: [() => reply(200, control.faults.stats())] },
    {
      method: 'DELETE',
      pattern: '/sandbox/game/faults',
      steps: [
        () => {
          control.faults.clear();
          return reply(200, control.faults.stats());
        },
      ],
    },
    {
      method: 'POST',
      pattern: '/sandbox/game/faults',
      steps: [
        (ctx) => {
          const body = ctx.body;
          if (body === null || typeof body !== 'object' || Array.isArray(body))
            return reply(400, { error: 'Send a JSON object.' });
          const { once, ...plan } = body as { once?: unknown } & Record<string, unknown>;
          const queued = (once === undefined ? [] : Array.isArray(once) ? once : [once]) as GameFaultOnce[];
          for (const fault of queued) {
            const error = onceError(fault);
            if (error !== undefined) return reply(400, { error });
          }
          if (Object.keys(plan).length > 0) {
            const error = planError(plan as unknown as GameFaultPlan);
            if (error !== undefined) return reply(400, { error });
            control.faults.configure(plan as unknown as GameFaultPlan);
          }
          for (const fault of queued) control.faults.once(fault);
          return reply(200, control.faults.stats());
        },
      ],
    },
  ];
}
