/**
 * Moving between the game's scenes and the plugin's: which scenes to put to sleep, and where to go afterwards.
 */
import type Phaser from 'phaser';
import type { Session } from '../core/types.js';
import type { SceneRef, ShowOptions } from './types.js';

/** Where a panel was opened from and where it returns to. */
export interface Departure {
  readonly returnTo: string;
  readonly returnData: Record<string, unknown>;
  /** Keys of the scenes put to sleep. */
  readonly left: readonly string[];
  /** The PLYR[ID] signed in when the panel opened. */
  readonly plyrId: string | null;
}

const keyOf = (scene: SceneRef): string => (typeof scene === 'string' ? scene : scene.sys.settings.key);

/** Puts the calling scenes to sleep and describes the way back. */
export function leave(
  game: Phaser.Game,
  options: ShowOptions,
  ownKeys: readonly string[],
  plyrId: string | null,
): Departure {
  const from =
    options.from === undefined
      ? game.scene.getScenes(true).map(keyOf)
      : (Array.isArray(options.from) ? options.from : [options.from]).map(keyOf);
  const left = from.filter((key) => !ownKeys.includes(key));
  for (const key of left) game.scene.sleep(key);
  return { returnTo: options.returnTo, returnData: { ...options.returnData }, left, plyrId };
}

/**
 * Leaves a plugin scene. After Back (`cancelled`) the scenes put to sleep wake up as they were. Otherwise they
 * stop, and `returnTo` wakes (same account as before) or starts afresh with `{ ...returnData, session }`.
 */
export function giveBack(
  game: Phaser.Game,
  departure: Departure,
  session: Session | null,
  cancelled: boolean,
): void {
  const { returnTo, left } = departure;
  const data = cancelled
    ? { ...departure.returnData, session, cancelled: true }
    : { ...departure.returnData, session };
  const manager = game.scene;
  if (cancelled && left.length > 0) {
    for (const key of left) manager.wake(key, key === returnTo ? data : undefined);
    return;
  }
  for (const key of left) if (key !== returnTo) manager.stop(key);
  if (!returnTo) return;
  const sameAccount = (session?.plyrId ?? null) === departure.plyrId;
  if (manager.isSleeping(returnTo) && sameAccount) {
    manager.wake(returnTo, data);
    return;
  }
  if (manager.isActive(returnTo) || manager.isSleeping(returnTo) || manager.isPaused(returnTo)) {
    manager.stop(returnTo);
  }
  manager.start(returnTo, data);
}

/** A departure for a scene started directly (`scene.start('PlyrLogin', { returnTo })`) rather than by the plugin. */
export function directDeparture(
  data: { departure?: Departure; returnTo?: string },
  plyrId: string | null,
): Departure {
  return data.departure ?? { returnTo: data.returnTo ?? '', returnData: {}, left: [], plyrId };
}
