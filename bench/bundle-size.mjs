// Gzipped size of what a browser downloads, minified with dependencies inlined, Phaser excluded (a peer dependency).
// Each figure bundles an import as a game writes it, so tree-shaking leaves out what that game does not use:
// - core: sign-in (`import { createPlyr, PlyrError } from 'plyr-kit'`), the figure the 12 KB target is about;
// - realPlay: `import { createRealPlay } from 'plyr-kit'` alone (a casino game on MG+ that does no PLYR sign-in);
// - entry: everything `plyr-kit` exports;
// - phaser / unity: their entries, also "beyond the core" (minus the sign-in figure: a game loads the core once).
// - ui: `plyr-kit/ui`'s show* functions beyond the core (first load), and its panels' chunks (on first use);
// - pixiExample: examples/pixi built by Vite, its first load and plyr-kit's share of it (bench/example-size.mjs).
// Lazily imported chunks (e.g. the QR encoder) are reported apart: they are downloaded only when used.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { rollup } from 'rollup';
import { pixiExampleSize } from './example-size.mjs';
import { upFrontChunks } from './up-front.mjs';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const ENTRY = '\0bench-entry';

/**
 * Gzip bytes of the entry chunk (and of lazy chunks) of a bundle whose entry module is `code`. `external`: modules
 * left out (a game loads them anyway); `byChunk`: also each lazy chunk's bytes, by chunk name.
 */
async function gzipBytes(code, { external = (id) => id === 'phaser', byChunk = false } = {}) {
  const bundle = await rollup({
    input: ENTRY,
    external,
    // Shared modules may stay in the entry chunk (as a bundler does for an app), instead of a chunk of their own.
    preserveEntrySignatures: 'allow-extension',
    onwarn: () => {},
    plugins: [
      {
        name: 'bench-entry',
        resolveId: (id) => (id === ENTRY ? id : null),
        load: (id) => (id === ENTRY ? code : null),
      },
      nodeResolve({ browser: true }),
      commonjs(),
      typescript({
        tsconfig: `${root}/tsconfig.json`,
        include: [`${root}/src/**/*.ts`],
        compilerOptions: { noEmit: false, declaration: false },
      }),
      terser(),
    ],
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  const { chunks, upFront } = upFrontChunks(output);
  let entry = 0;
  let lazy = 0;
  const lazyChunks = {};
  for (const chunk of chunks.values()) {
    const size = gzipSync(chunk.code, { level: 9 }).length;
    if (upFront.has(chunk.fileName)) entry += size;
    else {
      lazy += size;
      // By module name: a chunk of the built dist/ carries its file's content hash (`panels-CprsgaFU`).
      const name = chunk.name.replace(/-[\w-]{8}$/, '');
      lazyChunks[name] = (lazyChunks[name] ?? 0) + size;
    }
  }
  return { gzipBytes: entry, lazyChunksGzipBytes: lazy, ...(byChunk ? { lazyChunks } : {}) };
}

const from = (path) => JSON.stringify(`${root}/${path}`);

export async function run() {
  const core = await gzipBytes(`export { createPlyr, PlyrError } from ${from('src/index.ts')};`);
  // For context: what the three chosen dependencies alone weigh (ky, idb-keyval, eventemitter3), all of it used.
  const deps = await gzipBytes(
    "export { default as ky } from 'ky'; export * from 'idb-keyval'; export { default as EventEmitter } from 'eventemitter3';",
  );
  const each = {
    ky: "export { default } from 'ky';",
    'idb-keyval': "export * from 'idb-keyval';",
    eventemitter3: "export { default } from 'eventemitter3';",
  };
  const dependencyGzipBytes = {};
  for (const [name, code] of Object.entries(each))
    dependencyGzipBytes[name] = (await gzipBytes(code)).gzipBytes;
  const out = {
    core: {
      import: 'createPlyr, PlyrError',
      ...core,
      targetBytes: 12 * 1024,
      dependenciesGzipBytes: deps.gzipBytes,
      dependencyGzipBytes,
    },
  };
  out.realPlay = {
    import: 'createRealPlay',
    ...(await gzipBytes(`export { createRealPlay } from ${from('src/index.ts')};`)),
  };
  out.entry = { import: '*', ...(await gzipBytes(`export * from ${from('src/index.ts')};`)) };
  for (const [name, input, target] of [
    ['phaser', 'src/phaser/index.ts', 8 * 1024],
    ['unity', 'src/unity/index.ts', undefined],
  ]) {
    const size = await gzipBytes(`export * from ${from(input)};`);
    out[name] = { ...size, beyondCoreGzipBytes: size.gzipBytes - core.gzipBytes };
    if (target) out[name].beyondCoreTargetBytes = target;
  }
  out.ui = await uiSizes(core.gzipBytes);
  out.pixiExample = await pixiExampleSize();
  return out;
}

/** The show* functions of `plyr-kit/ui`, with only the core sign-in they need left out (the game has it). */
const UI_IMPORT = 'showLogin, showGuest, showRealPlayError';

/**
 * `plyr-kit/ui`: what its first load adds to a game that signs in (`createPlyr`), and its panels (chunks loaded when
 * one first opens). `source`: bundled from src/ (each module apart, as tree-shaking can at best); `dist`: bundled
 * from the built dist/ui.js, as a game's bundler gets the package (dist/index.js, the core, left out).
 */
async function uiSizes(coreGzipBytes) {
  const source = await gzipBytes(
    `export { createPlyr, PlyrError } from ${from('src/index.ts')}; export { ${UI_IMPORT} } from ${from('src/ui/index.ts')};`,
    { byChunk: true },
  );
  const dist = await gzipBytes(`export { ${UI_IMPORT} } from ${from('dist/ui.js')};`, {
    external: (id) => id === 'phaser' || /[\\/]dist[\\/]index\.js$/.test(id),
    byChunk: true,
  });
  return {
    import: UI_IMPORT,
    // The entry holds the show* functions only; the panels, strings and styles come with the first panel.
    entryTargetBytes: 2 * 1024,
    source: { ...source, beyondCoreGzipBytes: source.gzipBytes - coreGzipBytes },
    dist,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run(), null, 2));
}
