// One build per entry point. Browser entries ship ESM (dependencies external, for bundlers) and a minified UMD
// with dependencies inlined (for <script> users such as Unity WebGL templates). Node entries ship ESM and CJS.
// Every entry also gets one bundled .d.ts. Phaser is a peer dependency and never bundled.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

// A fresh dist/ on every build: chunk names carry a content hash, so old chunks would pile up and be published.
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
const isExternalDep = (id) => deps.some((d) => id === d || id.startsWith(`${d}/`));
const isNodeBuiltin = (id) => id.startsWith('node:');

const ts = () =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    compilerOptions: { noEmit: false, declaration: false },
  });

/**
 * `umdName` is the global a UMD build defines (the README lists them). `umdExtend`: add to an object already at that
 * global instead of replacing it: the Unity UMD may have put its bridge at `window.PlyrKit` first.
 * @type {{ name: string, input: string, kind: 'browser' | 'node', umdName?: string, umdFile?: string, umdExtend?: boolean, globals?: Record<string,string> }[]}
 */
const entries = [
  {
    name: 'index',
    input: 'src/index.ts',
    kind: 'browser',
    umdName: 'PlyrKit',
    umdFile: 'plyr-kit.umd.js',
    umdExtend: true,
  },
  {
    name: 'phaser',
    input: 'src/phaser/index.ts',
    kind: 'browser',
    umdName: 'PlyrKitPhaser',
    umdFile: 'plyr-kit.phaser.umd.js',
    globals: { phaser: 'Phaser' },
  },
  {
    name: 'ui',
    input: 'src/ui/index.ts',
    kind: 'browser',
    umdName: 'PlyrKitUi',
    umdFile: 'plyr-kit.ui.umd.js',
  },
  {
    name: 'unity',
    input: 'src/unity/index.ts',
    kind: 'browser',
    umdName: 'PlyrKitUnity',
    umdFile: 'plyr-kit.unity.umd.js',
  },
  { name: 'server', input: 'src/server/index.ts', kind: 'node' },
  { name: 'sandbox', input: 'src/sandbox/index.ts', kind: 'node' },
  { name: 'vite', input: 'src/vite/index.ts', kind: 'node' },
].filter((e) => existsSync(e.input));

/**
 * The Phaser and Unity ESM builds import the core from `./index.js` instead of carrying a copy: a game that imports
 * `plyr-kit` and `plyr-kit/phaser` then loads the core once, and `instanceof PlyrError` holds across them. (The UMD
 * builds are single files and inline everything.)
 */
const coreFromIndex = {
  name: 'core-from-index',
  resolveId(source, importer) {
    if (!importer || !/[\\/]src[\\/](phaser|unity|ui)[\\/]/.test(importer)) return null;
    return /^\.\.\/(index|core\/[\w-]+|realplay\/[\w-]+)\.js$/.test(source)
      ? { id: './index.js', external: true }
      : null;
  },
  // Rollup writes an external id as given in every file; from a lazy chunk in dist/chunks/ the core is one up.
  renderChunk(code, chunk) {
    if (!chunk.fileName.startsWith('chunks/')) return null;
    return { code: code.replace(/((?:from|import) )'\.\/index\.js'/g, "$1'../index.js'"), map: null };
  },
};

/**
 * The Vite plugin imports the server and sandbox entries instead of carrying copies of them: `./server.js` from the
 * ESM build, `./server.cjs` from the CJS one (`output.paths`), `./server.js` (→ server.d.ts) from its types.
 */
const nodeEntriesFromDist = {
  name: 'node-entries-from-dist',
  resolveId(source, importer) {
    if (!importer || !/[\\/]src[\\/]vite[\\/]/.test(importer)) return null;
    const match = /^\.\.\/(server|sandbox)\/index\.js$/.exec(source);
    return match ? { id: `./${match[1]}.js`, external: true } : null;
  },
};
const cjsPaths = { './server.js': './server.cjs', './sandbox.js': './sandbox.cjs' };

/**
 * plyr-kit/ui's entry holds only the show* functions: what the panels share with it (texts, styles, error messages)
 * goes in a chunk of its own, which a game's bundler leaves out of the first load unless the game imports it.
 */
const uiChunks = (id) =>
  /[\\/]src[\\/]ui[\\/](strings|theme|error-messages|realplay-strings)\.ts$/.test(id)
    ? 'ui-texts'
    : undefined;

/**
 * `manualChunks` of the core's ESM build: every module the entry loads up front goes to one internal chunk,
 * `chunks/core-[hash].js`, which `index.js` re-exports from and the lazy chunks import. Without it the lazy chunks
 * import that shared code back from `index.js`, which then exports internals under one-letter names besides the
 * public ones. (`index.js` stays the only module a game imports, and the Phaser and Unity builds import it.)
 */
function coreChunk(input, name = 'core') {
  const entry = fileURLToPath(new URL(input, import.meta.url));
  let core = null;
  return (id, { getModuleInfo }) => {
    if (core === null) {
      core = new Set();
      const visit = (module) => {
        if (core.has(module)) return;
        core.add(module);
        for (const imported of getModuleInfo(module)?.importedIds ?? []) visit(imported);
      };
      visit(entry);
      core.delete(entry);
    }
    return core.has(id) ? name : undefined;
  };
}

const configs = [];
for (const e of entries) {
  const outputs =
    e.kind === 'node'
      ? [
          { file: `dist/${e.name}.js`, format: 'es', sourcemap: true },
          { file: `dist/${e.name}.cjs`, format: 'cjs', sourcemap: true, exports: 'named', paths: cjsPaths },
        ]
      : // A directory: lazily imported modules (PLYR[CONNECT]) become chunks that load only when used.
        [
          {
            dir: 'dist',
            entryFileNames: `${e.name}.js`,
            chunkFileNames: 'chunks/[name]-[hash].js',
            ...(e.name === 'index' ? { manualChunks: coreChunk(e.input) } : {}),
            // The Phaser plugin's lazy panels share the login panel's code the same way (`chunks/phaser-shared-*`).
            ...(e.name === 'phaser' ? { manualChunks: coreChunk(e.input, 'phaser-shared') } : {}),
            format: 'es',
            sourcemap: true,
            ...(e.name === 'ui' ? { manualChunks: uiChunks } : {}),
          },
        ];
  configs.push({
    input: e.input,
    external: (id) => isExternalDep(id) || isNodeBuiltin(id),
    plugins:
      e.kind === 'browser' && e.name !== 'index'
        ? [coreFromIndex, ts()]
        : e.name === 'vite'
          ? [nodeEntriesFromDist, ts()]
          : [ts()],
    // The Phaser and Unity lazy chunks import what they share with their entry from the entry itself (the core's
    // share an internal chunk instead: `coreChunk`).
    preserveEntrySignatures: 'allow-extension',
    output: outputs,
  });
  if (e.kind === 'browser') {
    configs.push({
      input: e.input,
      external: (id) => id === 'phaser',
      plugins: [nodeResolve({ browser: true }), commonjs(), ts(), terser()],
      output: {
        file: `dist/${e.umdFile}`,
        format: 'umd',
        name: e.umdName,
        extend: e.umdExtend ?? false,
        globals: e.globals ?? {},
        sourcemap: true,
        inlineDynamicImports: true,
      },
    });
  }
  configs.push({
    input: e.input,
    external: (id) => isExternalDep(id) || isNodeBuiltin(id),
    plugins:
      e.name === 'vite'
        ? [nodeEntriesFromDist, dts({ tsconfig: './tsconfig.json' })]
        : [dts({ tsconfig: './tsconfig.json' })],
    output: { file: `dist/${e.name}.d.ts`, format: 'es' },
  });
}

export default configs;
