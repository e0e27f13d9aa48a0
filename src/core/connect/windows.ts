/** Iframe mode's overlay. (Popup mode's window: popup.ts, which is loaded up front.) */

const FRAME_WIDTH = 480;
const FRAME_HEIGHT = 720;

/**
 * Shows the hosted page in an iframe: inside `container`, or in a full-page overlay (a modal dialog) with a close
 * button (`data-plyr-connect="close"`) and Escape, both calling `onClose`. Styles are set through the CSSOM, which a strict CSP allows.
 * @returns removes what was added.
 */
export function mountIframe(
  url: string,
  container: HTMLElement | undefined,
  onClose: () => void,
): () => void {
  const frame = document.createElement('iframe');
  frame.src = url;
  frame.title = 'PLYR[CONNECT]';
  frame.dataset.plyrConnect = 'frame';
  Object.assign(frame.style, { border: '0', width: '100%', height: '100%', background: '#fff' });
  if (container) {
    container.append(frame);
    return () => frame.remove();
  }
  const overlay = document.createElement('div');
  overlay.dataset.plyrConnect = 'overlay';
  overlay.setAttribute('role', 'dialog');
  overlay.setAttribute('aria-modal', 'true');
  overlay.setAttribute('aria-label', 'PLYR[CONNECT]');
  Object.assign(overlay.style, {
    position: 'fixed',
    inset: '0',
    zIndex: '2147483647',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    background: 'rgba(0,0,0,0.6)',
  });
  const box = document.createElement('div');
  Object.assign(box.style, {
    position: 'relative',
    width: `min(${FRAME_WIDTH}px, 100%)`,
    height: `min(${FRAME_HEIGHT}px, 100%)`,
  });
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', 'Close');
  close.dataset.plyrConnect = 'close';
  Object.assign(close.style, { position: 'absolute', top: '4px', right: '4px', font: '20px sans-serif' });
  close.addEventListener('click', onClose);
  box.append(frame, close);
  overlay.append(box);
  // Keyboard players: Escape closes (while focus is on the game's page), and focus returns where it was.
  const before = document.activeElement as HTMLElement | null;
  const onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') onClose();
  };
  document.addEventListener('keydown', onKey);
  document.body.append(overlay);
  // On the close button rather than in the frame: Escape then reaches this page (Tab moves on into the frame).
  close.focus();
  return () => {
    document.removeEventListener('keydown', onKey);
    overlay.remove();
    before?.focus?.();
  };
}
