/**
 * Compile-time checks of plyr-kit/phaser's typings, run by `npm run typecheck` (this file is in the program; Jest
 * does not run it). Each `@ts-expect-error` must meet an error, and the rest must compile under `strict`.
 */
import type Phaser from 'phaser';
import type { LoginMethod, Session } from '../../src/index.js';
import { plyrPluginConfig } from '../../src/phaser/index.js';

export function typedEvents(game: Phaser.Game): void {
  // The payloads are typed: no annotation, no implicit any (TS7006 without the augmentation).
  game.events.on('plyr:login', (p) => {
    const session: Session = p.session;
    const method: LoginMethod = p.method;
    void [session, method];
  });
  game.events.once('plyr:logout', ({ plyrId, reason }) => void [plyrId.toUpperCase(), reason]);
  game.events.on('plyr:realplay:authenticated', (p) => void p);
  // @ts-expect-error: a login payload has no `user`
  game.events.on('plyr:login', (p) => p.user);
  // Phaser's own events keep Phaser's typing.
  game.events.on('step', (time: number) => void time);
}

export const entry = plyrPluginConfig({
  gameId: 'mygame',
  signer: '/plyr/relay',
  apiBase: 'http://127.0.0.1:8787',
});
// @ts-expect-error: `gameID` is a typo of `gameId`
export const typo = plyrPluginConfig({ gameID: 'mygame', signer: '/plyr/relay' });
