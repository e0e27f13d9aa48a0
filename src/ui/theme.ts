/**
 * The look of the panels. Every value is a CSS custom property the panels read (`--plyr-accent`, …): a theme given in
 * code sets it on the panel, and one left out can come from the page's CSS (`:root { --plyr-accent: #f60; }`).
 * Styles are applied through the CSSOM (`element.style`), never as `<style>` text or `style="..."` markup, so the
 * panels work under a strict Content-Security-Policy (`style-src 'self'`).
 */
export interface PlyrTheme {
  /** Colour behind the panel (the Phaser scene's camera background; `--plyr-background`). */
  background: string;
  /** Panel colour (`--plyr-panel`). */
  panel: string;
  /** Text colour (`--plyr-text`). */
  text: string;
  /** Buttons and focus colour (`--plyr-accent`). */
  accent: string;
  /** Text on accent-coloured buttons (`--plyr-accent-text`). */
  accentText: string;
  /** Error text colour (`--plyr-error`). */
  error: string;
  /** CSS font family (`--plyr-font`). */
  fontFamily: string;
  /** Corner radius in CSS pixels (`--plyr-radius`, in `px`). */
  radius: number;
}

/** The default (dark) theme. */
export const DEFAULT_THEME: Readonly<PlyrTheme> = Object.freeze({
  background: '#0e1022',
  panel: '#1b1f3b',
  text: '#f2f3ff',
  accent: '#6c5cff',
  accentText: '#ffffff',
  error: '#ff6b6b',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  radius: 10,
});

/** A CSS declaration block in CSSOM property names (`fontSize`, not `font-size`). */
export type Style = Record<string, string>;

/** Applies CSSOM declarations to an element. */
export function applyStyle(element: HTMLElement, style: Style): void {
  const target = element.style as unknown as Record<string, string>;
  for (const [name, value] of Object.entries(style)) target[name] = value;
}

/** The custom property of each theme value. */
const VARIABLES: Readonly<Record<keyof PlyrTheme, string>> = {
  background: '--plyr-background',
  panel: '--plyr-panel',
  text: '--plyr-text',
  accent: '--plyr-accent',
  accentText: '--plyr-accent-text',
  error: '--plyr-error',
  fontFamily: '--plyr-font',
  radius: '--plyr-radius',
};

const cssValue = <K extends keyof PlyrTheme>(key: K, value: PlyrTheme[K]): string =>
  key === 'radius' ? `${value}px` : String(value);

/** `var(--plyr-<key>, <default>)`: the theme value, from the panel or the page, else the default. */
const v = (key: keyof PlyrTheme): string => `var(${VARIABLES[key]}, ${cssValue(key, DEFAULT_THEME[key])})`;

/** Sets the theme values given in code as custom properties of `element` (those left out stay the page's). */
export function applyTheme(element: HTMLElement, theme: Partial<PlyrTheme>): void {
  for (const key of Object.keys(VARIABLES) as Array<keyof PlyrTheme>) {
    const value = theme[key];
    if (value !== undefined) element.style.setProperty(VARIABLES[key], cssValue(key, value));
  }
}

/** Theme colours for a style (the accent, the text, …). */
export const themed = {
  accent: v('accent'),
  accentText: v('accentText'),
  radius: v('radius'),
} as const;

const control: Style = {
  boxSizing: 'border-box',
  width: '100%',
  minHeight: '44px', // touch target
  fontFamily: v('fontFamily'),
  fontSize: '16px', // below 16px iOS zooms into a focused input
  borderRadius: v('radius'),
};

/** Element styles of each kind of control. */
export const STYLES: Readonly<
  Record<
    'frame' | 'panel' | 'title' | 'text' | 'label' | 'input' | 'primary' | 'secondary' | 'error' | 'code',
    Style
  >
> = {
  frame: {
    boxSizing: 'border-box',
    // Within the overlay (the canvas's box), which on a phone held sideways is much narrower than the screen.
    width: 'min(420px, 100%)',
    maxHeight: '100%',
    display: 'flex',
    flexDirection: 'column',
    background: v('panel'),
    color: v('text'),
    fontFamily: v('fontFamily'),
    fontSize: '16px',
    lineHeight: '1.4',
    borderRadius: v('radius'),
    boxShadow: '0 8px 32px rgba(0,0,0,0.4)',
    pointerEvents: 'auto',
    textAlign: 'left',
  },
  panel: {
    boxSizing: 'border-box',
    flex: '1 1 auto',
    minHeight: '0',
    overflowY: 'auto',
    padding: '24px',
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    margin: '0',
  },
  title: { margin: '0', fontSize: '22px', fontWeight: '700' },
  text: { margin: '0', overflowWrap: 'anywhere' },
  label: { display: 'flex', flexDirection: 'column', gap: '4px', fontWeight: '600' },
  input: {
    ...control,
    padding: '10px 12px',
    border: `2px solid color-mix(in srgb, ${v('text')} 20%, transparent)`,
    background: '#ffffff',
    color: '#111111',
  },
  primary: {
    ...control,
    padding: '10px 16px',
    border: 'none',
    background: v('accent'),
    color: v('accentText'),
    fontWeight: '700',
    cursor: 'pointer',
  },
  secondary: {
    ...control,
    padding: '10px 16px',
    border: `2px solid ${v('accent')}`,
    background: 'transparent',
    color: v('text'),
    cursor: 'pointer',
  },
  error: { margin: '0', color: v('error'), fontWeight: '600' },
  code: {
    margin: '0',
    fontFamily: 'ui-monospace, Menlo, Consolas, monospace',
    fontSize: '22px',
    letterSpacing: '1px',
    textAlign: 'center',
    userSelect: 'all',
  },
};

/** The element styles (one set for every theme: the values are custom properties). */
export type PanelStyles = typeof STYLES;
