// The game-economy soak: thousands of entry-fee matches (openMatch, then settleMatch) through createPlyrGameClient
// against the sandbox's game economy over loopback HTTP, with the platform's own hazards injected on a share of its
// calls (504s, slow chains, tasks stuck PENDING, FAILED after the transaction was mined, the worker re-sending a mined
// transaction), answers lost after the platform queued the call, and client processes that die mid-call (a new
// client on the same journal recovers). Afterwards the sandbox's ledger is held against the client's journal.
// Plain JavaScript so that bench/game-economy.mjs can run it against dist/; the jest test runs it against src/.
// Types in game-soak.d.mts.
import { createHmac } from 'node:crypto';

/** Random task faults of the sandbox, per task (sum 0.17), plus lost answers on 5 % of token-moving calls. */
export const GAME_SOAK_TASK_FAULTS = {
  stuck: 0.01,
  resend: 0.03,
  'failed-after-mined': 0.04,
  slow: 0.03,
  504: 0.06,
};
const LOST_ANSWER_RATE = 0.05;
const ENTRY = '1';
const PRIZE = '1.5';
const hang = () => new Promise(() => {});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A seeded generator (mulberry32). */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A signed platform call, written here without plyr-kit (the guests' registration). */
async function signed(sandbox, path, body) {
  const text = JSON.stringify(body);
  const timestamp = String(Date.now());
  const signature = createHmac('sha256', sandbox.secretKey)
    .update(timestamp + text)
    .digest('hex');
  const answer = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', apikey: sandbox.apiKey, signature, timestamp },
    body: text,
  });
  return answer.json();
}

/**
 * Runs the soak. `lib` is the module set to test: `createPlyrGameClient`, `createMemoryGameJournal`
 * (plyr-kit/server) and `startSandbox` (plyr-kit/sandbox).
 */
export async function runGameSoak(lib, options = {}) {
  const matches = options.matches ?? 5_000;
  const concurrency = options.concurrency ?? 12;
  const random = generator(options.seed ?? 7);
  const started = performance.now();
  const sandbox = await lib.startSandbox({
    game: {
      chainDelayMs: 1,
      retryBackoffMs: 1,
      syncPolls: 50,
      syncIntervalMs: 2,
      guestBalances: { plyr: 100_000 },
    },
  });
  try {
    const players = [];
    for (let i = 0; i < concurrency * 2 + 4; i++) {
      const guest = await signed(sandbox, '/api/instantPlayPass/register', { tokens: ['plyr'] });
      players.push({ plyrId: guest.plyrId, sessionJwt: guest.sessionJwt, busy: false, restUntil: 0 });
    }
    const journal = lib.createMemoryGameJournal({ keepSettled: matches * 4 });
    const counts = { calls: 0, moneyCalls: 0, lostAnswers: 0, crashes: 0 };
    /** The platform as a client process sees it: lost answers on token-moving calls; `die()` ends the process. */
    const faultyFetch = () => {
      let dead = false;
      const f = async (input, init) => {
        if (dead) return hang();
        counts.calls++;
        const money =
          init.method === 'POST' &&
          /\/api\/game\/(pay|earn|joinPay|createJoinPay|earnLeave|earnLeaveEnd)$/.test(String(input));
        if (money) counts.moneyCalls++;
        const answer = await fetch(input, init);
        if (money && random() < LOST_ANSWER_RATE) {
          counts.lostAnswers++;
          await answer.arrayBuffer();
          throw new TypeError('fetch failed: the answer was lost');
        }
        return answer;
      };
      return { fetch: f, die: () => (dead = true), dead: () => dead };
    };
    const base = {
      apiKey: sandbox.apiKey,
      secretKey: sandbox.secretKey,
      gameId: sandbox.gameId,
      apiBase: sandbox.url,
      intents: {
        settleWithinMs: 400,
        pollMs: 3,
        stuckAfterMs: 3_000,
        unseenAfterMs: 3_000,
        clockSkewMs: 5,
        syncTimeoutMs: 2_000,
      },
      recovery: { intervalMs: 40 },
    };
    const main = lib.createPlyrGameClient({ ...base, journal, fetch: faultyFetch().fetch });
    const outcomes = {};
    const count = (key) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
    /** Openings whose outcome was not known at once: the game keeps their intent ids and settles them later. */
    const later = new Set();
    const pending = [];

    sandbox.game.faults.configure({ rates: GAME_SOAK_TASK_FAULTS, seed: options.seed ?? 7, slowFactor: 50 });
    let next = 0;
    let played = 0;
    const take = async () => {
      for (;;) {
        const now = Date.now();
        const free = players.filter((p) => !p.busy && p.restUntil <= now);
        if (free.length >= 2) {
          const pair = [free[Math.floor(random() * free.length)]];
          const rest = free.filter((p) => p !== pair[0]);
          pair.push(rest[Math.floor(random() * rest.length)]);
          for (const p of pair) p.busy = true;
          return pair;
        }
        await sleep(1);
      }
    };
    async function play(client, pair) {
      const opening = await client.openMatch({
        entries: pair.map((p) => ({ sessionJwt: p.sessionJwt, token: 'plyr', amount: ENTRY })),
      });
      count(`open:${opening.status}`);
      if (opening.status !== 'open') {
        // The client refuses these players' next pay until this one settles: the game lets them rest meanwhile.
        for (const p of pair) p.restUntil = Date.now() + 500;
        later.add(opening.intentId);
        return;
      }
      const winner = pair[Math.floor(random() * 2)].plyrId;
      const closing = await client.settleMatch(opening.match, [
        { plyrId: winner, token: 'plyr', amount: PRIZE },
      ]);
      count(`settle:${closing.status}`);
      if (closing.status !== 'settled') pending.push(closing.intentId);
    }
    async function worker() {
      while (next < matches) {
        next++;
        const pair = await take();
        try {
          if (played++ % 500 === 250) {
            // A process that dies once its opening went out: a fresh client on the same journal recovers it.
            counts.crashes++;
            const mortal = faultyFetch();
            const live =
              (f) =>
              (...args) =>
                mortal.dead() ? hang() : f(...args);
            const dying = lib.createPlyrGameClient({
              ...base,
              // Dead means dead: from its death on, it writes nothing more to the journal either.
              journal: {
                save: live((r) => journal.save(r)),
                load: live((id) => journal.load(id)),
                unfinished: live(() => journal.unfinished()),
                lease: live((k, o, t) => journal.lease(k, o, t)),
                release: live((k, o) => journal.release(k, o)),
              },
              recovery: false,
              fetch: async (input, init) => {
                const answer = mortal.fetch(input, init);
                if (init.method === 'POST') {
                  mortal.die();
                  await answer.catch(() => {});
                  return hang();
                }
                return answer;
              },
            });
            const opening = dying.openMatch({
              entries: pair.map((p) => ({ sessionJwt: p.sessionJwt, token: 'plyr', amount: ENTRY })),
            });
            opening.catch(() => {});
            let open;
            for (let waited = 0; open === undefined && waited < 2_000; waited += 5) {
              await sleep(5);
              open = (await journal.unfinished()).find(
                (r) =>
                  r.kind === 'createJoinPay' &&
                  r.sentAt !== undefined &&
                  !later.has(r.intentId) &&
                  r.lines.every((l, i) => l.plyrId === pair[i].plyrId),
              );
            }
            if (open !== undefined) later.add(open.intentId);
            for (const p of pair) p.restUntil = Date.now() + 5_000;
            count('open:crashed');
            await sleep(base.intents.settleWithinMs + base.intents.syncTimeoutMs); // its player leases run out
          } else await play(main, pair);
        } catch (error) {
          if (error?.code === 'PLAYER_BUSY') {
            // Not a match played: those players wait for their last pay to settle, another pair plays instead.
            played--;
            next--;
            for (const p of pair) p.restUntil = Date.now() + 200;
          } else count(`error:${error?.code ?? error?.message ?? error}`);
        } finally {
          for (const p of pair) p.busy = false;
        }
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker));
    const stats = sandbox.game.faults.stats();
    sandbox.game.faults.clear();

    // Recovery while the platform is healthy again, then the openings that turned out done are settled.
    const deadline = Date.now() + 20_000;
    for (;;) {
      await main.recover();
      const opens = [];
      for (const intentId of [...later]) {
        const match = await main.matchOf(intentId);
        if (match !== undefined) opens.push(match);
        if (match !== undefined || (await main.intent(intentId))?.status !== 'pending')
          later.delete(intentId);
      }
      for (const match of opens) {
        try {
          const prize = [{ plyrId: match.entries[0].plyrId, token: 'plyr', amount: PRIZE }];
          count(`late-settle:${(await main.settleMatch(match, prize)).status}`);
        } catch (error) {
          count(`late-settle-error:${error?.code ?? error}`);
        }
      }
      const unsettled = (await journal.unfinished()).filter(
        (r) => r.state === 'pending' || r.state === 'queued',
      );
      if ((unsettled.length === 0 && later.size === 0) || Date.now() > deadline) break;
      await sleep(50);
    }
    main.close();
    const figures = compare(sandbox, journal, stats);
    // Faulted platform calls: task faults that took effect, answers lost, calls that died with their process.
    const faultShare =
      (figures.faulted + counts.lostAnswers + counts.crashes) / Math.max(1, counts.moneyCalls);
    return {
      ...figures,
      faultShare: Math.round(faultShare * 1000) / 1000,
      matches,
      outcomes,
      counts,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await sandbox.close();
  }
}

/** The ledger against the journal (see the .d.mts for each figure). */
function compare(sandbox, journal, stats) {
  const ledger = sandbox.game.ledger();
  const intents = journal.intents();
  const succeededByTask = new Map();
  for (const t of ledger.transactions)
    if (t.status === 'success') succeededByTask.set(t.taskId, (succeededByTask.get(t.taskId) ?? 0) + 1);
  let doubles = 0;
  const states = {};
  let platformDoublesDetected = 0;
  for (const r of intents) {
    states[r.state] = (states[r.state] ?? 0) + 1;
    const tasks = new Set(r.attempts.map((a) => a.taskId).filter(Boolean));
    if ([...tasks].filter((id) => (succeededByTask.get(id) ?? 0) > 0).length > 1) doubles++;
    if (r.platformDouble !== undefined) platformDoublesDetected += r.platformDouble.length - 1;
  }
  const ours = ledger.rooms.filter((room) => room.gameId === sandbox.gameId);
  const lost = ours.filter((room) => Object.values(room.balances).some((v) => Number(v) !== 0)).length;
  const openRooms = ours.filter((room) => !room.ended).length;
  const unsettled = intents.filter((r) => r.state === 'pending' || r.state === 'queued').length;
  // The truth of the platform's doubles: transactions beyond the first that one task mined.
  let minedTwice = 0;
  for (const n of succeededByTask.values()) minedTwice += n - 1;
  const platformCalls = stats.tasks;
  const faulted = Object.values(stats.injected).reduce((a, b) => a + b, 0);
  return {
    faulted,
    rooms: ours.length,
    doubles,
    lost,
    openAfterRecovery: openRooms + unsettled,
    needsAttention: states.attention ?? 0,
    platformDoublesInjected: stats.platformDoubles,
    platformDoublesInLedger: minedTwice,
    platformDoublesDetected,
    faultsByKind: stats.injected,
    tasks: platformCalls,
    taskFaultShare: Math.round((faulted / Math.max(1, platformCalls)) * 1000) / 1000,
    intentStates: states,
  };
}
