// Runs Vite as a developer would, in a process of its own (Vite's native bundler refuses values made in Jest's
// module realm, and loads the project's vite.config.js itself):
//   node vite-fixture-server.mjs build <root>            → builds, prints {"built":true}
//   node vite-fixture-server.mjs serve <root> [inline]   → dev server on 127.0.0.1, port 0; prints {"url":…}, Vite's
//       banner, {"printed":true}. `inline` (JSON { plugin, config }): no vite.config.js, but plyrKit(plugin) from this
//       repository's dist/vite.js and `config`. On a `close` line on stdin it closes the server and prints
//       {"closed":true,"sandboxAnswered":…} (whether the page's PLYR_API_BASE still answered after the close).
// Errors: {"error":"…"} and exit code 1. Vite comes from the project's node_modules when it has one, and the config
// file from its package.json as `npm run dev` / `npm run build` would (`vite --config <file>`), else vite.config.js.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [command, root, inlineJson] = process.argv.slice(2);

async function loadVite() {
  let file;
  try {
    file = createRequire(join(root, 'package.json')).resolve('vite');
  } catch {
    file = createRequire(import.meta.url).resolve('vite');
  }
  return import(pathToFileURL(file).href);
}

/** The `--config` file of the project's `npm run <script>`, if it names one. */
function configFileOf(script) {
  let scripts = {};
  try {
    scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
  } catch {}
  const file = /--config\s+(\S+)/.exec(scripts[script] ?? '')?.[1];
  return file === undefined ? {} : { configFile: join(root, file) };
}

async function main() {
  const vite = await loadVite();
  if (command === 'build') {
    await vite.build({ root, logLevel: 'error', ...configFileOf('build') });
    console.log(JSON.stringify({ built: true }));
    return;
  }
  if (command !== 'serve') throw new Error('usage: vite-fixture-server.mjs build|serve <root> [inline]');
  // Port 0 in place of the config's own (the template's 8080 may be taken where the tests run).
  let config = { root, logLevel: 'info', ...configFileOf('dev'), server: { host: '127.0.0.1', port: 0 } };
  if (inlineJson) {
    const inline = JSON.parse(inlineJson);
    const { plyrKit } = await import(new URL('../../dist/vite.js', import.meta.url).href);
    config = { ...config, ...inline.config, configFile: false, plugins: [plyrKit(inline.plugin)] };
  }
  const server = await vite.createServer(config);
  await server.listen();
  console.log(JSON.stringify({ url: server.resolvedUrls.local[0] }));
  server.printUrls();
  console.log(JSON.stringify({ printed: true }));
  const apiBase = JSON.parse(server.config.define?.['import.meta.env.PLYR_API_BASE'] ?? 'null');
  // A `close` line (not the end of stdin: Vite itself exits when stdin ends, without telling what it closed).
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', async (text) => {
    if (!text.includes('close')) return;
    await server.close();
    let sandboxAnswered = false;
    if (apiBase?.startsWith('http://127.0.0.1:'))
      sandboxAnswered = await fetch(`${apiBase}/api`, { signal: AbortSignal.timeout(3000) }).then(
        () => true,
        () => false,
      );
    console.log(JSON.stringify({ closed: true, sandboxAnswered }));
    process.exit(0);
  });
}

main().catch((error) => {
  console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  process.exit(1);
});
