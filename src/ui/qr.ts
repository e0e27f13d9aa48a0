/**
 * Draws a QR code of a URL into a canvas. qrcode-generator is loaded with a dynamic import the first time, so it
 * stays out of the entry chunk (it is about as big as the rest of the plugin).
 */

/** Quiet zone around the code, in modules (the QR standard asks for 4). */
const QUIET = 4;

/** Renders `text` as a QR code filling `canvas` (black on white, whatever the theme: scanners need contrast). */
export async function drawQr(canvas: HTMLCanvasElement, text: string, sizePx = 200): Promise<void> {
  const mod = await import('qrcode-generator');
  // ESM build: a default export; some bundlers hand a CommonJS build over as the module itself.
  const qrcode = (mod.default ?? mod) as typeof mod.default;
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const modules = qr.getModuleCount();
  const cell = Math.max(1, Math.floor(sizePx / (modules + QUIET * 2)));
  const size = cell * (modules + QUIET * 2);
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, size, size);
  context.fillStyle = '#000000';
  for (let row = 0; row < modules; row++) {
    for (let col = 0; col < modules; col++) {
      if (qr.isDark(row, col)) context.fillRect((col + QUIET) * cell, (row + QUIET) * cell, cell, cell);
    }
  }
}
