// Native ESM Jest: ky and idb-keyval are ESM-only, so tests load them as Node does instead of transpiling
// node_modules. @swc/jest strips the TypeScript and keeps `import`/`export` as they are.
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  },
];

const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

export default {
  testTimeout: 20000,
  projects: [
    {
      ...shared,
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/{core,server,sandbox,realplay,unity}/**/*.test.ts'],
    },
    {
      // Phaser plugin and scenes: Phaser needs a DOM and a canvas; jest-canvas-mock stands in for the canvas.
      ...shared,
      displayName: 'phaser',
      testEnvironment: 'jsdom',
      setupFiles: ['jest-canvas-mock'],
      testMatch: ['<rootDir>/test/{phaser,ui}/**/*.test.ts'],
    },
    {
      // Real headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, against the demo server.
      ...shared,
      displayName: 'e2e',
      testEnvironment: 'node',
      testTimeout: 60000,
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
    {
      // plyr-kit/vite: the plugin on a real Vite dev server, and the README's Vite template in Chromium.
      ...shared,
      displayName: 'vite',
      testEnvironment: 'node',
      testTimeout: 60000,
      testMatch: ['<rootDir>/test/vite/**/*.test.ts'],
    },
  ],
};
