// The test keys of the signing-endpoint benchmarks, shared by their servers (bench/signer-server.mjs,
// bench/signer-state.mjs) and their checks, and the login requests they are loaded with.
export const KEYS = {
  apiKey: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  secretKey: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
  gameId: 'bench-game',
};

/**
 * autocannon's request of a 2FA login for a new PLYR[ID] each time (`<prefix>-0`, `<prefix>-1`, …): a strike is taken
 * (and kept, in sign mode) without ever being refused.
 */
export function newPlayerLogins(prefix) {
  let player = 0;
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => ({
      ...req,
      body: JSON.stringify({
        method: 'POST',
        path: '/api/user/login',
        body: { plyrId: `${prefix}-${player++}`, otp: '123456', expiresIn: 86400 },
      }),
    }),
  };
}
