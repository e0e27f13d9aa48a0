/**
 * The sandbox dev panel (plain DOM next to the game): both seeded players' PLYR[IDs] and current 2FA codes (a match
 * needs two), a button that claims the shown guest account on the (sandbox) platform, the MG+ real-play launcher, and
 * a log of the plugin's events.
 */
import type Phaser from 'phaser';
import type { DemoConfig } from './config.js';
import { wireRealPlayLauncher } from './realPlayLaunch.js';

const POLL_MS = 1000;
const MAX_EVENTS = 8;
/** Events the panel logs; payloads are summarised (never the session token). */
const LOGGED_EVENTS = [
  'ready',
  'login',
  'logout',
  'guest:registered',
  'guest:claim-code',
  'guest:claimed',
  'error',
  'realplay:authenticated',
  'realplay:error',
] as const;

function byHook<T extends HTMLElement>(root: ParentNode, hook: string): T {
  const el = root.querySelector<T>(`[data-demo="${hook}"]`);
  if (!el) throw new Error(`dev panel: missing [data-demo="${hook}"]`);
  return el;
}

/** One line of the event log for a plugin event. */
export function describeEvent(name: string, payload: unknown): string {
  const p = (payload ?? {}) as Record<string, unknown>;
  const session = p.session as { plyrId?: string; isGuest?: boolean } | null | undefined;
  switch (name) {
    case 'ready':
      return `ready: ${session?.plyrId ?? 'no session'}`;
    case 'login':
      return `login: ${session?.plyrId} (${String(p.method)})`;
    case 'logout':
      return `logout: ${String(p.plyrId)} (${String(p.reason)})`;
    case 'guest:registered':
      return `guest:registered: ${session?.plyrId}`;
    case 'guest:claim-code':
      return `guest:claim-code: ${String(p.claimingCode)}`;
    case 'guest:claimed':
      return `guest:claimed: ${String(p.plyrId)}`;
    case 'error':
    case 'realplay:error':
      return `${name}: ${String(p.code ?? '')} ${String(p.message ?? '')}`.trim();
    case 'realplay:authenticated': {
      const player = p.player as { playerId?: string; currency?: string } | undefined;
      return `realplay:authenticated: ${player?.playerId} (${player?.currency})`;
    }
    default:
      return name;
  }
}

/** Wires the dev panel (only on the sandbox). Returns a function that stops its polling. */
export function startDevPanel(config: DemoConfig, game: Phaser.Game, root: HTMLElement): () => void {
  root.hidden = false;
  byHook(root, 'demo-plyr-id').textContent = config.demoPlayer;
  byHook(root, 'second-plyr-id').textContent = config.secondPlayer;
  const codes: Array<[string, HTMLElement]> = [
    [config.demoPlayer, byHook(root, 'demo-code')],
    [config.secondPlayer, byHook(root, 'second-code')],
  ];
  const claimCode = byHook(root, 'claim-code');
  const claimButton = byHook<HTMLButtonElement>(root, 'claim');
  const claimResult = byHook(root, 'claim-result');
  const events = byHook(root, 'events');
  if (config.realPlay) {
    wireRealPlayLauncher({
      player: byHook<HTMLSelectElement>(root, 'real-play-player'),
      token: byHook<HTMLSelectElement>(root, 'real-play-token'),
      launch: byHook<HTMLButtonElement>(root, 'launch-real-play'),
      result: byHook(root, 'launch-result'),
    });
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const showCode = async (plyrId: string, code: HTMLElement) => {
    try {
      const res = await fetch(`/sandbox/totp/${encodeURIComponent(plyrId)}`, { cache: 'no-store' });
      const body = (await res.json()) as { otp?: string };
      code.textContent = res.ok && body.otp ? body.otp : 'unavailable';
    } catch {
      code.textContent = 'unavailable';
    }
  };
  const poll = async () => {
    await Promise.all(codes.map(([plyrId, code]) => showCode(plyrId, code)));
    if (!stopped) timer = setTimeout(poll, POLL_MS);
  };
  void poll();

  const log = (line: string) => {
    const item = document.createElement('li');
    item.textContent = line;
    events.prepend(item);
    while (events.childElementCount > MAX_EVENTS) events.lastElementChild?.remove();
  };
  for (const name of LOGGED_EVENTS) {
    game.events.on(`plyr:${name}`, (payload: unknown) => {
      log(describeEvent(name, payload));
      if (name === 'guest:claim-code') {
        claimCode.textContent = String((payload as { claimingCode?: string }).claimingCode ?? '');
        claimButton.disabled = false;
        claimResult.textContent = '';
      }
    });
  }

  claimButton.addEventListener('click', async () => {
    // The code the guest scene shows (the event above), or whatever the scene currently displays.
    const shown = document.querySelector('[data-plyr="claiming-code"]')?.textContent?.trim();
    const value = (claimCode.textContent || shown || '').trim();
    if (!value) return;
    claimButton.disabled = true;
    claimResult.textContent = 'Claiming…';
    try {
      const res = await fetch(`/sandbox/claim/${encodeURIComponent(value)}`, { method: 'POST' });
      const body = (await res.json()) as { plyrId?: string; error?: string };
      claimResult.textContent = res.ok
        ? `Claimed as ${body.plyrId}. The game notices it on its next check.`
        : `Refused: ${body.error ?? res.status}`;
      if (!res.ok) claimButton.disabled = false;
    } catch (error) {
      claimResult.textContent = `Failed: ${String(error)}`;
      claimButton.disabled = false;
    }
  });

  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
