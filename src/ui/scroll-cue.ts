/**
 * A visible "more below" cue for a panel that must scroll (a phone held sideways): shown while the panel's end is out
 * of view. It is a row of the panel's frame under the scrolling form, not a layer over it, so it never covers a
 * control (the QR code, Back). It is decoration for sight (`aria-hidden`): a tap on it scrolls on, and keyboard and
 * screen-reader users reach everything by moving through the form.
 */
import { el, show } from './dom-form.js';
import { themed } from './theme.js';

/** Adds the cue under `scroller` in `frame` and keeps it up to date; returns a function that stops watching. */
export function addScrollCue(frame: HTMLElement, scroller: HTMLElement, text: string): () => void {
  const cue = el('div', {
    hook: 'scroll-cue',
    text: `${text} ↓`,
    style: {
      alignSelf: 'center',
      flex: 'none',
      margin: '0 0 8px',
      padding: '4px 12px',
      borderRadius: '999px',
      background: themed.accent,
      color: themed.accentText,
      fontSize: '14px',
      fontWeight: '600',
      cursor: 'pointer',
    },
    attrs: { 'aria-hidden': 'true' },
  });
  cue.addEventListener('click', () => {
    scroller.scrollBy({ top: scroller.clientHeight * 0.8, behavior: 'smooth' });
  });
  frame.append(cue);
  let frameId = 0;
  const update = (): void => {
    frameId = 0;
    // The cue's row stays while the panel scrolls at all, and only fades at the end: a row that came and went
    // with the scrolling would move the controls under the player's finger.
    const row = cue.hidden ? 0 : cue.offsetHeight + 8;
    const overflow = scroller.scrollHeight - scroller.clientHeight;
    show(cue, overflow > row + 1);
    cue.style.visibility = overflow - scroller.scrollTop > 1 ? 'visible' : 'hidden';
  };
  const later = (): void => {
    if (frameId === 0 && typeof requestAnimationFrame === 'function') frameId = requestAnimationFrame(update);
  };
  update();
  scroller.addEventListener('scroll', later);
  // Shown or hidden parts, new texts and a resized screen all change whether the panel scrolls.
  const mutations = typeof MutationObserver === 'function' ? new MutationObserver(later) : null;
  mutations?.observe(scroller, {
    subtree: true,
    childList: true,
    characterData: true,
    attributeFilter: ['hidden', 'style'],
  });
  const resizes = typeof ResizeObserver === 'function' ? new ResizeObserver(later) : null;
  resizes?.observe(scroller);
  return () => {
    scroller.removeEventListener('scroll', later);
    mutations?.disconnect();
    resizes?.disconnect();
    if (frameId !== 0) cancelAnimationFrame(frameId);
  };
}
