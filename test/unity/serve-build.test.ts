/**
 * docs/unity.md, step 5: the Node server that serves a Unity WebGL build beside the signing endpoint, run as written
 * in a fresh Node process (dist/server.js) against the sandbox. A build folder shaped as Unity writes one (Brotli and
 * Gzip builds) must arrive with the `Content-Encoding` of its compression and the type of what it holds, decoded by
 * the client to the original bytes; nothing outside the folder is served; the relay signs a player in.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { distUrl, examples, replaced, runModule } from '../helpers/readme.js';
import { freePort } from '../helpers/redis-server.js';

describe('docs/unity.md: serving the WebGL build with the signing endpoint', () => {
  let sandbox: Sandbox;
  let outside: string;
  let build: string;
  const wasm = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  const framework = 'function unityFramework() { return 42; }\n';
  const data = Buffer.alloc(4096, 7);

  beforeAll(async () => {
    sandbox = await startSandbox({ gameId: 'my-game' });
    // The build folder, and beside it a file that must never be served.
    outside = mkdtempSync(join(tmpdir(), 'plyr-unity-build-'));
    writeFileSync(join(outside, 'secret.txt'), 'not for the web');
    build = join(outside, 'WebGL');
    mkdirSync(join(build, 'Build'), { recursive: true });
    writeFileSync(join(build, 'index.html'), '<!doctype html><title>game</title>');
    writeFileSync(join(build, 'Build', 'game.loader.js'), 'var createUnityInstance;');
    writeFileSync(join(build, 'Build', 'game.wasm.br'), brotliCompressSync(wasm));
    writeFileSync(join(build, 'Build', 'game.data.br'), brotliCompressSync(data));
    writeFileSync(join(build, 'Build', 'game.framework.js.gz'), gzipSync(framework));
  });

  afterAll(async () => {
    await sandbox.close();
    rmSync(outside, { recursive: true, force: true });
  });

  it('serves each file with its encoding and type, nothing above the folder, and the relay beside it', async () => {
    const [serve, ...others] = examples('Unity WebGL', 'docs/unity.md').filter((b) =>
      b.includes('serveBuildFolder'),
    );
    expect(others).toEqual([]);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const program = `${replaced(serve as string, [
      ["from 'plyr-kit/server'", `from ${distUrl('server.js')}`],
      ["const BUILD = 'Builds/WebGL'", `const BUILD = ${JSON.stringify(build)}`],
      ["apiBase: 'https://api-testnet.plyr.network'", `apiBase: ${JSON.stringify(sandbox.url)}`],
      ['.listen(8080)', `.listen(${port}, '127.0.0.1')`],
    ])}
const seen = {};
for (const path of ['/', '/Build/game.loader.js', '/Build/game.wasm.br', '/Build/game.data.br', '/Build/game.framework.js.gz', '/missing.js']) {
  const answer = await fetch('${base}' + path);
  const bytes = Buffer.from(await answer.arrayBuffer());
  seen[path] = { status: answer.status, type: answer.headers.get('content-type'), encoding: answer.headers.get('content-encoding'), hex: bytes.toString('hex') };
}
// fetch would resolve dot segments before sending: these go as written.
const { request } = await import('node:http');
for (const path of ['/../secret.txt', '/Build/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/..%5csecret.txt']) {
  seen[path] = await new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: ${port}, path }, (answer) => {
      answer.resume();
      answer.on('end', () => resolve({ status: answer.statusCode }));
    }).on('error', reject).end();
  });
}
const login = await fetch('${base}/plyr/relay/api/user/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ plyrId: 'demo-player', otp: ${JSON.stringify(sandbox.totp('demo-player'))} }),
});
seen.login = { status: login.status, plyrId: (await login.json()).plyrId };
console.log(JSON.stringify(seen));
process.exit(0);
`;
    const run = await runModule(program, {
      env: { PLYR_API_KEY: sandbox.apiKey, PLYR_SECRET_KEY: sandbox.secretKey },
    });
    expect(run.stderr).toBe('');
    const seen = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
    const hex = (x: Buffer | string) => Buffer.from(x).toString('hex');
    expect(seen['/']).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', encoding: null });
    expect(seen['/Build/game.loader.js']).toMatchObject({
      status: 200,
      type: 'text/javascript',
      encoding: null,
    });
    expect(seen['/Build/game.wasm.br']).toEqual({
      status: 200,
      type: 'application/wasm',
      encoding: 'br',
      hex: hex(wasm),
    });
    expect(seen['/Build/game.data.br']).toEqual({
      status: 200,
      type: 'application/octet-stream',
      encoding: 'br',
      hex: hex(data),
    });
    expect(seen['/Build/game.framework.js.gz']).toEqual({
      status: 200,
      type: 'text/javascript',
      encoding: 'gzip',
      hex: hex(framework),
    });
    for (const path of [
      '/../secret.txt',
      '/Build/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/..%5csecret.txt',
    ])
      expect([path, seen[path]?.status]).toEqual([path, 404]);
    expect(seen['/missing.js']?.status).toBe(404);
    expect(seen.login).toEqual({ status: 200, plyrId: 'demo-player' });
  });
});
