/**
 * The dev panel's "Launch real play": lists the sandbox's MG+ test players, mints a launch token for the chosen one
 * (through the demo server's `/sandbox/mgplus/*` proxy) and reopens the game with `?launchToken=…`, as an MG+
 * operator's lobby would.
 */
import { DEFAULT_LAUNCH_TOKEN_PARAM } from '../../src/realplay/index.js';

/** A sandbox MG+ player as `GET /sandbox/mgplus/players` lists it. */
interface PlayerSummary {
  label: string;
  playerId: string;
  currency: string;
  currencyTruncation: number;
  locked: boolean;
}

/** The token kinds the panel can mint: a good one, one past its `exp`, one with a bad signature. */
type TokenKind = 'valid' | 'expired' | 'invalid';

/** The select's text for a player, e.g. `IDR, 1 shown = 1000 (44-10000-00003)`. */
export function describePlayer(player: PlayerSummary): string {
  const truncation = player.currencyTruncation > 1 ? `, 1 shown = ${player.currencyTruncation}` : '';
  const locked = player.locked ? ', locked' : '';
  return `${player.currency.toUpperCase()}${truncation} (${player.playerId}${locked})`;
}

/** The game page with only the launch token in its query (what the operator opens). */
export function launchUrl(launchToken: string, page: string = location.href): string {
  const url = new URL(page);
  url.search = '';
  url.hash = '';
  url.searchParams.set(DEFAULT_LAUNCH_TOKEN_PARAM, launchToken);
  return url.href;
}

/** Wires the launcher: the `select`s of players and token kinds, the button and its result line. */
export function wireRealPlayLauncher(controls: {
  player: HTMLSelectElement;
  token: HTMLSelectElement;
  launch: HTMLButtonElement;
  result: HTMLElement;
}): void {
  const { player, token, launch, result } = controls;
  void (async () => {
    try {
      const res = await fetch('/sandbox/mgplus/players', { cache: 'no-store' });
      const { players } = (await res.json()) as { players?: PlayerSummary[] };
      if (!res.ok || !Array.isArray(players)) throw new Error(`HTTP ${res.status}`);
      player.replaceChildren(
        ...players.map((p) => {
          const option = document.createElement('option');
          option.value = p.label;
          option.textContent = describePlayer(p);
          return option;
        }),
      );
      player.value = 'eur';
    } catch (error) {
      result.textContent = `No MG+ players: ${String(error)}`;
    }
  })();

  launch.addEventListener('click', async () => {
    const kind = token.value as TokenKind;
    launch.disabled = true;
    result.textContent = 'Minting a launch token…';
    try {
      const res = await fetch('/sandbox/mgplus/launch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          player: player.value,
          expired: kind === 'expired',
          invalid: kind === 'invalid',
        }),
      });
      const body = (await res.json()) as { launchToken?: string; error?: string };
      if (!res.ok || !body.launchToken) throw new Error(body.error ?? `HTTP ${res.status}`);
      // Same tab: the game restarts as a real-play launch.
      location.assign(launchUrl(body.launchToken));
    } catch (error) {
      result.textContent = `Launch failed: ${error instanceof Error ? error.message : String(error)}`;
      launch.disabled = false;
    }
  });
}
