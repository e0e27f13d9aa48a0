// Bundles a Worker's code (read from stdin) into one ES module on stdout, as a Worker deploy does (wrangler uses
// esbuild; Vite's bundler here): packages from node_modules with the `workerd` export condition, `plyr-kit/server`
// as built (dist/server.js). A child process of its own: Vite's bundler refuses options made in a Jest VM context.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRY = '\0plyr-kit-worker-entry';

let code = '';
for await (const chunk of process.stdin) code += chunk;
const output = await build({
  configFile: false,
  root,
  logLevel: 'silent',
  resolve: {
    alias: { 'plyr-kit/server': join(root, 'dist', 'server.js') },
    conditions: ['workerd', 'worker', 'browser', 'import', 'default'],
  },
  plugins: [
    {
      name: 'plyr-kit-worker-entry',
      enforce: 'pre',
      resolveId: (id) => (id.endsWith('plyr-kit-worker-entry') ? ENTRY : undefined),
      load: (id) => (id === ENTRY ? code : undefined),
    },
  ],
  build: {
    write: false,
    minify: false,
    target: 'es2022',
    lib: { entry: 'plyr-kit-worker-entry', formats: ['es'], fileName: 'worker' },
  },
});
const chunks = (Array.isArray(output) ? output : [output])
  .flatMap((o) => ('output' in o ? o.output : []))
  .filter((c) => c.type === 'chunk');
if (chunks.length !== 1) throw new Error(`expected one chunk, got ${chunks.length}`);
process.stdout.write(chunks[0].code);
