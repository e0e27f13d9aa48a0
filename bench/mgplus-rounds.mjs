// MG+ rounds (run `npm run build` first): exactly-once money under faults, and what the server client costs.
// 1. The soak of test/server/mgplus-rounds-soak.test.ts against the built plyr-kit/server and plyr-kit/sandbox:
//    rounds through createMgPlusClient().playRound with faults on ~24 % of wallet calls and three simulated crashes
//    settled by recover(); prints rounds, faults, mismatches, doubles, open rounds, what the game was told against
//    the ledger (reportedFailedButMoved, pendingAtEnd: both must be 0), time.
//    `redisOutage`: the same client with its journal in a real redis-server SIGKILLed mid-run and restarted (5 runs,
//    test/helpers/mgplus-redis-outage.mjs); `openAtWalletAfterLoop` must be 0 once the recovery loop has run.
// 2. Cost per transaction: the same sandbox wallet called one transaction at a time by mg.transaction() and by a
//    hand-written signed fetch (JSON, node:crypto HMAC, UUID, headers, echo check, JSON.parse) in alternating
//    blocks of the same run; the ratio client/hand-written of the median time per call. Target ≤ 1.2.
// `node bench/mgplus-rounds.mjs` prints the JSON alone; bench/run.mjs includes it as `mgplusRounds`.
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runRedisOutage } from '../test/helpers/mgplus-redis-outage.mjs';
import { runSoak } from '../test/helpers/mgplus-soak.mjs';
import { median, r3 } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const SELF = fileURLToPath(import.meta.url);
const ROUNDS = Number(process.env.BENCH_MGPLUS_ROUNDS ?? 10_000);
const BLOCKS = Number(process.env.BENCH_MGPLUS_BLOCKS ?? 10);
const PER_BLOCK = Number(process.env.BENCH_MGPLUS_PER_BLOCK ?? 300);
const SECRET = 'mgplus-bench-shared-secret';
const PROVIDER = 'plyrkit';
const GAME = 'plyr-kit-demo';

async function load() {
  const server = `${root}/dist/server.js`;
  let text = '';
  try {
    text = readFileSync(server, 'utf8');
  } catch {}
  if (!text.includes('createMgPlusClient'))
    throw new Error('dist/server.js is missing or old: run `npm run build`.');
  return { ...(await import(server)), ...(await import(`${root}/dist/sandbox.js`)) };
}

/** The hand-written baseline: what a studio would write without plyr-kit for one signed transaction. */
function handWritten(baseUrl, session) {
  return async (transactionId, roundId) => {
    const body = JSON.stringify({
      playerId: session.playerId,
      provider: PROVIDER,
      game: session.game,
      transactionId,
      roundId,
      amount: 0.01,
      transactionType: 'debit',
      roundFinished: true,
      ip: session.ip,
    });
    const requestId = randomUUID();
    const response = await fetch(`${baseUrl}/v1/transaction`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${session.playerToken}`,
        'x-request-id': requestId,
        'x-hmac-signature': createHmac('sha256', SECRET).update(body).digest('hex'),
      },
      body,
    });
    const answer = JSON.parse(await response.text());
    if (response.status !== 200 || response.headers.get('x-request-id') !== requestId)
      throw new Error(`hand-written call failed: ${response.status}`);
    return answer;
  };
}

async function costPerTransaction(lib) {
  const sandbox = await lib.startSandbox({ mgplus: { sharedSecret: SECRET } });
  try {
    const mg = lib.createMgPlusClient({ baseUrl: sandbox.url, sharedSecret: SECRET, provider: PROVIDER });
    const launchToken = await sandbox.mgplus.mintLaunchToken({ player: 'test' });
    const { session } = await mg.authenticate({
      launchToken,
      game: GAME,
      ip: '198.51.100.7',
      platform: 'desktop',
    });
    const byHand = handWritten(sandbox.url, session);
    const viaClient = (transactionId, roundId) =>
      mg.transaction(session, {
        transactionId,
        roundId,
        amount: 0.01,
        transactionType: 'debit',
        roundFinished: true,
      });
    let n = 0;
    const block = async (call) => {
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < PER_BLOCK; i++) {
        n++;
        await call(`bench-tx-${n}`, `bench-round-${n}`);
      }
      const used = process.cpuUsage(cpu);
      return {
        usPerCall: ((performance.now() - t0) * 1000) / PER_BLOCK,
        cpuUsPerCall: (used.user + used.system) / PER_BLOCK,
      };
    };
    await block(byHand); // warm-up of both paths
    await block(viaClient);
    const pairs = [];
    for (let b = 0; b < BLOCKS; b++) {
      // Alternate which goes first, so drift hits both alike.
      let hand;
      let client;
      if (b % 2) {
        hand = await block(byHand);
        client = await block(viaClient);
      } else {
        client = await block(viaClient);
        hand = await block(byHand);
      }
      pairs.push({ hand, client });
    }
    const ratio = r3(median(pairs.map((p) => p.client.usPerCall / p.hand.usPerCall)));
    const cpuRatio = r3(median(pairs.map((p) => p.client.cpuUsPerCall / p.hand.cpuUsPerCall)));
    return {
      clientUsPerTransaction: Math.round(median(pairs.map((p) => p.client.usPerCall))),
      handWrittenUsPerTransaction: Math.round(median(pairs.map((p) => p.hand.usPerCall))),
      ratio,
      cpuRatio,
      target: 1.2,
      setup: {
        blocks: BLOCKS,
        transactionsPerBlock: PER_BLOCK,
        what: 'one POST /v1/transaction at a time to the sandbox wallet on loopback (sandbox in the same process)',
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
  const soak = await runSoak(lib, { rounds: ROUNDS });
  return {
    rounds: soak.rounds,
    walletCalls: soak.calls,
    faults: Object.values(soak.faults.injected).reduce((a, b) => a + b, 0),
    faultShare: soak.faultShare,
    faultsByKind: soak.faults.injected,
    mismatches: soak.mismatches,
    doubles: soak.doubles,
    openRounds: soak.openRounds,
    reportedFailedButMoved: soak.reportedFailedButMoved,
    answeredPending: soak.answeredPending,
    pendingAtEnd: soak.pendingAtEnd,
    believedVsLedger: soak.believedVsLedger,
    restarts: soak.restarts,
    recoveredAfterRestart: soak.recovered,
    finalRecovery: soak.finalRecovery,
    outcomes: soak.outcomes,
    ms: soak.ms,
    costPerTransaction: await costPerTransaction(lib),
    redisOutage: await runRedisOutage(
      { ...lib, Redis: (await import('ioredis')).Redis },
      { runs: Number(process.env.BENCH_OUTAGE_RUNS ?? 5) },
    ),
  };
}

if (process.argv[1] === SELF) console.log(JSON.stringify(await run(), null, 2));
