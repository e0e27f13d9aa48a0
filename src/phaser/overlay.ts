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
import { overlayBox } from '../ui/overlay.js';
import { applyStyle } from '../ui/theme.js';

/** Places `panel` centred over the game's canvas; returns a function that removes it. */
export function placeOverGame(game: Phaser.Game, panel: HTMLElement): () => void {
  const canvas = game.canvas as HTMLCanvasElement | undefined;
  const parent = canvas?.parentElement ?? document.body;
  const box = overlayBox(panel);
  const layout = (): void => {
    const size = game.scale?.displaySize;
    const width = canvas?.style.width || (size ? `${Math.round(size.width)}px` : '100%');
    const height = canvas?.style.height || (size ? `${Math.round(size.height)}px` : '100%');
    applyStyle(box.root, {
      width,
      height,
      marginLeft: canvas?.style.marginLeft ?? '0',
      marginTop: canvas?.style.marginTop ?? '0',
    });
  };
  layout();
  // Before the canvas, like Phaser's DOM container: an absolutely positioned box without top/left sits where the
  // first in-flow child would, which is where the canvas is.
  parent.insertBefore(box.root, parent.firstChild);
  game.scale?.on('resize', layout);
  return () => {
    game.scale?.off('resize', layout);
    box.remove();
  };
}
