/**
 * A player with an unsettled move that takes from them makes no other such move until it settles, whichever process
 * sent it: the activity log could not tell the two apart, and the allowance could be spent twice. The mark is a
 * lease in the journal named `busy:<plyrId>` and owned by the intent (not the process), so it outlives a crashed
 * process; whoever settles the intent (its call, or any process's recovery) frees it. A journal without leases
 * keeps the marks in this process.
 */
import { PlyrGameError } from './errors.js';
import { type GameIntentRecord, isUnsettled, type PlyrGameJournal, TAKES_FROM_PLAYERS } from './journal.js';

/** How long a mark may last when nobody settles its intent (30 days): recovery settles or a person resolves it. */
const MARK_MS = 30 * 24 * 60 * 60_000;

/** The marks of one client. */
export class PlayerMarks {
  readonly #local = new Map<string, string>();

  constructor(private readonly journal: PlyrGameJournal) {}

  /** Marks the players `record` takes from as busy with it; `PLAYER_BUSY` (nothing sent) when one is with another. */
  async hold(record: GameIntentRecord): Promise<void> {
    const taken: string[] = [];
    for (const plyrId of this.#players(record)) {
      const ok = await this.#take(plyrId, record.intentId);
      if (!ok) {
        await Promise.all(taken.map((p) => this.#give(p, record.intentId)));
        throw new PlyrGameError(
          'PLAYER_BUSY',
          `A move of ${plyrId} is still being settled; nothing was sent (try again once it settles).`,
          { outcome: 'refused' },
        );
      }
      taken.push(plyrId);
    }
  }

  /** Frees the players of `record` once it is settled (or was never sent). */
  async free(record: GameIntentRecord): Promise<void> {
    if (isUnsettled(record) && record.sentAt !== undefined) return;
    await Promise.all(this.#players(record).map((p) => this.#give(p, record.intentId).catch(() => {})));
  }

  #players(record: GameIntentRecord): string[] {
    return TAKES_FROM_PLAYERS.has(record.kind) ? [...new Set(record.lines.map((l) => l.plyrId))] : [];
  }

  async #take(plyrId: string, intentId: string): Promise<boolean> {
    if (this.journal.lease !== undefined) return this.journal.lease(`busy:${plyrId}`, intentId, MARK_MS);
    const holder = this.#local.get(plyrId);
    if (holder !== undefined && holder !== intentId) return false;
    this.#local.set(plyrId, intentId);
    return true;
  }

  async #give(plyrId: string, intentId: string): Promise<void> {
    if (this.journal.release !== undefined) return this.journal.release(`busy:${plyrId}`, intentId);
    if (this.#local.get(plyrId) === intentId) this.#local.delete(plyrId);
  }
}
