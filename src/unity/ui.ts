/**
 * The sign-in panels of `plyr-kit/ui` opened from C# (`ShowLogin`, `ShowGuest`, `ShowRealPlayError`), so a Unity
 * game needs no Unity UI for sign-in. The panels are not part of `plyr-kit.unity.umd.js`: the first call loads
 * `plyr-kit.ui.umd.js` (global `PlyrKitUi`) with a `<script>` from next to the bridge's own script (or from
 * `ui.scriptUrl`), or uses a `window.PlyrKitUi` the page already has. The panel covers Unity's canvas.
 */
import type { PlyrClient } from '../core/types.js';
import type { RealPlay } from '../realplay/types.js';
import type { PlyrPanel, ShowPanelOptions, ShowRealPlayErrorOptions } from '../ui/show.js';
import type { PanelResult } from '../ui/types.js';
import { BridgeFailure, checkKeys, invalid, isRecord } from './protocol.js';

/** `init`'s `ui` object: where the panels go, how they look, and where their script is. */
export interface UnityUiConfig {
  /** CSS selector of the element the panels cover. Default `#unity-canvas`, else the page's first `canvas`. */
  canvas?: string;
  /** URL of `plyr-kit.ui.umd.js`. Default: next to `plyr-kit.unity.umd.js` (the script that installed the bridge). */
  scriptUrl?: string;
  /** Colours, font and corner radius (`plyr-kit/ui`'s `PlyrTheme`: `accent`, `panel`, …, `radius`). */
  theme?: Record<string, string | number>;
  /** Texts of the panels (`PlyrStrings` and `RealPlayStrings` keys); missing ones are English. */
  strings?: Record<string, string>;
  /** What the game may spend; the login panel then signs in with `loginAndApprove`. */
  spend?: { tokens: Array<{ token: string; amount: string | number }>; expiresIn?: number };
  /** The login panel's PLYR[CONNECT] button: `{ mode }` (default popup: the player's click opens it), or `false`. */
  connect?: { mode?: 'popup' | 'iframe' | 'redirect' } | false;
}

/** Keys of {@link UnityUiConfig}. */
export const UI_CONFIG_KEYS = ['canvas', 'scriptUrl', 'theme', 'strings', 'spend', 'connect'] as const;

/** File name of the panels' UMD bundle. */
export const UI_SCRIPT_NAME = 'plyr-kit.ui.umd.js';
/** The global `plyr-kit.ui.umd.js` defines. */
export const UI_GLOBAL_NAME = 'PlyrKitUi';

/** What the bridge uses of `plyr-kit/ui`. */
export interface UiModule {
  showLogin(client: PlyrClient, options?: ShowPanelOptions): PlyrPanel<PanelResult>;
  showGuest(client: PlyrClient, options?: ShowPanelOptions): PlyrPanel<PanelResult>;
  showRealPlayError(error: unknown, options?: ShowRealPlayErrorOptions): PlyrPanel<string>;
}

// Read while this script runs (a UMD `<script>`): afterwards `document.currentScript` is another script or null.
const bridgeScript: string | undefined =
  typeof document === 'undefined'
    ? undefined
    : ((document.currentScript as HTMLScriptElement | null)?.src ?? undefined) || undefined;

/** Where `plyr-kit.ui.umd.js` is by default: beside the bridge's script, else beside the page. */
export function defaultUiScriptUrl(scriptSrc: string | undefined = bridgeScript): string {
  try {
    return new URL(UI_SCRIPT_NAME, scriptSrc ?? document.baseURI).href;
  } catch {
    return UI_SCRIPT_NAME;
  }
}

function checkStrings(value: unknown, what: string, number = false): void {
  if (
    !isRecord(value) ||
    !Object.values(value).every((v) => typeof v === 'string' || (number && typeof v === 'number'))
  )
    throw invalid(`${what} must be an object of ${number ? 'strings or numbers' : 'strings'}`);
}

/** Checks `init`'s `ui` object (keys and types; the panels check the values). */
export function parseUiConfig(input: unknown): UnityUiConfig {
  if (!isRecord(input))
    throw invalid('config.ui must be an object { canvas?, scriptUrl?, theme?, strings?, ... }');
  checkKeys(input, UI_CONFIG_KEYS, 'config.ui');
  for (const key of ['canvas', 'scriptUrl'] as const)
    if (input[key] !== undefined && (typeof input[key] !== 'string' || input[key] === ''))
      throw invalid(`config.ui.${key} must be a non-empty string`);
  if (input.theme !== undefined) checkStrings(input.theme, 'config.ui.theme', true);
  if (input.strings !== undefined) checkStrings(input.strings, 'config.ui.strings');
  const { spend, connect } = input;
  if (spend !== undefined) {
    const tokens = isRecord(spend) ? spend.tokens : undefined;
    if (
      !isRecord(spend) ||
      !Array.isArray(tokens) ||
      !tokens.every(
        (t) => isRecord(t) && typeof t.token === 'string' && ['string', 'number'].includes(typeof t.amount),
      ) ||
      (spend.expiresIn !== undefined && !Number.isSafeInteger(spend.expiresIn))
    )
      throw invalid('config.ui.spend must be { tokens: [{ token, amount }], expiresIn? }');
  }
  if (connect !== undefined && connect !== false) {
    if (!isRecord(connect)) throw invalid('config.ui.connect must be { mode? } or false');
    checkKeys(connect, ['mode'], 'config.ui.connect');
  }
  return input as UnityUiConfig;
}

/** The element the panels cover: `selector`, else `#unity-canvas`, else the first canvas; `null`: the page. */
export function findCanvas(selector: string | undefined): HTMLElement | null {
  if (typeof document === 'undefined') return null;
  if (selector !== undefined) return document.querySelector<HTMLElement>(selector);
  return document.querySelector<HTMLElement>('#unity-canvas') ?? document.querySelector('canvas');
}

const isUiModule = (value: unknown): value is UiModule =>
  isRecord(value) && typeof value.showLogin === 'function' && typeof value.showRealPlayError === 'function';

/**
 * Loads the panels: `scope.PlyrKitUi` when the page has it, else `plyr-kit.ui.umd.js` from `url` (one `<script>`,
 * shared by the calls that wait for it; a failed load is tried again by the next call).
 */
export function createUiLoader(scope: Record<string, unknown>): (url: string) => Promise<UiModule> {
  let loading: Promise<UiModule> | null = null;
  return (url) => {
    const present = scope[UI_GLOBAL_NAME];
    if (isUiModule(present)) return Promise.resolve(present);
    if (loading) return loading;
    const missing = (): BridgeFailure =>
      new BridgeFailure(
        'NETWORK',
        `Could not load the sign-in panels from ${url}: copy ${UI_SCRIPT_NAME} (node_modules/plyr-kit/dist/) next to ` +
          'plyr-kit.unity.umd.js in your WebGL template, or set PlyrConfig.Ui.ScriptUrl',
      );
    loading = new Promise<UiModule>((resolve, reject) => {
      if (typeof document === 'undefined') throw missing();
      const script = document.createElement('script');
      script.src = url;
      script.async = true;
      script.onload = () => {
        const ui = scope[UI_GLOBAL_NAME];
        if (isUiModule(ui)) resolve(ui);
        else reject(missing());
      };
      script.onerror = () => {
        script.remove();
        reject(missing());
      };
      document.head.append(script);
    }).catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
}

type Args = Record<string, unknown>;

/** What a panel method has to work with. */
export interface UiContext {
  client: PlyrClient | null;
  realPlay: RealPlay | null;
  ui: UnityUiConfig;
  load(): Promise<UiModule>;
  /** Keeps the open panel (one at a time: a new one closes the previous, `destroy` closes it). */
  opened(panel: PlyrPanel<unknown>): void;
}

/** One panel method Unity can call. */
export interface UiMethod {
  readonly args: readonly string[];
  run(context: UiContext, args: Args): Promise<unknown>;
}

function needClient(context: UiContext): PlyrClient {
  if (context.client) return context.client;
  throw new BridgeFailure(
    'NOT_INITIALIZED',
    'PLYR sign-in is not configured: give PlyrKit.init a gameId and a signer',
  );
}

/** The sign-in panels' options from `init`'s `ui` object. */
function panelOptions(ui: UnityUiConfig): ShowPanelOptions {
  const options: ShowPanelOptions = { over: findCanvas(ui.canvas) };
  if (ui.theme) options.theme = ui.theme as ShowPanelOptions['theme'];
  if (ui.strings) options.strings = ui.strings;
  if (ui.spend) options.spend = ui.spend;
  if (ui.connect !== undefined) options.connect = ui.connect;
  return options;
}

async function signIn(context: UiContext, which: 'showLogin' | 'showGuest'): Promise<PanelResult> {
  const client = needClient(context);
  const ui = await context.load();
  const panel = ui[which](client, panelOptions(context.ui));
  context.opened(panel);
  return panel.closed;
}

/** The error C# passes (`{ code, message, retryAfterMs? }`) as the panel reads it (it duck-types `code`). */
function errorArg(value: unknown): Error {
  if (!isRecord(value) || typeof value.code !== 'string' || value.code === '')
    throw invalid('Argument "error" must be { code, message? }');
  const message = typeof value.message === 'string' ? value.message : value.code;
  return Object.assign(new Error(message), {
    code: value.code,
    retryAfterMs: value.retryAfterMs ?? undefined,
  });
}

/** The panel methods. */
export const UI_METHODS: Readonly<Record<string, UiMethod>> = Object.freeze({
  showLogin: { args: [], run: (context) => signIn(context, 'showLogin') },
  showGuest: { args: [], run: (context) => signIn(context, 'showGuest') },
  showRealPlayError: {
    args: ['error', 'lobbyUrl', 'retry'],
    run: async (context, args) => {
      const error = errorArg(args.error);
      const { lobbyUrl, retry } = args;
      if (lobbyUrl !== undefined && lobbyUrl !== null && typeof lobbyUrl !== 'string')
        throw invalid('Argument "lobbyUrl" must be a string');
      if (retry !== undefined && retry !== null && typeof retry !== 'boolean')
        throw invalid('Argument "retry" must be true or false');
      const ui = await context.load();
      const options: ShowRealPlayErrorOptions = { over: findCanvas(context.ui.canvas) };
      // Default: the lobby of the authenticated real-play player, when MG+ sent one.
      const lobby = (lobbyUrl as string | null | undefined) ?? context.realPlay?.player?.lobbyUrl;
      if (lobby) options.lobbyUrl = lobby;
      if (typeof retry === 'boolean') options.retry = retry;
      if (context.ui.theme) options.theme = context.ui.theme as ShowRealPlayErrorOptions['theme'];
      if (context.ui.strings) options.strings = context.ui.strings;
      const panel = ui.showRealPlayError(error, options);
      context.opened(panel);
      return panel.closed;
    },
  },
});
