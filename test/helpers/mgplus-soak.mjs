// The MG+ rounds soak: many rounds through createMgPlusClient against the sandbox wallet over loopback HTTP, with
// faults injected on a share of the wallet calls (including answers lost after the money moved) and simulated
// process crashes between debit and credit followed by recover() in a new client on the same journal. It then
// compares the wallet's ledger with the studio's journal, and with what the game was told: each round's answer
// (settled, pending, failed, or a rejection) and, for a pending one, the `recovered` event that ended it.
// Plain JavaScript so that bench/mgplus-rounds.mjs can run it against dist/ unbuilt; the jest test runs it against
// src/. Types in mgplus-soak.d.mts.

const SECRET = 'mgplus-soak-shared-secret';
const PROVIDER = 'plyrkit';
const GAME = 'plyr-kit-demo';
const IP = '198.51.100.7';
const UNIT = 1e8;
const units = (amount) => Math.round(amount * UNIT);
const hang = () => new Promise(() => {});

/** Fault rates per wallet call (sum 0.24). `slow` waits longer than the client's timeout: a timeout, then the move. */
export const SOAK_FAULT_RATES = {
  'retry-required': 0.04,
  'error-before': 0.04,
  'drop-before': 0.03,
  'error-after': 0.05,
  'drop-after': 0.06,
  slow: 0.02,
};

// Bets per seeded player, within their bet limits and small beside their balances (EUR 1000.50, coins 2500, IDR
// 1500.50 as reported), so rounds are played rather than refused for funds; wins are multiples of the bet.
const PLAYERS = [
  { label: 'eur', bet: 1 },
  { label: 'test', bet: 2 },
  { label: 'coins', bet: 5 },
  { label: 'idr', bet: 5 },
];
const MULTIPLIERS = [0, 0, 0, 0, 0.5, 1, 1, 2, 5];

/**
 * A client process that "crashes": at its first credit (`before` it is sent, or `after`: the answer is lost), or in
 * its payout (`payout`). From then on every request and journal call it makes hangs; its round's lease runs out.
 */
function mortal(lib, base, kind) {
  let dead = false;
  const live =
    (f) =>
    (...args) =>
      dead ? hang() : f(...args);
  const journal = base.journal;
  const fetchOrCrash = async (input, init) => {
    if (dead) return hang();
    if (kind !== 'payout' && String(init?.body).includes('"transactionType":"credit"')) {
      dead = true;
      if (kind === 'after') await fetch(input, { ...init, signal: undefined }).catch(() => {});
      return hang();
    }
    return fetch(input, init);
  };
  const client = lib.createMgPlusClient({
    ...base,
    recovery: false,
    rounds: { ...base.rounds, leaseMs: LEASE_MS },
    fetch: fetchOrCrash,
    journal: {
      save: live((r) => journal.save(r)),
      load: live((id) => journal.load(id)),
      unfinished: live(() => journal.unfinished()),
      lease: live((id, owner, ttl) => journal.lease(id, owner, ttl)),
      release: live((id, owner) => journal.release(id, owner)),
    },
  });
  return { client, kill: () => (dead = true) };
}

/** Lease of the crashing clients' rounds: the restart waits this long, as a real one waits for the TTL. */
const LEASE_MS = 50;

/**
 * Runs the soak. `lib` is the module set to test: `createMgPlusClient`, `createMemoryJournal` (plyr-kit/server)
 * and `startSandbox` (plyr-kit/sandbox).
 */
export async function runSoak(lib, options = {}) {
  const rounds = options.rounds ?? 10_000;
  const concurrency = options.concurrency ?? 16;
  const seed = options.seed ?? 13;
  const started = performance.now();
  const sandbox = await lib.startSandbox({ mgplus: { sharedSecret: SECRET } });
  try {
    const journal = lib.createMemoryJournal({ keepFinished: rounds * 2 });
    const base = {
      baseUrl: sandbox.url,
      sharedSecret: SECRET,
      provider: PROVIDER,
      journal,
      timeoutMs: options.timeoutMs ?? 150,
      retry: { attempts: options.attempts ?? 3, baseDelayMs: 1, maxDelayMs: 16 },
      rounds: { settleWithinMs: options.settleWithinMs ?? 2_000 },
      recovery: { intervalMs: 100 },
      amounts: { currencies: { gc: 2 } }, // the sandbox's virtual coin
    };
    const mg = lib.createMgPlusClient(base);
    const sessions = [];
    for (const p of PLAYERS) {
      const launchToken = await sandbox.mgplus.mintLaunchToken({ player: p.label });
      const auth = await mg.authenticate({ launchToken, game: GAME, ip: IP, platform: 'desktop' });
      sessions.push({ ...p, session: auth.session, freeGames: auth.freeGames });
    }

    // Simulated crashes between debit and credit (faults off, so each one happens where intended).
    const crashes = ['payout', 'before', 'after'];
    for (const [i, kind] of crashes.entries()) {
      const s = sessions[i % sessions.length];
      const crashing = mortal(lib, base, kind);
      let debited;
      const reached = new Promise((resolve) => {
        debited = resolve;
      });
      // Never awaited: this "process" is dead once it hangs.
      crashing.client
        .playRound(s.session, {
          bet: s.bet,
          payout: () => {
            debited();
            if (kind !== 'payout') return s.bet * 2;
            crashing.kill();
            return hang();
          },
        })
        .catch(() => {});
      await reached;
      // Let the crashing client send (or not send) its credit before the "restart".
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const openAfterCrashes = (await journal.unfinished()).length;
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS)); // the dead processes' leases run out

    sandbox.mgplus.faults.configure({ rates: SOAK_FAULT_RATES, seed, slowMs: base.timeoutMs + 100 });
    // The restart: a new client on the same journal settles what the crashed ones left.
    const restarted = lib.createMgPlusClient(base);
    const recovered = await restarted.recover();
    // What the game was told per round: `told` (settled, pending, failed, rejected) and the net it believes moved.
    const told = new Map();
    restarted.on('recovered', (outcome) => {
      const belief = told.get(outcome.roundId);
      if (belief === undefined) return;
      belief.ended = outcome.status;
      belief.net = netOf(outcome, belief.free);
    });

    const outcomes = {};
    let free = sessions[0].freeGames[0];
    let freeLeft = Math.min(5, free?.numberOfRoundsRemaining ?? 0);
    let next = 0;
    let rng = seed >>> 0;
    const random = () => {
      rng = (Math.imul(rng, 1664525) + 1013904223) >>> 0;
      return rng / 4294967296;
    };
    async function worker() {
      while (next < rounds) {
        const n = next++;
        const s = sessions[n % sessions.length];
        const play = {
          roundId: `soak-${n}`,
          bet: s.bet,
          payout: () => s.bet * MULTIPLIERS[Math.floor(random() * MULTIPLIERS.length)],
        };
        if (s.label === 'eur' && freeLeft > 0) {
          freeLeft--;
          play.freeGame = { offerId: free.offerId, instanceId: free.instanceId };
          play.bet = free.nearestCostPerBet;
        }
        const isFree = play.freeGame !== undefined;
        try {
          const outcome = await restarted.playRound(s.session, play);
          const key = outcome.status === 'settled' ? 'settled' : `${outcome.status}:${outcome.code ?? ''}`;
          outcomes[key] = (outcomes[key] ?? 0) + 1;
          told.set(play.roundId, {
            told: outcome.status,
            ended: outcome.status,
            net: netOf(outcome, isFree),
            free: isFree,
          });
        } catch (error) {
          const code = `rejected:${error?.code ?? String(error)}`;
          outcomes[code] = (outcomes[code] ?? 0) + 1;
          told.set(play.roundId, { told: 'rejected', ended: 'rejected', net: 0, free: isFree });
        }
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker));
    free = undefined;

    const stats = sandbox.mgplus.faults.stats();
    sandbox.mgplus.faults.clear();
    // The recovery loop settles what was answered `pending`, now that MG+ is healthy again.
    const waited = performance.now();
    while ((await journal.unfinished()).length > 0 && performance.now() - waited < 10_000)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const ledger = sandbox.mgplus.ledger();
    const believed = compareBeliefs(ledger, told);
    // Anything the loop left: a last explicit recovery (it should find nothing).
    const final = await restarted.recover();
    restarted.close();

    return {
      ...compare(sandbox.mgplus.ledger(), journal),
      ...believed,
      rounds,
      calls: stats.calls,
      faults: stats,
      faultShare:
        Math.round((Object.values(stats.injected).reduce((a, b) => a + b, 0) / stats.calls) * 1000) / 1000,
      restarts: crashes.length,
      openAfterCrashes,
      recovered,
      finalRecovery: final,
      outcomes,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await sandbox.close();
  }
}

/** The net a game believes a round moved, in units: −bet + win for a settled round (a free round: + win). */
function netOf(outcome, free) {
  if (outcome.status !== 'settled') return 0;
  return units(outcome.win) - (free ? 0 : units(outcome.bet));
}

/**
 * What the game was told against the ledger: rounds rejected although money moved for them, rounds still pending
 * after the loop had its chance, and rounds whose final belief (answer, then `recovered`) differs from the ledger.
 */
function compareBeliefs(ledger, told) {
  const ledgerByRound = new Map();
  for (const e of ledger.entries)
    ledgerByRound.set(e.roundId, (ledgerByRound.get(e.roundId) ?? 0) + units(e.change));
  let reportedFailedButMoved = 0;
  let answeredPending = 0;
  let pendingAtEnd = 0;
  let believedVsLedger = 0;
  let believedVsLedgerUnits = 0;
  for (const [roundId, belief] of told) {
    const moved = ledgerByRound.get(roundId) ?? 0;
    if (belief.told === 'rejected' && moved !== 0) reportedFailedButMoved++;
    if (belief.told === 'pending') answeredPending++;
    if (belief.ended === 'pending') pendingAtEnd++;
    else if (belief.net !== moved) {
      believedVsLedger++;
      believedVsLedgerUnits += Math.abs(belief.net - moved);
    }
  }
  return {
    reportedFailedButMoved,
    answeredPending,
    pendingAtEnd,
    believedVsLedger,
    believedVsLedgerAmount: believedVsLedgerUnits / UNIT,
  };
}

/** Ledger against journal: per round and per player, moves per transaction id, rounds left open. */
function compare(ledger, journal) {
  const ledgerByRound = new Map();
  const ledgerByPlayer = new Map();
  const moves = new Map();
  for (const e of ledger.entries) {
    ledgerByRound.set(e.roundId, (ledgerByRound.get(e.roundId) ?? 0) + units(e.change));
    ledgerByPlayer.set(e.playerId, (ledgerByPlayer.get(e.playerId) ?? 0) + units(e.change));
    const key = `${e.kind}:${e.transactionId}`;
    moves.set(key, (moves.get(key) ?? 0) + 1);
  }
  const journalByPlayer = new Map();
  let mismatches = 0;
  let journalOpen = 0;
  const states = {};
  const records = journal.rounds();
  for (const r of records) {
    states[r.state] = (states[r.state] ?? 0) + 1;
    let net = 0;
    if (r.state === 'open' || r.state === 'failed') journalOpen++;
    if (r.state === 'settled') {
      if (r.freeGame === undefined) net -= units(r.bet);
      for (const s of r.steps) if (s.kind === 'credit' && s.state === 'done') net += units(s.amount);
    }
    journalByPlayer.set(r.session.playerId, (journalByPlayer.get(r.session.playerId) ?? 0) + net);
    if ((ledgerByRound.get(r.roundId) ?? 0) !== net) mismatches++;
  }
  const known = new Set(records.map((r) => r.roundId));
  for (const roundId of ledgerByRound.keys()) if (!known.has(roundId)) mismatches++;
  const players = {};
  let playerMismatches = 0;
  for (const [playerId, initial] of Object.entries(ledger.initialBalances)) {
    const journalNet = journalByPlayer.get(playerId) ?? 0;
    const balanceNet = units(ledger.balances[playerId]) - units(initial);
    if (journalNet !== balanceNet || (ledgerByPlayer.get(playerId) ?? 0) !== balanceNet) playerMismatches++;
    if (journalNet !== 0 || balanceNet !== 0)
      players[playerId] = { journalNet: journalNet / UNIT, walletNet: balanceNet / UNIT };
  }
  return {
    mismatches: mismatches + playerMismatches,
    roundMismatches: mismatches,
    playerMismatches,
    doubles: [...moves.values()].filter((n) => n > 1).length,
    openRounds: ledger.openRounds.length + journalOpen,
    journalStates: states,
    ledgerEntries: ledger.entries.length,
    players,
  };
}
