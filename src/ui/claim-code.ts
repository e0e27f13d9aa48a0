/**
 * The guest panel's claiming code, with its link, QR code and copy button. Only a guest who saves the account sees
 * it, so it is a chunk of its own (with the QR drawing), loaded while the code is asked for.
 */
import type { ClaimingCode } from '../core/types.js';
import { button, el, safeHttpUrl, show, uniqueId } from './dom-form.js';
import { drawQr } from './qr.js';
import type { PlyrStrings } from './strings.js';
import { type PanelStyles, themed } from './theme.js';

/** The claiming code's block of the guest panel. */
export class ClaimCodeBlock {
  #claiming: ClaimingCode | null = null;
  readonly #code: HTMLParagraphElement;
  readonly #copy: HTMLButtonElement;
  readonly #link: HTMLAnchorElement;
  readonly #qr: HTMLCanvasElement;
  /** The block (a flex column, hidden with `show`). */
  readonly root: HTMLDivElement;

  constructor(
    css: PanelStyles,
    readonly strings: PlyrStrings,
  ) {
    const labelId = uniqueId('claiming-code-label');
    this.#code = el('p', {
      hook: 'claiming-code',
      style: {
        ...css.code,
        padding: '10px 12px',
        border: `2px dashed ${themed.accent}`,
        borderRadius: themed.radius,
      },
      attrs: { 'aria-labelledby': labelId },
    });
    this.#copy = button(strings.copy, 'copy', css.secondary, () => void this.#copyCode());
    this.#link = el('a', {
      hook: 'claiming-url',
      text: strings.claimingUrlLabel,
      // A touch target of its own (44 px), centred under the code like the QR code.
      style: {
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        minHeight: '44px',
        textAlign: 'center',
        color: themed.accent,
        fontWeight: '600',
        overflowWrap: 'anywhere',
      },
      attrs: { target: '_blank', rel: 'noopener noreferrer' },
    });
    this.#qr = el('canvas', {
      hook: 'qr',
      style: { alignSelf: 'center', width: '160px', height: '160px', imageRendering: 'pixelated' },
      attrs: { role: 'img', 'aria-label': strings.qrLabel },
    });
    this.root = el(
      'div',
      { style: { display: 'flex', flexDirection: 'column', gap: '12px' } },
      el('p', { text: strings.claimIntro, style: css.text }),
      // The label sits with its code, centred above it; the group keeps its own, tighter spacing.
      el(
        'div',
        { style: { display: 'flex', flexDirection: 'column', gap: '6px', marginTop: '4px' } },
        el('p', {
          hook: 'claiming-code-label',
          text: strings.claimingCodeLabel,
          style: { margin: '0', fontWeight: '600', textAlign: 'center' },
          attrs: { id: labelId },
        }),
        this.#code,
      ),
      this.#copy,
      this.#link,
      this.#qr,
    );
  }

  /** Shows `claiming` (the link and QR code only for an `http(s)` URL) and focuses the copy button. */
  show(claiming: ClaimingCode): void {
    this.#claiming = claiming;
    this.#code.textContent = claiming.claimingCode;
    const url = safeHttpUrl(claiming.claimingUrl);
    show(this.#link, url !== null);
    show(this.#qr, url !== null);
    if (url) {
      this.#link.href = url;
      drawQr(this.#qr, url).catch(() => show(this.#qr, false));
    }
    show(this.root, true);
    this.#copy.focus();
  }

  async #copyCode(): Promise<void> {
    const code = this.#claiming?.claimingCode;
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code);
      this.#copy.textContent = this.strings.copied;
    } catch {
      // No clipboard (insecure context, permission): select the code so the player can copy it by hand.
      const selection = window.getSelection();
      const range = document.createRange();
      range.selectNodeContents(this.#code);
      selection?.removeAllRanges();
      selection?.addRange(range);
      this.#copy.textContent = this.strings.copyFailed;
    }
  }
}
