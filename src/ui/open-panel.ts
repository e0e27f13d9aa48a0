/**
 * Opens a panel whose code may still have to download: built at once when it is here, else when its chunk arrives
 * (unless closed meanwhile); a chunk that cannot download shows the network message and Continue instead.
 */
import type { PanelClass, PanelHost, PanelView } from './panel.js';
import { UnavailablePanel } from './unavailable-panel.js';

/** A panel being opened or open. */
export interface OpeningPanel {
  /** Closes the panel, or stops it from opening. */
  close(): void;
}

/** Opens the panel `load` gives (its class, or a promise of it, from a chunk); `title` names it while it is missing. */
export function openPanel(
  host: PanelHost,
  load: () => PanelClass | Promise<PanelClass>,
  title: () => string,
): OpeningPanel {
  let view: PanelView | null = null;
  let closed = false;
  const loaded = load();
  if (typeof loaded === 'function') view = new loaded(host);
  else
    loaded.then(
      (Panel) => {
        if (!closed) view = new Panel(host);
      },
      (cause: unknown) => {
        if (!closed) view = new UnavailablePanel(host, title(), cause);
      },
    );
  return {
    close() {
      closed = true;
      view?.close();
    },
  };
}
