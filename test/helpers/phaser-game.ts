/**
 * Helpers of the Phaser scene tests: the two Phaser versions, a real server stack on loopback (sandbox + signing
 * endpoint), a game with the plugin installed, and bounded waits for DOM state.
 */
import './phaser-env.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from '@jest/globals';
import type PhaserNs from 'phaser';
import type { PlyrOptions } from '../../src/index.js';
import { PlyrPlugin, type PlyrPluginData } from '../../src/phaser/index.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { createSigningHandler, type SigningHandlerOptions, toNodeListener } from '../../src/server/index.js';
import { sandboxKeys } from './server-harness.js';

/** The Phaser namespace (typed with Phaser 4's declarations; Phaser 3 shares every API used here). */
export type PhaserModule = typeof PhaserNs;

/**
 * Phaser 4 (`phaser`, its ESM build) and Phaser 3.90 (`phaser3`, an npm alias). Phaser 3's package has no
 * `exports` and its `main` is the unbundled source, which requires a webpack-only module (`phaser3spectorjs`),
 * so the test loads its UMD build, the file a browser would load.
 */
export const PHASER_VERSIONS: Array<[string, () => Promise<PhaserModule>]> = [
  ['Phaser 4', () => importPhaser('phaser')],
  ['Phaser 3', () => importPhaser('phaser3/dist/phaser.js')],
];

async function importPhaser(specifier: string): Promise<PhaserModule> {
  const mod = (await import(specifier)) as { default?: PhaserModule } & PhaserModule;
  return mod.default ?? mod;
}

/** Sandbox + signing endpoint (sign mode) on loopback. */
export interface Stack {
  sandbox: Sandbox;
  /** URL of the signing endpoint. */
  signerUrl: string;
  /** Starts another signing endpoint (e.g. a misconfigured one) that is closed with the stack. */
  signer(options?: Partial<SigningHandlerOptions>): Promise<string>;
  /** Closes a signing endpoint started by this stack (to make it unreachable). */
  closeSigner(url: string): Promise<void>;
  /** Plugin data for this stack's game and signer: memory storage, no tab sync (tests stay independent). */
  data(extra?: Partial<PlyrPluginData>): PlyrPluginData & PlyrOptions;
  close(): Promise<void>;
}

/** Starts the sandbox and a signing endpoint for its main game. */
export async function startStack(sandboxOptions: SandboxOptions = {}): Promise<Stack> {
  const sandbox = await startSandbox(sandboxOptions);
  const servers = new Map<string, Server>();
  const signer = async (options: Partial<SigningHandlerOptions> = {}): Promise<string> => {
    const handler = createSigningHandler({
      ...sandboxKeys(sandbox),
      mode: 'sign',
      rateLimit: false,
      ...options,
    });
    const server = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    servers.set(url, server);
    return url;
  };
  const closeSigner = async (url: string): Promise<void> => {
    const server = servers.get(url);
    servers.delete(url);
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const signerUrl = await signer();
  return {
    sandbox,
    signerUrl,
    signer,
    closeSigner,
    data: (extra = {}) => ({
      gameId: sandbox.gameId,
      signer: signerUrl,
      apiBase: sandbox.url,
      storage: 'memory',
      syncTabs: false,
      ...extra,
    }),
    async close() {
      await Promise.all([...servers.keys()].map(closeSigner));
      await sandbox.close();
    },
  };
}

/** A started game, its plugin and its parent element. */
export interface TestGame {
  game: PhaserNs.Game;
  plyr: PlyrPlugin;
  parent: HTMLDivElement;
  /** Destroys the game and waits until Phaser has torn it down. */
  destroy(): Promise<void>;
}

/** Game options of {@link bootGame}. */
export interface BootOptions {
  /** The plugin's data. */
  data: PlyrPluginData;
  /** The game's own scenes (the first one starts). */
  scenes?: PhaserNs.Types.Scenes.SceneType[];
  /** Phaser's `dom.createContainer` (default true). */
  domContainer?: boolean;
  /** Runs before the plugins boot (to listen from the very first event). */
  preBoot?: (game: PhaserNs.Game) => void;
}

/** Boots a real Phaser game (canvas renderer on jest-canvas-mock) with the plugin installed as `plyr`. */
export async function bootGame(Phaser: PhaserModule, options: BootOptions): Promise<TestGame> {
  const parent = document.createElement('div');
  document.body.append(parent);
  const game = new Phaser.Game({
    type: Phaser.CANVAS,
    parent,
    width: 800,
    height: 600,
    banner: false,
    audio: { noAudio: true },
    dom: { createContainer: options.domContainer ?? true },
    scale: { mode: Phaser.Scale.NONE },
    plugins: {
      global: [{ key: 'plyr', plugin: PlyrPlugin, start: true, mapping: 'plyr', data: options.data }],
    },
    scene: options.scenes ?? [],
    callbacks: { preBoot: (g) => options.preBoot?.(g) },
  });
  await new Promise<void>((resolve) => game.events.once('ready', () => resolve()));
  const plyr = game.plugins.get('plyr') as unknown as PlyrPlugin;
  return {
    game,
    plyr,
    parent,
    destroy: () =>
      new Promise<void>((resolve) => {
        game.events.once('destroy', () => {
          // Phaser removes the canvas and DOM container after the event; let it finish.
          setTimeout(() => {
            parent.remove();
            resolve();
          }, 0);
        });
        game.destroy(true);
      }),
  };
}

/** A URL nothing listens on (a server was there a moment ago). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** 6-digit codes that are wrong for `plyrId` now (the platform accepts the previous, current and next step). */
export function wrongCodes(stack: Stack, plyrId: string, count: number): string[] {
  const now = Date.now();
  const valid = new Set([-30_000, 0, 30_000].map((d) => stack.sandbox.totp(plyrId, now + d)));
  const codes: string[] = [];
  for (let n = 100_000; codes.length < count; n += 7919) if (!valid.has(String(n))) codes.push(String(n));
  return codes;
}

/** A game scene (a plain config, so it belongs to whichever Phaser runs it) that records what it was started with. */
export function recordingScene(
  key: string,
  onCreate?: (scene: PhaserNs.Scene, data: Record<string, unknown>) => void,
) {
  const starts: Array<Record<string, unknown>> = [];
  const wakes: Array<Record<string, unknown> | undefined> = [];
  const config = {
    key,
    create(this: PhaserNs.Scene, data: Record<string, unknown>) {
      starts.push(data);
      this.sys.events.on('wake', (_sys: unknown, wakeData?: Record<string, unknown>) => wakes.push(wakeData));
      onCreate?.(this, data);
    },
  };
  return { config, starts, wakes };
}

/** Waits until `probe` returns a truthy value (polled every 5 ms, at most `timeoutMs`), and returns it. */
export async function waitFor<T>(
  probe: () => T | null | undefined | false,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The element with a `data-plyr` hook, or null. */
export const hook = <T extends HTMLElement = HTMLElement>(
  name: string,
  root: ParentNode = document,
): T | null => root.querySelector<T>(`[data-plyr="${name}"]`);

/** Waits for a visible hooked element. */
export const waitForHook = <T extends HTMLElement = HTMLElement>(
  name: string,
  timeoutMs?: number,
): Promise<T> =>
  waitFor(
    () => {
      const node = hook<T>(name);
      return node && !node.hidden ? node : null;
    },
    timeoutMs,
    `[data-plyr="${name}"]`,
  );

/** Types a value into an input the way a user would (value + input event). */
export function type(input: HTMLInputElement, value: string): void {
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Presses Enter in an element. */
export function pressEnter(target: HTMLElement): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
}

/** Waits for the error line to say something and returns it. */
export const errorText = (timeoutMs?: number): Promise<string> =>
  waitFor(() => hook('error')?.textContent || null, timeoutMs, 'an error message');

/** What {@link phaserTestbed} gives each test: the Phaser build, a fresh sandbox stack and the game it booted. */
export interface Testbed {
  Phaser: PhaserModule;
  stack: Stack;
  /** The game of the running test (destroyed after it), or `null`. */
  tg: TestGame | null;
  /** Plugin data for this stack: memory storage, no tab sync, plus `extra`. */
  data(extra?: Partial<PlyrPluginData>): PlyrPluginData & PlyrOptions;
  /** Boots a game (destroyed after the test). */
  boot(options: BootOptions): Promise<TestGame>;
}

/**
 * Registers `beforeEach`/`afterEach` for a `describe.each(PHASER_VERSIONS)` block: each test gets its Phaser build
 * and a fresh sandbox stack; the game it boots and the stack are torn down after it.
 */
export function phaserTestbed(loadPhaser: () => Promise<PhaserModule>): Testbed {
  const bed: Testbed = {
    Phaser: undefined as unknown as PhaserModule,
    stack: undefined as unknown as Stack,
    tg: null,
    data: (extra = {}) => ({
      gameId: bed.stack.sandbox.gameId,
      signer: bed.stack.signerUrl,
      apiBase: bed.stack.sandbox.url,
      storage: 'memory',
      syncTabs: false,
      ...extra,
    }),
    boot: async (options) => {
      bed.tg = await bootGame(bed.Phaser, options);
      return bed.tg;
    },
  };
  beforeEach(async () => {
    bed.Phaser = await loadPhaser();
    bed.stack = await startStack();
  });
  afterEach(async () => {
    await bed.tg?.destroy();
    bed.tg = null;
    await bed.stack.close();
  });
  return bed;
}
