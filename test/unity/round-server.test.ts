/**
 * The Unity RealPlay sample plays a round end to end. Its round server starts with the one documented command
 * (`node unity/Samples~/RealPlay/Server~/round-server.mjs`, a child process, on its embedded MG+ sandbox); a launch
 * is authenticated through its relay; rounds are posted as the sample posts them; the sandbox wallet's books show
 * the money moved exactly once (stake debited, win credited), also when the same round is asked again, and an
 * invalid stake is refused with a clear error and no money moved. The sample's own C# (RoundServer.Play, compiled
 * with Mono's mcs against the Runtime) then plays rounds against the same server.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MgPlusLedgerEntry } from '../../src/sandbox/mgplus/ledger.js';
import {
  buildDir,
  describeWithMono,
  mcs,
  mono,
  RUNTIME_SOURCES,
  type RunResult,
  SAMPLE_SOURCES,
  UNITY_STUB,
} from '../helpers/unity-mono.js';
import {
  authenticate,
  ledger,
  newRound,
  postRound,
  ROUND_SERVER,
  type RoundServerProcess,
  startRoundServer,
} from '../helpers/unity-round-server.js';

const repoRoot = join(dirname(ROUND_SERVER), '..', '..', '..', '..');
/** The one command docs/unity.md gives, run next to a Unity project that installed plyr-kit. */
const COMMAND = 'node node_modules/plyr-kit/unity/Samples~/RealPlay/Server~/round-server.mjs';

const EUR = '44-10000-00001';
const WHEEL = [0, 0, 0, 0, 0, 0.5, 1, 1.5, 2, 3];

let server: RoundServerProcess;
beforeAll(async () => {
  server = await startRoundServer();
}, 30_000);
afterAll(async () => {
  await server?.close();
});

/** The books' moves of one round. */
const movesOf = async (roundId: string): Promise<MgPlusLedgerEntry[]> =>
  (await ledger(server)).entries.filter((e) => e.roundId === roundId);

describe('Unity RealPlay sample round server (node round-server.mjs)', () => {
  it('plays a round: the stake debited and the win credited once, the balance as MG+ reports it', async () => {
    const sessionId = await authenticate(server);
    const before = (await ledger(server)).balances[EUR]!;
    const request = newRound(sessionId, 2.5);
    const round = await postRound(server, request);
    expect(round).toMatchObject({ httpStatus: 200, status: 'settled', roundId: request.roundId, stake: 2.5 });
    expect(WHEEL).toContain(round.multiplier);
    expect(round.win).toBe(Math.floor(2.5 * round.multiplier! * 100 + 1e-6) / 100);

    const moves = await movesOf(request.roundId);
    expect(moves.map((m) => [m.kind, m.amount, m.playerId])).toEqual([
      ['debit', 2.5, EUR],
      ['credit', round.win, EUR],
    ]);
    const after = (await ledger(server)).balances[EUR]!;
    expect(after).toBeCloseTo(before - 2.5 + round.win!, 8);
    expect(round.balance).toBe(after);

    // The same request again (a timeout, a pending answer asked again): the same answer, no money moved.
    const books = await ledger(server);
    expect(await postRound(server, request)).toEqual(round);
    expect(await postRound(server, request)).toEqual(round);
    expect((await ledger(server)).entries).toEqual(books.entries);
    expect(await movesOf(request.roundId)).toHaveLength(2);
  });

  it('refuses an invalid stake with a clear error, before any money moves', async () => {
    const sessionId = await authenticate(server);
    const books = await ledger(server);
    for (const stake of [-1, 0, '5', null, { amount: 1 }]) {
      const answer = await postRound(server, newRound(sessionId, stake));
      expect(answer).toMatchObject({ httpStatus: 400, status: 'failed', code: 'INVALID_STAKE' });
      expect(answer.message).toMatch(/stake must be a positive number/);
    }
    // Outside the session's bet limits (EUR: 0.1 to 100), or not an amount euros can have: MG+'s checks, as codes.
    for (const [stake, code] of [
      [250, 'BET_OUT_OF_RANGE'],
      [0.05, 'BET_OUT_OF_RANGE'],
      [1.234, 'BET_INVALID'],
      [1e300, 'BET_INVALID'],
    ] as const) {
      const answer = await postRound(server, newRound(sessionId, stake));
      expect(answer).toMatchObject({ httpStatus: 400, status: 'failed', code });
      expect(answer.message).toEqual(expect.any(String));
    }
    expect((await ledger(server)).entries).toEqual(books.entries);
  });

  it('refuses what is not a round of this session, and never moves money for it', async () => {
    const sessionId = await authenticate(server);
    const played = newRound(sessionId, 1);
    expect(await postRound(server, played)).toMatchObject({ status: 'settled' });
    const books = await ledger(server);
    // The same round id with another stake, or from another player's session: not this round.
    expect(await postRound(server, { ...played, stake: 2 })).toMatchObject({
      httpStatus: 409,
      code: 'ROUND_ID_TAKEN',
    });
    const other = await authenticate(server, 'idr');
    expect(await postRound(server, { ...played, sessionId: other })).toMatchObject({
      httpStatus: 409,
      code: 'ROUND_ID_TAKEN',
    });
    expect(await postRound(server, newRound('not-a-session', 1))).toMatchObject({
      httpStatus: 401,
      code: 'SESSION_UNKNOWN',
    });
    expect(await postRound(server, { ...newRound(sessionId, 1), win: 100 })).toMatchObject({
      httpStatus: 400,
      code: 'INVALID_BODY',
    });
    expect(await postRound(server, { sessionId, stake: 1, roundId: 'again' })).toMatchObject({
      httpStatus: 400,
      code: 'INVALID_BODY',
    });
    expect((await ledger(server)).entries).toEqual(books.entries);
  });

  it('is the command the docs give, and runs where a game installed plyr-kit (imports plyr-kit/server)', async () => {
    expect(readFileSync(join(repoRoot, 'docs', 'unity.md'), 'utf8')).toContain(COMMAND);
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain(COMMAND);
    const npmPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      files: string[];
    };
    expect(npmPackage.files).toContain('unity');
    // A Unity project with node_modules/plyr-kit and the sample imported into Assets (Server~ copied with it).
    const project = mkdtempSync(join(tmpdir(), 'plyr-kit-unity-project-'));
    try {
      mkdirSync(join(project, 'node_modules'));
      symlinkSync(repoRoot, join(project, 'node_modules', 'plyr-kit'), 'dir');
      const copied = join(project, 'Assets', 'Samples', 'plyr-kit', 'Real-play sample', 'Server~');
      mkdirSync(copied, { recursive: true });
      copyFileSync(ROUND_SERVER, join(copied, 'round-server.mjs'));
      const installed = await startRoundServer([], join(copied, 'round-server.mjs'));
      try {
        const sessionId = await authenticate(installed);
        expect(await postRound(installed, newRound(sessionId, 1))).toMatchObject({ status: 'settled' });
      } finally {
        await installed.close();
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

const show = (r: RunResult): string => `exit ${r.status}\n${r.stdout}\n${r.stderr}`;

describeWithMono('Unity RealPlay sample C# against the round server (Mono)', () => {
  it('compiles with the Runtime and plays rounds: settled once, the same answer again, a bad stake refused', async () => {
    const dir = buildDir();
    const exe = join(dir, 'RoundServerProgram.exe');
    const program = join(dirname(UNITY_STUB), 'RoundServerProgram.cs');
    const build = mcs([`-out:${exe}`, UNITY_STUB, ...RUNTIME_SOURCES, ...SAMPLE_SOURCES, program]);
    expect(build.status === 0 ? '' : show(build)).toBe('');

    const sessionId = await authenticate(server);
    const before = (await ledger(server)).balances[EUR]!;
    const roundId = randomUUID();
    const run = mono(exe, [
      `${server.url}/round`,
      sessionId,
      '1.5',
      roundId,
      '1.5',
      roundId,
      '-1',
      randomUUID(),
    ]);
    expect(run.status === 0 ? '' : show(run)).toBe('');
    const [first, again, refused] = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ status: 'settled' });
    expect(again).toEqual(first);
    expect(refused).toMatchObject({ status: 'failed', code: 'INVALID_STAKE' });

    const moves = await movesOf(roundId);
    expect(moves.map((m) => [m.kind, m.amount])).toEqual([
      ['debit', 1.5],
      ['credit', first!.win],
    ]);
    const after = (await ledger(server)).balances[EUR]!;
    expect(after).toBeCloseTo(before - 1.5 + (first!.win as number), 8);
    expect(first!.balance).toBe(after);
  });
});
