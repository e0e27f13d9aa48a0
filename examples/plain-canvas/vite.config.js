import { plyrKit } from 'plyr-kit/vite';
import { defineConfig } from 'vite';
import { devRounds } from './rounds.js';

// `vite` dev only: a sandbox of PLYR and of MG+, the signing endpoint (/plyr/relay), the MG+ relay (/mg) and the
// round route (/round). `vite build` carries none of them.
const kit = plyrKit({ gameId: 'my-game', mgplus: { provider: 'my-studio', games: ['my-game'] } });

export default defineConfig({
  plugins: [kit, devRounds(kit)],
});
