/** The in-memory {@link ServerState}: the default for one process (state ends with the process). */
import { createMemoryGameJournal, type MemoryGameJournalOptions } from '../game/journal.js';
import { createMemoryJournal, type MemoryJournalOptions } from '../mgplus/journal.js';
import { createMemorySessionStore, type MemorySessionStoreOptions } from '../mgplus/sessions.js';
import { memorySigningLimits } from '../plyr/two-factor-limit.js';
import type { ServerState } from './types.js';

/** Options of {@link createMemoryState}. */
export interface MemoryStateOptions {
  /** Options of the real-play session store. */
  sessions?: MemorySessionStoreOptions;
  /** Options of the MG+ journal. */
  journal?: MemoryJournalOptions;
  /** Options of the game-economy journal. */
  gameJournal?: MemoryGameJournalOptions;
}

/** State in this process's memory: right for one process; limits and sessions end with it. */
export function createMemoryState(options: MemoryStateOptions = {}): ServerState {
  return {
    store: 'memory',
    ...memorySigningLimits(),
    sessions: createMemorySessionStore(options.sessions),
    journal: createMemoryJournal(options.journal),
    gameJournal: createMemoryGameJournal(options.gameJournal),
    health: async () => ({ ok: true, store: 'memory' }),
  };
}
