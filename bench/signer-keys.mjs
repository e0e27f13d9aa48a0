// The test keys of the signing-endpoint benchmarks, shared by their servers (bench/signer-server.mjs,
// bench/signer-state.mjs) and their checks.
export const KEYS = {
  apiKey: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  secretKey: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
  gameId: 'bench-game',
};
