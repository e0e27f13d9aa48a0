/**
 * The README's "Core client" examples, run as written in a fresh Node process (dist/index.js, fake-indexeddb)
 * against the sandbox and a real signing endpoint. Only the values a reader replaces are replaced: the package
 * name, the endpoint URL (relative in a page, absolute in Node), the platform and the 2FA code.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createSigningHandler, toNodeListener } from '../../src/server/index.js';
import { distUrl, examples, replaced, runModule } from '../helpers/readme.js';
import { sandboxKeys } from '../helpers/server-harness.js';

describe('README: core client examples', () => {
  let sandbox: Sandbox;
  let server: Server;
  let signUrl: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ gameId: 'mygame' });
    server = createServer(
      toNodeListener(
        // Relay mode: what a plain URL `signer`, as in the README, talks to.
        createSigningHandler({
          ...sandboxKeys(sandbox),
          mode: 'relay',
          basePath: '/plyr/sign',
          rateLimit: false,
        }),
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    signUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/plyr/sign`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await sandbox.close();
  });

  const [signIn, guest] = examples('Core client');

  /**
   * The examples as a reader adapts them: this package's build, our endpoint and sandbox, a given 2FA code; the
   * example's functions awaited (a page would not wait for them, a script exiting after them must).
   */
  const program = (otp: string, ...blocks: string[]) =>
    `import 'fake-indexeddb/auto';\n${replaced(blocks.join('\n'), [
      ["from 'plyr-kit'", `from ${distUrl('index.js')}`],
      ["signer: '/plyr/sign'", `signer: ${JSON.stringify(signUrl)}`],
      ["apiBase: 'https://api-testnet.plyr.network'", `apiBase: ${JSON.stringify(sandbox.url)}`],
      ["otp: '123456'", `otp: ${JSON.stringify(otp)}`],
      ['\nstart();', '\nawait start();'],
    ])}\n${blocks.length > 1 ? 'await playAsGuest();\n' : ''}process.exit(0);\n`;

  it('has the sign-in example and the Instant PlayPass example', () => {
    expect(signIn).toContain('plyr.login(');
    expect(guest).toContain('plyr.registerGuest(');
  });

  it('signs the demo player in with the current 2FA code', async () => {
    const run = await runModule(program(sandbox.totp('demo-player'), signIn as string));
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('signed in: demo-player\n');
    expect(run.code).toBe(0);
  });

  it('tells a wrong code apart, then plays as a guest with a claiming code', async () => {
    const wrong = String((Number(sandbox.totp('demo-player')) + 1) % 1_000_000).padStart(6, '0');
    const run = await runModule(program(wrong, signIn as string, guest as string));
    expect(run.stderr).toBe('');
    const [first, second] = run.stdout.trimEnd().split('\n');
    expect(first).toBe('wrong code, ask again');
    expect(second).toMatch(
      /^guest: [a-z0-9-]+ [0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4} https?:\/\/\S+$/,
    );
    expect(run.code).toBe(0);
  });
});
