// Builds the demo game: demo/src/main.ts -> demo/dist/demo.js (one IIFE for a plain <script>, CSP-friendly).
// Phaser is not bundled: the page loads node_modules/phaser/dist/phaser.min.js as the global `Phaser`.
// The plugin and the core client are compiled from src/ so the demo always runs the current source.
// TypeScript is only stripped here (swc, fast); `npm run typecheck` does the type checking.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { transform } from '@swc/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const production = process.env.DEMO_MINIFY !== '0';

/** Strips TypeScript with swc and maps `./x.js` imports of .ts sources to `./x.ts` (as tsc's Bundler resolution does). */
function typescriptWithSwc() {
  return {
    name: 'demo-swc',
    resolveId(source, importer) {
      if (!importer?.endsWith('.ts') || !source.startsWith('.') || !source.endsWith('.js')) return null;
      const candidate = resolve(dirname(importer), `${source.slice(0, -3)}.ts`);
      return existsSync(candidate) ? candidate : null;
    },
    async transform(code, id) {
      if (!id.endsWith('.ts')) return null;
      const out = await transform(code, {
        filename: id,
        sourceMaps: true,
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
      });
      return { code: out.code, map: out.map };
    },
  };
}

/** eventemitter3's ESM entry re-exports its CommonJS file; point rollup at its real ESM build instead. */
function esmAliases() {
  const aliases = { eventemitter3: resolve(root, 'node_modules/eventemitter3/dist/eventemitter3.esm.js') };
  return {
    name: 'demo-esm-aliases',
    resolveId(source) {
      return aliases[source] ?? null;
    },
  };
}

export default {
  input: resolve(root, 'demo/src/main.ts'),
  external: ['phaser'],
  plugins: [esmAliases(), typescriptWithSwc(), nodeResolve({ browser: true }), production && terser()],
  output: {
    file: resolve(root, 'demo/dist/demo.js'),
    format: 'iife',
    name: 'PlyrDemo',
    globals: { phaser: 'Phaser' },
    sourcemap: true,
    // One file for a plain <script>: lazily loaded parts of the library (e.g. the QR code) are inlined.
    inlineDynamicImports: true,
  },
};
