/**
 * The look of the plugin's panels. Styles are applied through the CSSOM (`element.style`), never as `<style>` text
 * or `style="..."` markup, so the panels work under a strict Content-Security-Policy (`style-src 'self'`).
 */
export interface PlyrTheme {
  /** Colour behind the panel (the scene's camera background). */
  background: string;
  /** Panel colour. */
  panel: string;
  /** Text colour. */
  text: string;
  /** Buttons and focus colour. */
  accent: string;
  /** Text on accent-coloured buttons. */
  accentText: string;
  /** Error text colour. */
  error: string;
  /** CSS font family. */
  fontFamily: string;
  /** Corner radius in CSS pixels. */
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

/** Element styles of each kind of control, from a theme. */
export function styles(
  theme: PlyrTheme,
): Record<
  'panel' | 'title' | 'text' | 'label' | 'input' | 'primary' | 'secondary' | 'error' | 'code',
  Style
> {
  const radius = `${theme.radius}px`;
  const control: Style = {
    boxSizing: 'border-box',
    width: '100%',
    minHeight: '44px', // touch target
    fontFamily: theme.fontFamily,
    fontSize: '16px', // below 16px iOS zooms into a focused input
    borderRadius: radius,
  };
  return {
    panel: {
      boxSizing: 'border-box',
      // Within the overlay (the canvas's box), which on a phone held sideways is much narrower than the screen.
      width: 'min(420px, 100%)',
      maxHeight: '100%',
      overflowY: 'auto',
      padding: '24px',
      display: 'flex',
      flexDirection: 'column',
      gap: '12px',
      background: theme.panel,
      color: theme.text,
      fontFamily: theme.fontFamily,
      fontSize: '16px',
      lineHeight: '1.4',
      borderRadius: radius,
      boxShadow: '0 8px 32px rgba(0,0,0,0.4)',
      pointerEvents: 'auto',
      textAlign: 'left',
    },
    title: { margin: '0', fontSize: '22px', fontWeight: '700' },
    text: { margin: '0', overflowWrap: 'anywhere' },
    label: { display: 'flex', flexDirection: 'column', gap: '4px', fontWeight: '600' },
    input: {
      ...control,
      padding: '10px 12px',
      border: `2px solid ${theme.text}33`,
      background: '#ffffff',
      color: '#111111',
    },
    primary: {
      ...control,
      padding: '10px 16px',
      border: 'none',
      background: theme.accent,
      color: theme.accentText,
      fontWeight: '700',
      cursor: 'pointer',
    },
    secondary: {
      ...control,
      padding: '10px 16px',
      border: `2px solid ${theme.accent}`,
      background: 'transparent',
      color: theme.text,
      cursor: 'pointer',
    },
    error: { margin: '0', color: theme.error, fontWeight: '600' },
    code: {
      margin: '0',
      fontFamily: 'ui-monospace, Menlo, Consolas, monospace',
      fontSize: '22px',
      letterSpacing: '1px',
      textAlign: 'center',
      userSelect: 'all',
    },
  };
}
