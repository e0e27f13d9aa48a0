// MG+ rounds with the journal in a real redis-server that is killed (SIGKILL) mid-run and restarted from its
// append-only file: rounds in flight lose their journal for a while. Afterwards, once the client's recovery loop has
// run, no round may be open at the wallet, no round whose money moved may have been told as failed, and what the
// game was told (answer, then `recovered`) must equal the ledger. Plain JavaScript so that bench/mgplus-rounds.mjs
// can run it against dist/; test/server/redis-outage-rounds.test.ts runs it against src/. Types in the .d.mts.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SECRET = 'mgplus-outage-shared-secret';
const PROVIDER = 'plyrkit';
const GAME = 'plyr-kit-demo';
const IP = '198.51.100.7';
const UNIT = 1e8;
const units = (amount) => Math.round(amount * UNIT);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Each of the 8 players waits this long between rounds (about 160 rounds a second in all). */
const PACE_MS = 50;
export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** redis-server on `port` in `dir`, every write fsynced to its append-only file; resolves once it accepts. */
async function redisServer(port, dir) {
  const proc = spawn(
    REDIS_SERVER,
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
      ...['--appendonly', 'yes', '--appendfsync', 'always'],
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    proc.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
  return proc;
}

function killed(proc, signal) {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill(signal);
  });
}

/**
 * One run: `rounds` rounds, 8 at a time, for four sandbox players; Redis is killed once a third of them have
 * started and restarted `downMs` later (longer than a round's deadline, so rounds in flight answer `pending`). `lib`: createMgPlusClient, createRedisState (plyr-kit/server),
 * startSandbox (plyr-kit/sandbox) and Redis (ioredis).
 */
async function oneRun(lib, { rounds, downMs, seed }) {
  const dir = mkdtempSync(join(tmpdir(), 'plyr-kit-outage-'));
  const port = await freePort();
  let redisProc = await redisServer(port, dir);
  const sandbox = await lib.startSandbox({ mgplus: { sharedSecret: SECRET } });
  const redis = new lib.Redis(`redis://127.0.0.1:${port}`, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => 50,
    lazyConnect: true,
  });
  redis.on('error', () => {});
  await redis.connect();
  const state = lib.createRedisState({ redis, prefix: `outage${seed}`, timeoutMs: 300 });
  const mg = lib.createMgPlusClient({
    baseUrl: sandbox.url,
    sharedSecret: SECRET,
    provider: PROVIDER,
    journal: state.journal,
    timeoutMs: 500,
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
    rounds: { settleWithinMs: 1_000 },
    recovery: { intervalMs: 100 },
    amounts: { currencies: sandbox.mgplus.currencyDecimals },
  });
  const told = new Map();
  mg.on('recovered', (outcome) => {
    const belief = told.get(outcome.roundId);
    if (belief === undefined) return;
    belief.ended = outcome.status;
    belief.net = outcome.status === 'settled' ? units(outcome.win) - units(outcome.bet) : 0;
  });
  try {
    const sessions = [];
    for (const label of ['eur', 'test', 'coins', 'idr']) {
      const launchToken = await sandbox.mgplus.mintLaunchToken({ player: label });
      sessions.push(
        (await mg.authenticate({ launchToken, game: GAME, ip: IP, platform: 'desktop' })).session,
      );
    }
    // A wallet that takes its time on half the calls: more rounds are mid-way when Redis dies.
    sandbox.mgplus.faults.configure({ rates: { slow: 0.5 }, slowMs: 80, seed });
    const outcomes = {};
    let next = 0;
    let outage;
    async function worker() {
      while (next < rounds) {
        const n = next++;
        if (n === Math.floor(rounds / 3))
          outage = (async () => {
            await killed(redisProc, 'SIGKILL');
            await sleep(downMs);
            redisProc = await redisServer(port, dir);
          })();
        const roundId = `outage-${seed}-${n}`;
        const bet = 1 + (n % 3);
        try {
          const outcome = await mg.playRound(sessions[n % sessions.length], {
            roundId,
            bet,
            payout: () => (n % 4 === 0 ? bet * 2 : 0),
          });
          const key =
            outcome.status === 'settled' ? 'settled' : `${outcome.status}:${outcome.stage ?? outcome.code}`;
          outcomes[key] = (outcomes[key] ?? 0) + 1;
          const net = outcome.status === 'settled' ? units(outcome.win) - units(outcome.bet) : 0;
          told.set(roundId, { told: outcome.status, ended: outcome.status, net });
        } catch (error) {
          const key = `rejected:${error?.code ?? error?.name ?? 'error'}`;
          outcomes[key] = (outcomes[key] ?? 0) + 1;
          told.set(roundId, { told: 'rejected', ended: 'rejected', net: 0 });
        }
        await sleep(PACE_MS); // a game's pace: the outage lands among rounds in flight
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker));
    await outage;
    const openAtWalletWhenPlayStopped = sandbox.mgplus.ledger().openRounds.length;
    // The loop runs every 100 ms: give it until no round is open in the journal or this process.
    const waited = Date.now();
    let openInJournal = Number.POSITIVE_INFINITY;
    while (Date.now() - waited < 15_000) {
      openInJournal = await state.journal.unfinished().then(
        (open) => open.length,
        () => Number.POSITIVE_INFINITY,
      );
      const pending = [...told.values()].filter((b) => b.ended === 'pending').length;
      if (openInJournal === 0 && pending === 0) break;
      await sleep(100);
    }
    const ledger = sandbox.mgplus.ledger();
    const byRound = new Map();
    for (const e of ledger.entries) byRound.set(e.roundId, (byRound.get(e.roundId) ?? 0) + units(e.change));
    let reportedFailedButMoved = 0;
    let pendingAtEnd = 0;
    let believedVsLedger = 0;
    let believedVsLedgerUnits = 0;
    let answeredPending = 0;
    for (const [roundId, belief] of told) {
      const moved = byRound.get(roundId) ?? 0;
      if (belief.told === 'rejected' && moved !== 0) reportedFailedButMoved++;
      if (belief.told === 'pending') answeredPending++;
      if (belief.ended === 'pending') pendingAtEnd++;
      else if (belief.net !== moved) {
        believedVsLedger++;
        believedVsLedgerUnits += Math.abs(belief.net - moved);
      }
    }
    const moves = new Map();
    for (const e of ledger.entries)
      moves.set(`${e.kind}:${e.transactionId}`, (moves.get(`${e.kind}:${e.transactionId}`) ?? 0) + 1);
    return {
      rounds,
      outcomes,
      openAtWalletWhenPlayStopped,
      openAtWalletAfterLoop: ledger.openRounds.length,
      openInJournalAfterLoop: openInJournal,
      reportedFailedButMoved,
      answeredPending,
      pendingAtEnd,
      believedVsLedger,
      believedVsLedgerAmount: believedVsLedgerUnits / UNIT,
      doubles: [...moves.values()].filter((count) => count > 1).length,
      loopMs: Date.now() - waited,
    };
  } finally {
    mg.close();
    redis.disconnect();
    await killed(redisProc, 'SIGKILL');
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `runs` outage runs and sums what must be zero (see the module comment). */
export async function runRedisOutage(lib, options = {}) {
  if (!existsSync(REDIS_SERVER)) return { skipped: `redis-server not found at ${REDIS_SERVER}` };
  const runs = [];
  for (let i = 0; i < (options.runs ?? 5); i++)
    runs.push(
      await oneRun(lib, { rounds: options.rounds ?? 600, downMs: options.downMs ?? 1_500, seed: i + 1 }),
    );
  const sum = (key) => runs.reduce((total, run) => total + run[key], 0);
  return {
    runs: runs.length,
    roundsPerRun: runs[0].rounds,
    openAtWalletWhenPlayStopped: runs.map((r) => r.openAtWalletWhenPlayStopped),
    openAtWalletAfterLoop: sum('openAtWalletAfterLoop'),
    openInJournalAfterLoop: sum('openInJournalAfterLoop'),
    reportedFailedButMoved: sum('reportedFailedButMoved'),
    answeredPending: sum('answeredPending'),
    pendingAtEnd: sum('pendingAtEnd'),
    believedVsLedger: sum('believedVsLedger'),
    believedVsLedgerAmount: sum('believedVsLedgerAmount'),
    doubles: sum('doubles'),
    outcomes: runs.map((r) => r.outcomes),
    loopMs: runs.map((r) => r.loopMs),
  };
}
