// Gzipped size of what a browser downloads for each browser entry: minified, with its dependencies inlined,
// Phaser excluded (a peer dependency). The Phaser and Unity entries are also reported "beyond the core": their
// size minus the core's, since a game loads the core once whichever adapter it uses.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { rollup } from 'rollup';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

async function gzipBytes(input) {
  const bundle = await rollup({
    input: `${root}/${input}`,
    external: (id) => id === 'phaser',
    onwarn: () => {},
    plugins: [
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
  // Only the entry chunk counts as the download at start; lazily imported chunks are reported apart.
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  let entry = 0;
  let lazy = 0;
  for (const chunk of output) {
    if (chunk.type !== 'chunk') continue;
    const size = gzipSync(chunk.code, { level: 9 }).length;
    if (chunk.isEntry) entry += size;
    else lazy += size;
  }
  return { gzipBytes: entry, lazyChunksGzipBytes: lazy };
}

export async function run() {
  const out = {};
  const core = await gzipBytes('src/index.ts');
  out.core = { ...core, targetBytes: 10 * 1024 };
  for (const [name, input, target] of [
    ['phaser', 'src/phaser/index.ts', 8 * 1024],
    ['unity', 'src/unity/index.ts', undefined],
  ]) {
    if (!existsSync(`${root}/${input}`)) continue;
    const size = await gzipBytes(input);
    out[name] = { ...size, beyondCoreGzipBytes: size.gzipBytes - core.gzipBytes };
    if (target) out[name].beyondCoreTargetBytes = target;
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run(), null, 2));
}
