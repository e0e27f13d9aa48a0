import type Phaser from 'phaser';
import type { PlyrPlugin } from '../../src/phaser/index.js';

/** The PLYR plugin of a scene's game, or `null` when the game runs without it (`?plyr=off`). */
export function plyrOf(scene: Phaser.Scene): PlyrPlugin | null {
  return (scene.plugins.get('plyr') as PlyrPlugin | null) ?? null;
}

/** Marks the page with the active demo scene (`<body data-scene="Play">`): handy for the tests and the console. */
export function markScene(key: string): void {
  document.body.dataset.scene = key;
}

/** A message the next Title scene shows once (e.g. after a guest account was claimed). */
let pendingNotice = '';

/** Queues a message for the Title scene. */
export function setNotice(text: string): void {
  pendingNotice = text;
}

/** Takes the queued message (once). */
export function takeNotice(): string {
  const text = pendingNotice;
  pendingNotice = '';
  return text;
}
