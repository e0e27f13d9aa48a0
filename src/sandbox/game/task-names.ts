/** The platform's game-economy task names, as its worker queues them. */

/** A task name as queued (`<function>GameRoom` / `<function>GameChip`). */
export type GameTaskName =
  | 'createGameRoom'
  | 'joinGameRoom'
  | 'leaveGameRoom'
  | 'batchPayGameRoom'
  | 'batchEarnGameRoom'
  | 'endGameRoom'
  | 'closeGameRoom'
  | 'joinPayGameRoom'
  | 'createJoinPayGameRoom'
  | 'earnLeaveGameRoom'
  | 'earnLeaveEndGameRoom'
  | 'createGameChip'
  | 'mintGameChip'
  | 'burnGameChip'
  | 'transferGameChip';

/** Every task name. */
export const GAME_TASK_NAMES: readonly GameTaskName[] = [
  'createGameRoom',
  'joinGameRoom',
  'leaveGameRoom',
  'batchPayGameRoom',
  'batchEarnGameRoom',
  'endGameRoom',
  'closeGameRoom',
  'joinPayGameRoom',
  'createJoinPayGameRoom',
  'earnLeaveGameRoom',
  'earnLeaveEndGameRoom',
  'createGameChip',
  'mintGameChip',
  'burnGameChip',
  'transferGameChip',
];
