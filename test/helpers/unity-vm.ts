/**
 * A stand-in for a Unity WebGL page in a Node `vm` context: the real UMD bundle (dist/plyr-kit.unity.umd.js) is
 * loaded as a template's <script> would load it, and the real PlyrKit.jslib is evaluated with stand-ins of what
 * Emscripten gives a plugin: `LibraryManager`/`mergeInto`, a byte heap with `UTF8ToString`, `_malloc` (counted:
 * the plugin must never allocate) and Unity's `SendMessage` (a recorder). Tests call the jslib functions with
 * heap pointers exactly as IL2CPP does. For PLYR[CONNECT] the page also has a stand-in DOM (unity-dom.ts), window
 * `message` events, a recorded `location.assign` and, when given, the tab's `sessionStorage`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type { BridgeEvent, BridgeResponse } from '../../src/unity/index.js';
import { FakeDocument } from './unity-dom.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The UMD bundle a WebGL template loads. */
export const UMD_FILE = join(repoRoot, 'dist', 'plyr-kit.unity.umd.js');
/** The Unity plugin. */
export const JSLIB_FILE = join(repoRoot, 'unity', 'Plugins', 'WebGL', 'PlyrKit.jslib');

const newestSource = (dir: string): number =>
  Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory()
        ? newestSource(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? statSync(join(dir, entry.name)).mtimeMs
          : 0,
    ),
  );

/** The UMD bundle's text; a clear error when it is missing or older than src/ (the tests would test old code). */
export function readUmd(): string {
  let built: number;
  try {
    built = statSync(UMD_FILE).mtimeMs;
  } catch {
    throw new Error('dist/plyr-kit.unity.umd.js is missing: run `npm run build` first.');
  }
  if (built < newestSource(join(repoRoot, 'src')))
    throw new Error('dist/plyr-kit.unity.umd.js is older than src/: run `npm run build` again.');
  return readFileSync(UMD_FILE, 'utf8');
}

/** One SendMessage that reached "Unity". */
export interface SentMessage {
  gameObject: string;
  method: string;
  json: string;
}

/** How the page reaches Unity. */
export type SendMode =
  /** `SendMessage` defined in the jslib's scope (Unity 2020+ framework). */
  | 'jslib-scope'
  /** `Module.SendMessage` only (older frameworks). */
  | 'module'
  /** Neither: the bridge falls back to the page's `window.unityInstance.SendMessage`. */
  | 'unity-instance';

/** A page with the bridge and the plugin. */
export interface UnityVm {
  /** The context's global object (`window`). */
  readonly window: Record<string, unknown>;
  /** Every message sent to Unity, in order. */
  readonly sent: SentMessage[];
  /** What the page logged with console.error. */
  readonly consoleErrors: string[];
  /** How often the plugin called `_malloc`. */
  readonly mallocCalls: () => number;
  /** `PlyrKit_Init` of the jslib (strings through the heap). */
  init(config: unknown, gameObjectName?: string): number;
  /** `PlyrKit_Call` of the jslib. */
  call(id: string, method: string, args?: unknown): number;
  /** The response with `id` (waits for it; at most `limitMs`). */
  response(id: string, limitMs?: number): Promise<BridgeResponse>;
  /** `call` then `response`. */
  request(id: string, method: string, args?: unknown): Promise<BridgeResponse>;
  /** Parsed events received so far. */
  events(): BridgeEvent[];
  /** The first event named `name` after index `from` of {@link events} (waits for it). */
  event(name: string, from?: number, limitMs?: number): Promise<BridgeEvent>;
  /** Responses received so far (parsed). */
  responses(): BridgeResponse[];
  /** The page's document (where the PLYR[CONNECT] overlay goes). */
  readonly document: FakeDocument;
  /** Every URL the page was sent to with `location.assign` (the page itself stays: the test plays the reload). */
  readonly navigations: string[];
  /** Delivers a `message` event to the page's window, as another window's `postMessage` from `origin` would. */
  postMessage(origin: string, data: unknown): void;
}

/** Options of {@link createUnityVm}. */
export interface UnityVmOptions {
  send?: SendMode;
  /** The GameObject name used by {@link UnityVm.init}. Default `PlyrKit`. */
  gameObjectName?: string;
  /** Load the UMD bundle (default true); false to test the plugin without it. */
  loadUmd?: boolean;
  /** The tab's sessionStorage (default none). Give the same one to a second page to play a reload of the tab. */
  sessionStorage?: Storage;
  /** The page's address (e.g. an MG+ launch URL with `?launchToken=…`). Default `http://game.test/index.html`. */
  pageUrl?: string;
}

/** Creates the page. */
export function createUnityVm(options: UnityVmOptions = {}): UnityVm {
  const send = options.send ?? 'jslib-scope';
  const defaultName = options.gameObjectName ?? 'PlyrKit';
  const sent: SentMessage[] = [];
  const consoleErrors: string[] = [];
  const waiters = new Set<() => void>();
  const navigations: string[] = [];
  const document = new FakeDocument();
  const windowEvents = new EventTarget();
  let mallocs = 0;

  const heap = new Uint8Array(1 << 20);
  let top = 8;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  /** What IL2CPP does with a C# string argument: UTF-8 bytes and a NUL on the heap. */
  const toHeap = (text: string): number => {
    const bytes = encoder.encode(text);
    if (top + bytes.length + 1 > heap.length) top = 8;
    const ptr = top;
    heap.set(bytes, ptr);
    heap[ptr + bytes.length] = 0;
    top += bytes.length + 1;
    return ptr;
  };
  const UTF8ToString = (ptr: number): string => {
    let end = ptr;
    while (heap[end] !== 0) end++;
    return decoder.decode(heap.subarray(ptr, end));
  };
  const SendMessage = (gameObject: string, method: string, value: string): void => {
    sent.push({ gameObject, method, json: value });
    for (const wake of [...waiters]) wake();
  };

  const globals: Record<string, unknown> = {
    // What a browser page offers and the client uses (from Node, which has the same Fetch/WebCrypto APIs).
    fetch: (...args: Parameters<typeof fetch>) => globalThis.fetch(...args),
    Request,
    Response,
    Headers,
    AbortController,
    AbortSignal,
    DOMException,
    TypeError,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    crypto: globalThis.crypto,
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    atob,
    btoa,
    structuredClone,
    document,
    // The page's address (PLYR[CONNECT] answers to it). No `open`: a popup is refused, as outside a click.
    location: {
      href: options.pageUrl ?? 'http://game.test/index.html',
      assign: (url: string) => navigations.push(String(url)),
    },
    addEventListener: windowEvents.addEventListener.bind(windowEvents),
    removeEventListener: windowEvents.removeEventListener.bind(windowEvents),
    console: {
      log: () => {},
      info: () => {},
      warn: () => {},
      error: (...args: unknown[]) => consoleErrors.push(args.map(String).join(' ')),
    },
    // Emscripten's side of a plugin.
    LibraryManager: { library: {} as Record<string, (...args: number[]) => number> },
    mergeInto: (target: Record<string, unknown>, functions: Record<string, unknown>) =>
      Object.assign(target, functions),
    UTF8ToString,
    _malloc: () => {
      mallocs++;
      return 0;
    },
  };
  if (options.sessionStorage) globals.sessionStorage = options.sessionStorage;
  if (send === 'jslib-scope') globals.SendMessage = SendMessage;
  if (send === 'module') globals.Module = { SendMessage };
  const context = vm.createContext(globals);
  const window = vm.runInContext('globalThis', context) as Record<string, unknown>;
  window.window = window;
  if (send === 'unity-instance') window.unityInstance = { SendMessage };
  if (options.loadUmd !== false) vm.runInContext(readUmd(), context, { filename: 'plyr-kit.unity.umd.js' });
  vm.runInContext(readFileSync(JSLIB_FILE, 'utf8'), context, { filename: 'PlyrKit.jslib' });
  const library = (globals.LibraryManager as { library: Record<string, (...args: number[]) => number> })
    .library;
  const plyrKitInit = library.PlyrKit_Init;
  const plyrKitCall = library.PlyrKit_Call;
  if (!plyrKitInit || !plyrKitCall)
    throw new Error('PlyrKit.jslib did not merge PlyrKit_Init and PlyrKit_Call');

  const parsed = <T>(method: string): T[] =>
    sent.filter((m) => m.method === method).map((m) => JSON.parse(m.json) as T);

  const waitFor = <T>(find: () => T | undefined, what: string, limitMs: number): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = find();
        if (found === undefined) return false;
        waiters.delete(wake);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`no ${what} within ${limitMs} ms; sent: ${JSON.stringify(sent.slice(-5))}`));
      }, limitMs);
      if (!check()) waiters.add(wake);
    });

  const toText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

  const page: UnityVm = {
    window,
    sent,
    consoleErrors,
    mallocCalls: () => mallocs,
    init: (config, gameObjectName = defaultName) =>
      plyrKitInit(toHeap(toText(config)), toHeap(gameObjectName)),
    call: (id, method, args = '') => plyrKitCall(toHeap(id), toHeap(method), toHeap(toText(args))),
    response: (id, limitMs = 5000) =>
      waitFor(() => page.responses().find((r) => r.id === id), `response ${id}`, limitMs),
    request: (id, method, args) => {
      page.call(id, method, args);
      return page.response(id);
    },
    events: () => parsed<BridgeEvent>('OnPlyrEvent'),
    event: (name, from = 0, limitMs = 5000) =>
      waitFor(
        () =>
          page
            .events()
            .slice(from)
            .find((e) => e.event === name),
        `event ${name}`,
        limitMs,
      ),
    responses: () => parsed<BridgeResponse>('OnPlyrResponse'),
    document,
    navigations,
    postMessage: (origin, data) => windowEvents.dispatchEvent(new MessageEvent('message', { origin, data })),
  };
  return page;
}
