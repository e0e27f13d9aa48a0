/**
 * The MG+ sandbox's seeded players, for the real-play tests' expectations: the tests read the seed instead of
 * restating it, and check how the sandbox serves it (wire format, dates on its clock) and how the client parses it.
 */
import {
  MGPLUS_SANDBOX_PLAYERS,
  type MgPlusSandboxPlayer,
  type MgPlusSeedOffer,
} from '../../src/sandbox/mgplus/players.js';

/** The seeded player with this label (`eur`, `btc`, `idr`, `coins`, `test`, `locked`). */
export function seededPlayer(label: string): MgPlusSandboxPlayer {
  const player = MGPLUS_SANDBOX_PLAYERS.find((p) => p.label === label);
  if (player === undefined) throw new Error(`The MG+ sandbox has no player "${label}".`);
  return player;
}

/** An offer's fields that MG+ sends, and the client keeps, as seeded: all but the seed's relative dates. */
export function offerFields({
  startsInDays,
  lastsDays,
  ...fields
}: MgPlusSeedOffer): Omit<MgPlusSeedOffer, 'startsInDays' | 'lastsDays'> {
  return fields;
}
