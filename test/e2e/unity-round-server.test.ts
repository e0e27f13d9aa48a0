// The Unity RealPlay sample's whole path in real headless Chromium, on the sample round server alone: the server is
// started with its documented command and `--build` pointing at a stand-in WebGL build (the Unity test page, which
// plays the loader's part, and dist/plyr-kit.unity.umd.js), so page, relay and rounds share its origin. The page is
// opened at the launch the server's /sandbox/launch gives (as a casino lobby would), authenticates through the
// relay as the sample's C# does, posts a round to /round from the page as UnityWebRequest does in a WebGL player,
// and hands the reported balance to the HUD; the sandbox wallet moved the stake and the win once.
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import type { UnityRealPlayPlayer } from '../../src/unity/index.js';
import { describeInBrowser, useServerAndChromium, useWatchedPages } from '../helpers/e2e-browser.js';
import { unityCall, unityInit } from '../helpers/unity-page-calls.js';
import {
  launchUrl,
  ledger,
  type RoundAnswer,
  SAMPLE_GAME,
  SAMPLE_PROVIDER,
  startRoundServer,
} from '../helpers/unity-round-server.js';
import { readUmd } from '../helpers/unity-vm.js';

/** A folder shaped like a Unity WebGL build with the PlyrKit template: index.html, loader, plyr-kit's UMD. */
function standInBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plyr-kit-unity-build-'));
  const page = join(dirname(fileURLToPath(import.meta.url)), '..', 'unity', 'page');
  copyFileSync(join(page, 'index.html'), join(dir, 'index.html'));
  copyFileSync(join(page, 'unity-loader-stand-in.js'), join(dir, 'unity-loader-stand-in.js'));
  writeFileSync(join(dir, 'plyr-kit.unity.umd.js'), readUmd());
  return dir;
}

describeInBrowser('Unity RealPlay sample round in Chromium (round server alone)', () => {
  const suite = useServerAndChromium(() => startRoundServer(['--build', standInBuild()]));
  const newPage = useWatchedPages(suite);

  it('launches, authenticates through the relay, plays a round and shows the balance MG+ reported', async () => {
    const server = suite.server;
    const page = await newPage({ locale: 'en-US' });
    await page.goto(await launchUrl(server, 'eur'));
    const realPlay = { relay: '/mg', provider: SAMPLE_PROVIDER, game: SAMPLE_GAME };
    expect(await unityInit(page, { realPlay })).toBe(true);
    const auth = await unityCall(page, '1', 'realPlayAuthenticate');
    if (!auth.ok) throw new Error(`authenticate failed: ${JSON.stringify(auth.error)}`);
    const player = auth.result as UnityRealPlayPlayer;
    expect(player).toMatchObject({ playerId: '44-10000-00001', currency: 'eur', bet: 1 });
    const before = (await ledger(server)).balances[player.playerId]!;
    expect(player.balance).toBe(before);

    // What RoundServer.Play sends from the WebGL player: a relative URL on the page's origin.
    const post = (body: unknown) =>
      page.evaluate(async (b) => {
        const res = await fetch('/round', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(b),
        });
        return { httpStatus: res.status, ...(await res.json()) } as RoundAnswer;
      }, body);
    const request = { sessionId: player.sessionId, stake: player.bet, roundId: randomUUID() };
    const round = await post(request);
    expect(round).toMatchObject({ httpStatus: 200, status: 'settled', stake: 1 });
    expect(await post(request)).toEqual(round); // asked again: the same answer

    const books = await ledger(server);
    expect(books.entries.filter((e) => e.roundId === request.roundId).map((e) => [e.kind, e.amount])).toEqual(
      [
        ['debit', 1],
        ['credit', round.win],
      ],
    );
    expect(round.balance).toBeCloseTo(before - 1 + round.win!, 8);
    expect(books.balances[player.playerId]).toBe(round.balance);
    expect(await unityCall(page, '2', 'realPlayUpdateBalance', { balance: round.balance })).toMatchObject({
      ok: true,
      result: { balance: round.balance },
    });

    expect(await post({ ...request, roundId: randomUUID(), stake: -1 })).toMatchObject({
      httpStatus: 400,
      status: 'failed',
      code: 'INVALID_STAKE',
    });
  });
});
