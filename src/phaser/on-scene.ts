/** Client listeners that live as long as a scene runs. */
import type Phaser from 'phaser';
import type { PlyrClient, PlyrEventName, PlyrListener } from '../core/types.js';

/** Scene lifecycle events (string values shared by Phaser 3 and 4: `Phaser.Scenes.Events.SHUTDOWN`/`DESTROY`). */
const SHUTDOWN = 'shutdown';
const DESTROY = 'destroy';

/**
 * Subscribes `listener` to a client event until `scene` shuts down or is destroyed, so restarting a scene does not
 * pile up listeners. Returns a function that unsubscribes early.
 */
export function onScene<E extends PlyrEventName>(
  client: PlyrClient,
  scene: Phaser.Scene,
  event: E,
  listener: PlyrListener<E>,
): () => void {
  const unsubscribe = client.on(event, listener);
  const events = scene.sys.events;
  let done = false;
  const remove = (): void => {
    if (done) return;
    done = true;
    unsubscribe();
    events.off(SHUTDOWN, remove);
    events.off(DESTROY, remove);
  };
  events.once(SHUTDOWN, remove);
  events.once(DESTROY, remove);
  return remove;
}
