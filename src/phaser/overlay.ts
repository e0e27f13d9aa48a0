/**
 * Puts a panel over the game canvas.
 *
 * The panel is NOT a Phaser DOMElement inside the game's DOM container: Phaser scales that container with the canvas
 * (a CSS transform), so on a 360 px phone showing an 800 px wide game the 16 px inputs would shrink to 7 px. Instead
 * the overlay is an absolutely positioned sibling of the canvas in the game's parent element, sized and placed like
 * Phaser's DOM container (the canvas's display size and centring margins) and re-laid out on the Scale Manager's
 * `resize`. It therefore works with or without `dom: { createContainer: true }`.
 */
import type Phaser from 'phaser';
import { applyStyle } from './theme.js';

/** A mounted overlay. */
export interface Overlay {
  /** The overlay element (holds the panel). */
  readonly root: HTMLDivElement;
  /** Removes the overlay and its listeners. */
  destroy(): void;
}

/** Keys typed into the panel must not also drive the game (Phaser listens on `window`). */
const stopPropagation = (event: Event): void => event.stopPropagation();
const KEY_EVENTS = ['keydown', 'keyup', 'keypress'] as const;

/** Mounts `panel` centred over the game's canvas. */
export function mountOverlay(game: Phaser.Game, panel: HTMLElement): Overlay {
  const canvas = game.canvas as HTMLCanvasElement | undefined;
  const parent = canvas?.parentElement ?? document.body;
  const root = document.createElement('div');
  root.dataset.plyr = 'overlay';
  applyStyle(root, {
    position: 'absolute',
    zIndex: '10',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    boxSizing: 'border-box',
    padding: '8px',
    overflow: 'auto',
  });
  root.append(panel);
  for (const type of KEY_EVENTS) root.addEventListener(type, stopPropagation);

  const layout = (): void => {
    const size = game.scale?.displaySize;
    const width = canvas?.style.width || (size ? `${Math.round(size.width)}px` : '100%');
    const height = canvas?.style.height || (size ? `${Math.round(size.height)}px` : '100%');
    applyStyle(root, {
      width,
      height,
      marginLeft: canvas?.style.marginLeft ?? '0',
      marginTop: canvas?.style.marginTop ?? '0',
    });
  };
  layout();
  // Before the canvas, like Phaser's DOM container: an absolutely positioned box without top/left sits where the
  // first in-flow child would, which is where the canvas is.
  parent.insertBefore(root, parent.firstChild);
  game.scale?.on('resize', layout);

  return {
    root,
    destroy() {
      game.scale?.off('resize', layout);
      for (const type of KEY_EVENTS) root.removeEventListener(type, stopPropagation);
      root.remove();
    },
  };
}
