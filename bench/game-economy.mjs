// The PLYR game economy (run `npm run build` first): exactly-once token moves under the platform's own hazards, and
// what the client costs.
// 1. The soak of test/server/game-soak.test.ts against the built plyr-kit/server and plyr-kit/sandbox, with 5,000
//    entry-fee matches (openMatch, then settleMatch) and more than 20 % of token-moving calls faulted (504s, slow
//    chains, tasks stuck PENDING, FAILED after mining, the worker re-sending, lost answers, client processes killed);
//    prints doubles, lost, openAfterRecovery (all must be 0) and the platform doubles injected and detected.
// 2. Cost per pay: one player paying 0.01 plyr into one room, one sync pay at a time, through game.pay() and through
//    a hand-written signed fetch (JSON, node:crypto HMAC, headers, JSON.parse) in alternating blocks of the same run;
//    the ratio client/hand-written of the median time per pay. Target ≤ 1.1.
// `node bench/game-economy.mjs` prints the JSON alone; bench/run.mjs includes it as `gameEconomy`.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runGameSoak } from '../test/helpers/game-soak.mjs';
import { median, r3 } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const SELF = fileURLToPath(import.meta.url);
const MATCHES = Number(process.env.BENCH_GAME_MATCHES ?? 5_000);
const BLOCKS = Number(process.env.BENCH_GAME_BLOCKS ?? 10);
const PER_BLOCK = Number(process.env.BENCH_GAME_PER_BLOCK ?? 100);

async function load() {
  const server = `${root}/dist/server.js`;
  let text = '';
  try {
    text = readFileSync(server, 'utf8');
  } catch {}
  if (!text.includes('createPlyrGameClient'))
    throw new Error('dist/server.js is missing or old: run `npm run build`.');
  return { ...(await import(server)), ...(await import(`${root}/dist/sandbox.js`)) };
}

/** A signed POST, as a studio would write it without plyr-kit: the answer's status and JSON. */
function signedPost(sandbox) {
  return async (path, body) => {
    const text = JSON.stringify(body);
    const timestamp = String(Date.now());
    const answer = await fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        apikey: sandbox.apiKey,
        timestamp,
        signature: createHmac('sha256', sandbox.secretKey)
          .update(timestamp + text)
          .digest('hex'),
      },
      body: text,
    });
    return { status: answer.status, json: JSON.parse(await answer.text()) };
  };
}

async function costPerPay(lib) {
  const sandbox = await lib.startSandbox({
    game: {
      chainDelayMs: 5,
      retryBackoffMs: 5,
      syncPolls: 50,
      syncIntervalMs: 2,
      guestBalances: { plyr: 1_000_000 },
    },
  });
  try {
    const post = signedPost(sandbox);
    const { json: guest } = await post('/api/instantPlayPass/register', { tokens: ['plyr'] });
    const game = lib.createPlyrGameClient({
      apiKey: sandbox.apiKey,
      secretKey: sandbox.secretKey,
      gameId: sandbox.gameId,
      apiBase: sandbox.url,
      recovery: false,
    });
    const { roomId } = await game.createRoom();
    await game.join({ roomId, sessionJwts: [guest.sessionJwt] });
    const payment = { sessionJwt: guest.sessionJwt, token: 'plyr', amount: '0.01' };
    const viaClient = async () => {
      if ((await game.pay({ roomId, payments: [payment] })).status !== 'done')
        throw new Error('client pay not done');
    };
    const byHand = async () => {
      const body = {
        roomId,
        sessionJwts: [guest.sessionJwt],
        tokens: ['plyr'],
        amounts: ['0.01'],
        sync: true,
      };
      const { status, json } = await post('/api/game/pay', body);
      if (status !== 200 || json.status !== 'SUCCESS') throw new Error(`hand-written pay: ${status}`);
    };
    const block = async (call) => {
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < PER_BLOCK; i++) await call();
      const used = process.cpuUsage(cpu);
      return {
        usPerPay: ((performance.now() - t0) * 1000) / PER_BLOCK,
        cpuUsPerPay: (used.user + used.system) / PER_BLOCK,
      };
    };
    await block(byHand); // warm-up of both paths
    await block(viaClient);
    const pairs = [];
    for (let b = 0; b < BLOCKS; b++) {
      const first = b % 2 ? byHand : viaClient;
      const second = b % 2 ? viaClient : byHand;
      const x = await block(first);
      const y = await block(second);
      pairs.push(b % 2 ? { hand: x, client: y } : { client: x, hand: y });
    }
    return {
      clientUsPerPay: Math.round(median(pairs.map((p) => p.client.usPerPay))),
      handWrittenUsPerPay: Math.round(median(pairs.map((p) => p.hand.usPerPay))),
      ratio: r3(median(pairs.map((p) => p.client.usPerPay / p.hand.usPerPay))),
      cpuRatio: r3(median(pairs.map((p) => p.client.cpuUsPerPay / p.hand.cpuUsPerPay))),
      target: 1.1,
      setup: {
        blocks: BLOCKS,
        paysPerBlock: PER_BLOCK,
        what: 'one sync POST /api/game/pay at a time to the sandbox (5 ms chain, sync polls every 2 ms) on loopback; the client also journals the intent, marks the player busy, reads the baseline balance, and checks the allowance (read once, then kept)',
        estimate:
          'median over blocks of the paired client/hand-written ratio; cpuRatio: same with process CPU time',
      },
    };
  } finally {
    await sandbox.close();
  }
}

/** Runs both parts and returns the figures (used by bench/run.mjs). */
export async function run() {
  const lib = await load();
  const soak = await runGameSoak(lib, { matches: MATCHES });
  return {
    matches: soak.matches,
    rooms: soak.rooms,
    doubles: soak.doubles,
    lost: soak.lost,
    openAfterRecovery: soak.openAfterRecovery,
    platformDoublesInjected: soak.platformDoublesInjected,
    platformDoublesDetected: soak.platformDoublesDetected,
    needsAttention: soak.needsAttention,
    faultShare: soak.faultShare,
    faultsByKind: soak.faultsByKind,
    lostAnswers: soak.counts.lostAnswers,
    processCrashes: soak.counts.crashes,
    tokenMovingCalls: soak.counts.moneyCalls,
    outcomes: soak.outcomes,
    ms: soak.ms,
    costPerPay: await costPerPay(lib),
  };
}

if (process.argv[1] === SELF) console.log(JSON.stringify(await run(), null, 2));
