/** Small DOM helpers for the game's buttons (Phaser DOM elements, styled by demo.css: no inline styles under the CSP). */

/** Creates a `<button>` with a class, a data hook and a click handler. */
export function button(
  label: string,
  hook: Record<string, string>,
  onClick: () => void,
  className = 'demo-button',
): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = className;
  el.textContent = label;
  for (const [key, value] of Object.entries(hook)) el.setAttribute(key, value);
  el.addEventListener('click', onClick);
  return el;
}

/** Creates an element with a class and optional text. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text = '',
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  if (text) el.textContent = text;
  return el;
}

/** Wraps an element for `scene.add.dom`: Phaser overwrites the positioned element's inline `display`. */
export function positioned(el: HTMLElement): HTMLDivElement {
  const outer = document.createElement('div');
  outer.append(el);
  return outer;
}
