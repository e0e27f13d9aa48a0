/** Iframe mode's overlay. (Popup mode's window: popup.ts, which is loaded up front.) */

const FRAME_WIDTH = 480;
const FRAME_HEIGHT = 720;

/**
 * Shows the hosted page in an iframe: inside `container`, or in a full-page overlay with a close button
 * (`data-plyr-connect="close"`) that calls `onClose`. Styles are set through the CSSOM, which a strict CSP allows.
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
  document.body.append(overlay);
  return () => overlay.remove();
}
