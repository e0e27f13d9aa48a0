// What plyr-kit adds to a real game's first load: examples/pixi built by Vite for production, as its user builds it
// (a temporary copy with plyr-kit's built dist/ installed in its node_modules), and built again with the plyr-kit
// imports replaced by empty stubs. First load = the entry chunk and every chunk it imports statically (what
// index.html loads); the rest are dynamic imports (Pixi's renderers, plyr-kit's panels). plyr-kit's share is the
// difference of the two builds, gzip level 9. Also the modules of plyr-kit in each first-load chunk, as rendered
// (before minification), to see what of it is up front. Needs `npm run build` first.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { upFrontChunks } from './up-front.mjs';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

/** examples/<name> in a temporary directory, with node_modules as `npm install` lays it out (linked from here). */
function exampleProject(name, packages) {
  const dir = mkdtempSync(join(tmpdir(), `plyr-kit-bench-${name}-`));
  cpSync(join(root, 'examples', name), dir, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|dist)$/.test(source),
  });
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, 'plyr-kit'), { recursive: true });
  cpSync(join(root, 'package.json'), join(modules, 'plyr-kit', 'package.json'));
  cpSync(join(root, 'dist'), join(modules, 'plyr-kit', 'dist'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const dep of [...Object.keys(pkg.dependencies), 'vite', ...packages]) {
    mkdirSync(dirname(join(modules, dep)), { recursive: true });
    symlinkSync(join(root, 'node_modules', dep), join(modules, dep), 'dir');
  }
  return dir;
}

/** The game's names from plyr-kit, doing nothing: the build without plyr-kit. */
const STUB = `const panel = () => ({ closed: Promise.resolve({}), close() {} });
export const createPlyr = () => ({ ready: Promise.resolve(null), session: null, on() {} });
export const createRealPlay = () => null;
export const showLogin = panel;
export const showGuest = panel;
export const showRealPlayError = panel;
`;

const gzip = (code) => gzipSync(code, { level: 9 }).length;

/** Builds the project with Vite (production, in memory); sizes of its first load and of its dynamic chunks. */
async function measure(vite, dir, alias) {
  /** Rendered bytes of plyr-kit's modules per chunk file. */
  const kitModules = new Map();
  const result = await vite.build({
    root: dir,
    configFile: join(dir, 'vite.config.js'),
    logLevel: 'silent',
    build: { write: false },
    resolve: { alias },
    plugins: [
      {
        name: 'bench-plyr-kit-modules',
        generateBundle(_options, bundle) {
          for (const chunk of Object.values(bundle)) {
            if (chunk.type !== 'chunk') continue;
            const modules = {};
            for (const [id, info] of Object.entries(chunk.modules ?? {}))
              if (id.includes('/node_modules/plyr-kit/') && info.renderedLength > 0)
                modules[id.replace(/^.*\/node_modules\/plyr-kit\//, '')] = info.renderedLength;
            kitModules.set(chunk.fileName, modules);
          }
        },
      },
    ],
  });
  const output = (Array.isArray(result) ? result[0] : result).output;
  const { chunks, upFront } = upFrontChunks(output);
  let firstLoad = 0;
  let lazy = 0;
  const firstLoadKitModules = {};
  for (const chunk of chunks.values()) {
    if (upFront.has(chunk.fileName)) {
      firstLoad += gzip(chunk.code);
      Object.assign(firstLoadKitModules, kitModules.get(chunk.fileName));
    } else lazy += gzip(chunk.code);
  }
  return { firstLoad, lazy, firstLoadKitModules };
}

/** `pixiExample` of `npm run bench`: the PixiJS example's first load, and plyr-kit's share of it. */
export async function pixiExampleSize() {
  if (!existsSync(join(root, 'dist', 'ui.js')))
    throw new Error('dist/ui.js is missing: run `npm run build` first.');
  const dir = exampleProject('pixi', ['pixi.js']);
  try {
    const vite = await import(pathToFileURL(createRequire(join(dir, 'package.json')).resolve('vite')).href);
    const stub = join(dir, 'plyr-kit-stub.js');
    writeFileSync(stub, STUB);
    const withKit = await measure(vite, dir, []);
    const withoutKit = await measure(vite, dir, [
      { find: /^plyr-kit$/, replacement: stub },
      { find: /^plyr-kit\/ui$/, replacement: stub },
    ]);
    const renderedBytes = Object.values(withKit.firstLoadKitModules).reduce((a, b) => a + b, 0);
    return {
      build: 'vite build (production) of examples/pixi, gzip level 9',
      firstLoadGzipBytes: withKit.firstLoad,
      plyrKitFirstLoadGzipBytes: withKit.firstLoad - withoutKit.firstLoad,
      withoutPlyrKitFirstLoadGzipBytes: withoutKit.firstLoad,
      lazyGzipBytes: withKit.lazy,
      plyrKitLazyGzipBytes: withKit.lazy - withoutKit.lazy,
      plyrKitFirstLoadModules: { renderedBytes, files: withKit.firstLoadKitModules },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await pixiExampleSize(), null, 2));
}
