/**
 * Child process: plays one MG+ round against the sandbox (`MG_URL`, `MG_SECRET`, `MG_PROVIDER`, `MG_GAME`) with
 * its journal in Redis (`REDIS_URL`, `PREFIX`), as the player of `LAUNCH_TOKEN`, and stops where `CRASH` says so
 * the test can SIGKILL it there:
 * - `payout`: the debit went through, the payout is never decided (prints `debited <roundId>`);
 * - `credit-unsent`: the credit is journaled but never sent (prints `credit-journaled <roundId>`);
 * - `credit-lost`: the credit is sent and MG+ applies it, its answer never arrives (prints `credit-sent <roundId>`).
 */
import { createMgPlusClient, createRedisState } from '../../src/server/index.js';
import { connectAnyRedis } from './redis-connect.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};
const hang = () => new Promise<never>(() => {});
const crash = env('CRASH');
const state = createRedisState({ redis: await connectAnyRedis(env('REDIS_URL')), prefix: env('PREFIX') });
const roundId = `crash-${crash}-${Date.now()}`;

const mg = createMgPlusClient({
  baseUrl: env('MG_URL'),
  sharedSecret: env('MG_SECRET'),
  provider: env('MG_PROVIDER'),
  journal: state.journal,
  sessions: { store: state.sessions },
  timeoutMs: 60_000,
  // Killed mid-round, this process leaves its round leased: a short lease lets the test recover it soon after.
  rounds: { settleWithinMs: 60_000, leaseMs: 300 },
  amounts: { currencies: { gc: 2 } }, // the sandbox's virtual coin
  recovery: false,
  fetch: async (input, init) => {
    if (String(init?.body).includes('"transactionType":"credit"')) {
      if (crash === 'credit-unsent') process.stdout.write(`credit-journaled ${roundId}\n`);
      if (crash === 'credit-lost') {
        await fetch(input, init);
        process.stdout.write(`credit-sent ${roundId}\n`);
      }
      return hang();
    }
    return fetch(input, init);
  },
});
const auth = await mg.authenticate({
  launchToken: env('LAUNCH_TOKEN'),
  game: env('MG_GAME'),
  ip: '198.51.100.7',
  platform: 'desktop',
});
await mg.playRound(auth.session, {
  roundId,
  bet: Number(env('BET')),
  payout: () => {
    if (crash === 'payout') {
      process.stdout.write(`debited ${roundId}\n`);
      return hang();
    }
    return Number(env('BET')) * 3;
  },
});
