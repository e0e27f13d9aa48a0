/**
 * A visible "more below" cue at the bottom of a panel that must scroll (a phone held sideways): shown while the
 * panel's end is out of view. It is decoration (`aria-hidden`, no pointer events): the content stays reachable by
 * scrolling, and taps go through it.
 */
import { el, show } from './dom-form.js';
import type { PlyrTheme } from './theme.js';

/** Appends the cue to `panel` and keeps it up to date; returns a function that stops watching. */
export function addScrollCue(panel: HTMLElement, text: string, theme: PlyrTheme): () => void {
  const cue = el('div', {
    hook: 'scroll-cue',
    text: `${text} ↓`,
    style: {
      position: 'sticky',
      bottom: '0',
      alignSelf: 'center',
      flex: 'none',
      padding: '4px 12px',
      borderRadius: '999px',
      background: theme.accent,
      color: theme.accentText,
      fontSize: '14px',
      fontWeight: '600',
      boxShadow: '0 2px 8px rgba(0,0,0,0.5)',
      pointerEvents: 'none',
    },
    attrs: { 'aria-hidden': 'true' },
  });
  panel.append(cue);
  let frame = 0;
  const update = (): void => {
    frame = 0;
    // Measured without the cue, so that it does not make the panel scroll by itself.
    show(cue, false);
    const more = panel.scrollHeight - panel.clientHeight - panel.scrollTop > 1;
    show(cue, more);
  };
  const later = (): void => {
    if (frame === 0 && typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(update);
  };
  update();
  panel.addEventListener('scroll', later);
  // Shown or hidden parts, new texts and a resized screen all change whether the panel scrolls.
  // (Not the cue's own changes, which `update` makes.)
  const mutations =
    typeof MutationObserver === 'function'
      ? new MutationObserver((records) => {
          if (records.some((record) => !cue.contains(record.target))) later();
        })
      : null;
  mutations?.observe(panel, {
    subtree: true,
    childList: true,
    characterData: true,
    attributeFilter: ['hidden', 'style'],
  });
  const resizes = typeof ResizeObserver === 'function' ? new ResizeObserver(later) : null;
  resizes?.observe(panel);
  return () => {
    panel.removeEventListener('scroll', later);
    mutations?.disconnect();
    resizes?.disconnect();
    if (frame !== 0) cancelAnimationFrame(frame);
  };
}
