/** Every route of the game economy: the platform's (rooms, allowances, chips, balances, tasks) and the sandbox's. */
import type { Platform, Route } from '../plyr/context.js';
import { allowanceRoutes } from './allowance-routes.js';
import { chipRoutes } from './chip-routes.js';
import { controlRoutes } from './control-routes.js';
import type { GameEconomy } from './economy.js';
import { roomRoutes } from './room-routes.js';
import { walletRoutes } from './wallet-routes.js';

/** The game economy's routes. */
export const gameRoutes = (p: Platform, game: GameEconomy): Route[] => [
  ...allowanceRoutes(p),
  ...roomRoutes(p, game),
  ...chipRoutes(p, game),
  ...walletRoutes(p, game),
  ...controlRoutes(game),
];
