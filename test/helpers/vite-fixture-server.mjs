// Runs Vite on a fixture project as its developer would, in a process of its own (Vite loads the project's
// vite.config.js itself, which Jest's module system would get in the way of):
//   node vite-fixture-server.mjs build <root>   → builds, prints {"built":true}
//   node vite-fixture-server.mjs serve <root>   → dev server on 127.0.0.1, port 0; prints {"url":…}, then Vite's
//                                                  banner; closes the server when stdin ends.
// Vite is imported from the project (its node_modules), as `npx vite` would.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [command, root] = process.argv.slice(2);
const vite = await import(pathToFileURL(createRequire(join(root, 'package.json')).resolve('vite')).href);

if (command === 'build') {
  await vite.build({ root, logLevel: 'error' });
  console.log(JSON.stringify({ built: true }));
} else if (command === 'serve') {
  const server = await vite.createServer({ root, logLevel: 'info', server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  console.log(JSON.stringify({ url: server.resolvedUrls.local[0] }));
  server.printUrls();
  console.log(JSON.stringify({ printed: true }));
  process.stdin.resume();
  process.stdin.on('end', () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
} else {
  console.error('usage: vite-fixture-server.mjs build|serve <root>');
  process.exit(2);
}
