// The demo server's entry-fee match (demo/match-rounds.mjs) over real HTTP, no browser, with the sandbox's ledger as
// the truth: every refusal says why in plain words and moves nothing (other sites, content types, big or malformed
// bodies, a session that is not live, a guest, no consent, an empty wallet, unknown matches, too many requests); a
// player keeps one seat, and one who leaves or whose page stops waiting is never charged; entries and a payout not
// known in time are "being confirmed", never failed or refused, and settle once, as the ledger shows.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DemoServer, DemoServerOptions } from '../../demo/server.mjs';
import { MATCH_PATH } from '../../demo/server.mjs';
import type { Sandbox } from '../../src/sandbox/index.js';
import { startDemo } from '../helpers/e2e-demo.js';
import { wei } from '../helpers/game-sandbox.js';

interface View {
  matchId: string;
  state: string;
  finished: boolean;
  players: Array<{ plyrId: string; before: string; after: string | null }>;
  winner: string | null;
  roomId: string | null;
  code: string | null;
  message: string | null;
}

/**
 * Short waits: the sandbox answers a sync call's 504 after 200 ms, the client calls a move pending after 500 ms and
 * takes a task still PENDING after 3 s as stuck (its recovery then sends a settlement again).
 */
const FAST: DemoServerOptions = {
  sandboxOptions: { game: { syncPolls: 10, syncIntervalMs: 20 } },
  matchOptions: {
    game: {
      intents: { settleWithinMs: 500, pollMs: 20, stuckAfterMs: 3_000, unseenAfterMs: 3_000, clockSkewMs: 0 },
      recovery: { intervalMs: 100 },
    },
    confirmPollMs: 30,
    staleMs: 400,
    limits: { polls: 100_000 }, // these tests poll every 30 ms
  },
};

/** The demo, and calls as its page makes them. */
function client(demo: DemoServer) {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${demo.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: demo.url, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    post,
    match: (route: string, body: unknown, headers?: Record<string, string>) =>
      post(`${MATCH_PATH}${route}`, body, headers),
    async relay(path: string, body: unknown): Promise<Record<string, unknown>> {
      const res = await post(`/plyr/relay${path}`, body);
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
  };
}

/**
 * A demo for the enclosing `describe` (started in `beforeAll`, closed in `afterAll`), both seeded players signed in
 * once with consent to 50 PLYR, and calls as the match page makes them.
 */
function useMatchDemo(options: DemoServerOptions) {
  let demo: DemoServer | undefined;
  const jwt: Record<string, string> = {};
  beforeAll(async () => {
    demo = await startDemo(options);
    for (const plyrId of ['demo-player', 'second-player']) {
      const otp = t.sandbox.totp(plyrId);
      const body = { plyrId, otp, tokens: ['plyr'], amounts: ['50'], expiresIn: 86_400 };
      jwt[plyrId] = String((await t.c.relay('/api/user/loginAndApprove', body)).sessionJwt);
    }
  });
  afterAll(async () => {
    await demo?.close();
  });
  const t = {
    jwt,
    get demo(): DemoServer {
      if (!demo) throw new Error('read before beforeAll');
      return demo;
    },
    get sandbox(): Sandbox {
      if (!demo?.sandbox) throw new Error('expected the sandbox');
      return demo.sandbox;
    },
    get c() {
      return client(t.demo);
    },
    async join(plyrId: string): Promise<View> {
      const res = await t.c.match('/join', { sessionJwt: jwt[plyrId] });
      expect(res.status).toBe(200);
      return (await res.json()) as View;
    },
    read: async (matchId: string) =>
      (await (await fetch(`${t.demo.url}${MATCH_PATH}/${matchId}`)).json()) as View,
    /** Polls a match (as its page does) until `done` or it is finished, keeping every state it went through. */
    async until(matchId: string, done: (v: View) => boolean, seen: string[] = []): Promise<View> {
      for (let i = 0; i < 600; i++) {
        const view = await t.read(matchId);
        if (seen.at(-1) !== view.state) seen.push(view.state);
        if (done(view) || view.finished) return view;
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      throw new Error(`match ${matchId} stayed ${seen.at(-1)}`);
    },
    moneyMoves: () => t.sandbox.game.ledger().transactions.filter((x) => x.moves.length > 0).length,
  };
  return t;
}

describe('demo server entry-fee matches', () => {
  const t = useMatchDemo(FAST);
  const { jwt, join, read, until, moneyMoves } = t;
  let demo: DemoServer;
  let sandbox: Sandbox;
  let c: ReturnType<typeof client>;
  beforeAll(() => {
    ({ demo, sandbox, c } = t);
  });

  it('refuses what it must with a plain reason and moves nothing', async () => {
    const moves = moneyMoves();
    const refused = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      const body = (await res.json()) as { code: string; error: string };
      expect(body.code).toBe(code);
      expect(body.error).toMatch(/^[A-Z].+\.$/);
      return body;
    };
    const me = { sessionJwt: jwt['demo-player'] };
    expect((await fetch(`${demo.url}${MATCH_PATH}/join`)).status).toBe(405);
    await refused(
      await c.match('/join', me, { 'content-type': 'text/plain' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await refused(await c.match('/join', { sessionJwt: 'x'.repeat(9000) }), 413, 'BODY_TOO_LARGE');
    await refused(await c.match('/join', '{"sessionJwt":'), 400, 'INVALID_BODY');
    await refused(await c.match('/join', { ...me, winner: 'demo-player' }), 400, 'INVALID_BODY');
    await refused(await c.match('/join', { sessionJwt: 'not a jwt' }), 400, 'INVALID_BODY');
    await refused(await c.match('/join', me, { origin: 'https://evil.example' }), 403, 'ORIGIN_NOT_ALLOWED');
    // JWT-shaped but not the platform's: the platform's session check says so.
    const [header, payload] = (jwt['demo-player'] ?? '').split('.');
    await refused(
      await c.match('/join', { sessionJwt: `${header}.${payload}.forged` }),
      401,
      'SESSION_INVALID',
    );
    await refused(await c.match('/player', { sessionJwt: 'a.b.c' }), 401, 'SESSION_INVALID');

    // A guest has no 2FA, so no consent: told to log in. Claimed, it is a full account that has allowed nothing.
    const guest = String((await c.relay('/api/instantPlayPass/register', {})).sessionJwt);
    await refused(await c.match('/join', { sessionJwt: guest }), 403, 'GUEST_ACCOUNT');
    const { claimingCode } = await c.relay('/api/instantPlayPass/reveal/claimingCode', { sessionJwt: guest });
    const claim = await fetch(`${demo.url}/sandbox/claim/${claimingCode}`, { method: 'POST' });
    const { plyrId } = (await claim.json()) as { plyrId: string };
    const full = String((await c.relay('/api/user/login', { plyrId, otp: sandbox.totp(plyrId) })).sessionJwt);
    await refused(await c.match('/join', { sessionJwt: full }), 403, 'ALLOWANCE_MISSING');
    const approve = {
      plyrId,
      otp: sandbox.totp(plyrId, Date.now() + 30_000),
      tokens: ['plyr'],
      amounts: ['10'],
    };
    const approved = String((await c.relay('/api/user/loginAndApprove', approve)).sessionJwt);
    // Allowed now, but the wallet is empty (a guest starts with nothing).
    await refused(await c.match('/join', { sessionJwt: approved }), 402, 'BALANCE_TOO_LOW');

    await refused(await fetch(`${demo.url}${MATCH_PATH}/${crypto.randomUUID()}`), 404, 'MATCH_UNKNOWN');
    await refused(await fetch(`${demo.url}${MATCH_PATH}/..%2f..%2fpackage.json`), 404, 'MATCH_UNKNOWN');
    expect(moneyMoves()).toBe(moves);
  });

  it('tells the page who is playing: balance, consent and entry as the ledger has them', async () => {
    const res = await c.match('/player', { sessionJwt: jwt['second-player'] });
    expect(res.status).toBe(200);
    const ledger = sandbox.game.ledger();
    const row = ledger.allowances.find((a) => a.plyrId === 'second-player' && a.gameId === demo.gameId);
    expect(await res.json()).toEqual({
      plyrId: 'second-player',
      token: 'plyr',
      entry: '10',
      prize: '19',
      balance: ledger.balances['second-player']?.plyr,
      allowance: row?.amount,
      matchId: null,
    });
  });

  it('keeps one seat per player; one who leaves, or whose page stops waiting, is never charged', async () => {
    const moves = moneyMoves();
    const first = await join('demo-player');
    expect(first).toMatchObject({ state: 'waiting', players: [{ plyrId: 'demo-player', after: null }] });
    expect((await join('demo-player')).matchId).toBe(first.matchId);
    const left = await c.match('/leave', { sessionJwt: jwt['demo-player'] });
    expect(await left.json()).toEqual({ left: true });
    expect(await read(first.matchId)).toMatchObject({ state: 'left', code: 'LEFT' });

    const again = await join('demo-player');
    expect(again.matchId).not.toBe(first.matchId);
    await new Promise((resolve) => setTimeout(resolve, 600)); // no poll: the page has gone
    const next = await join('second-player');
    expect(next).toMatchObject({ state: 'waiting', players: [{ plyrId: 'second-player' }] });
    expect(await read(again.matchId)).toMatchObject({
      state: 'left',
      message: expect.stringMatching(/nothing was taken/),
    });
    await c.match('/leave', { sessionJwt: jwt['second-player'] });
    expect(moneyMoves()).toBe(moves);
  });

  it.each([
    ['entries', 'createJoinPayGameRoom', { kind: 'slow', factor: 40 }, 'ENTRIES_PENDING'],
    ['payout', 'earnLeaveEndGameRoom', { kind: 'stuck' }, 'PAYOUT_PENDING'],
  ] as const)(
    '%s not known in time are "being confirmed", never failed, and settle once',
    async (_what, task, fault, code) => {
      const before = sandbox.game.ledger();
      sandbox.game.faults.once({ ...fault, task });
      const waiting = await join('demo-player');
      await join('second-player');
      const seen: string[] = [];
      const confirming = await until(waiting.matchId, (v) => v.state === 'confirming', seen);
      expect(confirming).toMatchObject({ code, message: expect.stringMatching(/being confirmed/) });
      const settled = await until(waiting.matchId, (v) => v.state === 'settled', seen);
      expect(seen.filter((s) => ['refused', 'attention', 'left'].includes(s))).toEqual([]);

      const after = sandbox.game.ledger();
      const mined = after.transactions
        .slice(before.transactions.length)
        .filter((t) => t.status === 'success');
      expect(mined.map((t) => [t.method, t.roomId])).toEqual([
        ['createJoinPay', settled.roomId],
        ['earnLeaveEnd', settled.roomId],
      ]);
      for (const p of settled.players) {
        expect(wei(p.before)).toBe(wei(before.balances[p.plyrId]?.plyr ?? 'none'));
        expect(wei(p.after ?? 'none')).toBe(wei(after.balances[p.plyrId]?.plyr ?? 'none'));
      }
      expect(after.rooms.find((r) => r.roomId === settled.roomId)).toMatchObject({
        balances: { plyr: '0' },
        ended: true,
      });
    },
  );
});

describe('demo server entry-fee matches, moves taken as stuck that succeed later', () => {
  // The client calls a move pending after 200 ms and takes a task still PENDING after 400 ms as stuck (`attention`:
  // it cannot tell whether it will run); its recovery looks again. Here each transaction takes 1.5 s, and succeeds.
  const t = useMatchDemo({
    sandboxOptions: FAST.sandboxOptions,
    matchOptions: {
      ...FAST.matchOptions,
      game: {
        intents: { settleWithinMs: 200, pollMs: 20, stuckAfterMs: 400, unseenAfterMs: 400, clockSkewMs: 0 },
        recovery: { intervalMs: 100 },
      },
    },
  });

  /** Plays a match whose entries are slow: the states the first page saw, and the match at its end. */
  async function slowEntries() {
    t.sandbox.game.faults.once({ kind: 'slow', factor: 60, task: 'createJoinPayGameRoom' });
    const waiting = await t.join('demo-player');
    await t.join('second-player');
    const seen: string[] = [];
    const attention = await t.until(waiting.matchId, (v) => v.state === 'attention', seen);
    // Being checked is not the end: the page keeps asking.
    expect(attention).toMatchObject({
      finished: false,
      message: expect.stringMatching(/studio is checking/),
    });
    return { seen, end: await t.until(waiting.matchId, (v) => v.finished, seen) };
  }

  it('entries taken as stuck are "the studio is checking", never refused, while recovery looks again', async () => {
    const before = t.sandbox.game.ledger().transactions.length;
    const { seen, end } = await slowEntries();
    expect(seen.slice(0, 3)).toEqual(['opening', 'confirming', 'attention']);
    expect(seen.filter((s) => s === 'refused' || s === 'left')).toEqual([]);
    // The entries did move: the page never heard otherwise.
    const mined = t.sandbox.game.ledger().transactions.slice(before);
    expect(mined.filter((x) => x.method === 'createJoinPay' && x.status === 'success')).toHaveLength(1);
    expect(['settled', 'attention']).toContain(end.state);
  });

  // Fails today: the client's second look at an `attention` intent (`recheck` in src/server/game/intents.ts) marks a
  // createJoinPay that succeeded `done` without its `roomId` (its first look takes it from the task's result), so
  // `matchOf` knows no match and the demo can only say the studio is checking. Make it `it` once recheck keeps it.
  it('entries taken as stuck that succeed later open the match, which then settles', async () => {
    const { end } = await slowEntries();
    expect(end.state).toBe('settled');
  });
});

describe('demo server entry-fee matches, per-address limits', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    // A clock that stands still: the three requests fall in one minute's window.
    demo = await startDemo({ matchOptions: { now: () => 0, limits: { posts: 2, polls: 2 } } });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('refuses a third request a minute from one address, with Retry-After', async () => {
    const c = client(demo);
    const posts = [];
    for (let i = 0; i < 3; i++) posts.push(await c.match('/player', { sessionJwt: 'a.b.c' }));
    expect(posts.map((r) => r.status)).toEqual([401, 401, 429]);
    expect(posts[2]?.headers.get('retry-after')).toBe('60');
    const polls = [];
    for (let i = 0; i < 3; i++) polls.push(await fetch(`${demo.url}${MATCH_PATH}/${crypto.randomUUID()}`));
    expect(polls.map((r) => r.status)).toEqual([404, 404, 429]);
  });
});
