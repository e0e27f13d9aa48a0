/**
 * Puts a panel over the game: over an element (the game's canvas) or over the whole page.
 *
 * Over an element, the overlay is an absolutely positioned sibling of it, placed at its offset and size and kept
 * there when it resizes: it scrolls with the page and needs nothing from the engine (PixiJS, plain canvas, Unity).
 * Keys typed into the panel stop at the overlay, because games listen on `window`.
 */
import { applyStyle } from './theme.js';

const KEY_EVENTS = ['keydown', 'keyup', 'keypress'] as const;
const stopPropagation = (event: Event): void => event.stopPropagation();

/** An overlay box holding `panel`, centred; `remove` takes it away. */
export function overlayBox(panel: HTMLElement): { root: HTMLDivElement; remove(): void } {
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
    background: 'var(--plyr-backdrop, transparent)',
  });
  root.append(panel);
  for (const type of KEY_EVENTS) root.addEventListener(type, stopPropagation);
  return {
    root,
    remove() {
      for (const type of KEY_EVENTS) root.removeEventListener(type, stopPropagation);
      root.remove();
    },
  };
}

/** Places `panel` over `target` (or the whole page); returns a function that removes it. */
export function placeOver(panel: HTMLElement, target: HTMLElement | null, zIndex?: number): () => void {
  const box = overlayBox(panel);
  const { root } = box;
  if (zIndex !== undefined) root.style.zIndex = String(zIndex);
  const parent = target?.parentElement;
  if (!target || !parent) {
    applyStyle(root, { position: 'fixed', inset: '0' });
    document.body.append(root);
    return box.remove;
  }
  const layout = (): void => {
    applyStyle(root, {
      left: `${target.offsetLeft}px`,
      top: `${target.offsetTop}px`,
      width: `${target.offsetWidth}px`,
      height: `${target.offsetHeight}px`,
    });
  };
  layout();
  target.after(root);
  const resizes = typeof ResizeObserver === 'function' ? new ResizeObserver(layout) : null;
  resizes?.observe(target);
  addEventListener('resize', layout);
  return () => {
    resizes?.disconnect();
    removeEventListener('resize', layout);
    box.remove();
  };
}
