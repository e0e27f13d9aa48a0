/**
 * Small builders for the panels' DOM. Text only ever goes in through `textContent` and attributes through
 * `setAttribute`/properties, never `innerHTML`, so server data (PLYR[ID]s, codes, URLs) cannot inject markup.
 */
import { applyStyle, type Style } from './theme.js';

/** Options of {@link el}. */
export interface ElementOptions {
  /** The stable test hook, written as `data-plyr="<hook>"`. */
  hook?: string;
  /** Text content. */
  text?: string;
  /** CSSOM styles. */
  style?: Style;
  /** Attributes. */
  attrs?: Record<string, string>;
}

/** Creates an element with a hook, text, styles, attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.hook) node.dataset.plyr = options.hook;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.style) applyStyle(node, options.style);
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

let nextId = 0;
/** A document-unique id for label/input pairs (several games may share a page). */
export const uniqueId = (name: string): string => `plyr-${name}-${++nextId}`;

/** A labelled input: the `<label>` wraps its text and the input, and points at it with `for`. */
export function labelledInput(
  labelText: string,
  hook: string,
  attrs: Record<string, string>,
  styles: { label: Style; input: Style },
): { label: HTMLLabelElement; input: HTMLInputElement } {
  const id = uniqueId(hook);
  const input = el('input', { hook, style: styles.input, attrs: { id, name: hook, type: 'text', ...attrs } });
  const label = el(
    'label',
    { style: styles.label, attrs: { for: id } },
    el('span', { text: labelText }),
    input,
  );
  return { label, input };
}

/** A button (`type="button"` unless given) that runs `onClick`. */
export function button(
  text: string,
  hook: string,
  style: Style,
  onClick?: () => void,
  type: 'button' | 'submit' = 'button',
): HTMLButtonElement {
  const node = el('button', { hook, text, style, attrs: { type } });
  if (onClick) node.addEventListener('click', onClick);
  return node;
}

/** The `display` an element had before {@link show} hid it (a flex box must come back as one). */
const shownDisplay = new WeakMap<HTMLElement, string>();

/** Shows or hides an element (keeps its place in the tab order only while shown). */
export function show(node: HTMLElement, visible: boolean): void {
  node.hidden = !visible;
  if (!visible && node.style.display !== 'none') shownDisplay.set(node, node.style.display);
  if (!visible) node.style.display = 'none';
  else if (node.style.display === 'none') node.style.display = shownDisplay.get(node) ?? '';
}

/**
 * An `http(s)` URL as given, or `null`: a link from the server must not be able to run script (`javascript:`).
 */
export function safeHttpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
