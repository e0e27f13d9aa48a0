/**
 * The bridge object behind `window.PlyrKit`: `init` creates the core client (and the real-play client when
 * configured), `call` runs one method and answers through Unity's `SendMessage`, and every core and real-play event
 * is forwarded. Nothing it does throws into Unity: every failure becomes an error response (or, without a
 * request, a console error).
 */

import { createPlyr } from '../core/client.js';
import { PLYR_EVENT_NAMES } from '../core/events.js';
import type { PlyrClient, PlyrEventName, PlyrOptions } from '../core/types.js';
import { createRealPlay } from '../realplay/create-real-play.js';
import type { RealPlay } from '../realplay/types.js';
import { parseConfig } from './config.js';
import { findMethod } from './methods.js';
import {
  type BridgeEvent,
  BridgeFailure,
  type BridgeResponse,
  checkKeys,
  parseObject,
  toBridgeError,
  toMessageValue,
} from './protocol.js';
import { forwardRealPlayEvents } from './realplay.js';
import {
  isSendMessageSource,
  resolveSendMessage,
  type SendMessageFunction,
  type SendMessageSource,
} from './send-message.js';
import { createUiLoader, defaultUiScriptUrl, type UiModule, type UnityUiConfig } from './ui.js';

/** The C# method that receives responses. */
export const RESPONSE_METHOD = 'OnPlyrResponse';
/** The C# method that receives events. */
export const EVENT_METHOD = 'OnPlyrEvent';
/** Where answers go before any `init` named a GameObject (the name the C# helper gives its GameObject). */
export const DEFAULT_GAME_OBJECT = 'PlyrKit';
/**
 * The core events forwarded to C#: all but `allowances`, which the C# API does not offer yet (its `PlyrClient`
 * would only log it as unknown).
 */
export const BRIDGE_EVENT_NAMES: readonly PlyrEventName[] = PLYR_EVENT_NAMES.filter(
  (e) => e !== 'allowances',
);

/** The API installed as `window.PlyrKit`. */
export interface UnityBridge {
  /**
   * Creates the client from `configJson` ({@link UnityBridgeConfig} as JSON text). Answers and events go to
   * `gameObjectName` through `sendMessage` (Unity's function or a `unityInstance`; default: the page's
   * `unityInstance`). A second `init` replaces the client. Returns `false` when the configuration is refused; the
   * reason is logged, sent as an `error` event, and given to every later call as a `NOT_INITIALIZED` error.
   */
  init(configJson: unknown, gameObjectName: unknown, sendMessage?: unknown): boolean;
  /**
   * Runs `method` with the arguments object `argsJson` (JSON text; empty for none). The answer arrives later at
   * `OnPlyrResponse` with the same `requestId`, never during this call. `sendMessage` is only used to answer a
   * call made before `init`.
   */
  call(requestId: unknown, method: unknown, argsJson?: unknown, sendMessage?: unknown): void;
  /** The current core client, or `null` before a successful `init` (or when the config has no PLYR sign-in). */
  readonly client: PlyrClient | null;
  /** The current real-play client, or `null` when the config has no `realPlay`. */
  readonly realPlay: RealPlay | null;
  /** Destroys the client; later calls answer `NOT_INITIALIZED`. */
  destroy(): void;
}

/** Options of {@link createUnityBridge}. */
export interface UnityBridgeOptions {
  /** Creates the core client (default `createPlyr`). */
  createClient?: (options: PlyrOptions) => PlyrClient;
  /** Where `unityInstance`/`gameInstance` are looked up (default `globalThis`). */
  scope?: Record<string, unknown>;
  /** Where problems that cannot be answered are reported (default `console.error`). */
  logError?: (message: string) => void;
  /**
   * Gives the panels of `showLogin`/`showGuest`/`showRealPlayError` (default: `scope.PlyrKitUi`, else
   * `plyr-kit.ui.umd.js` loaded from `url`). A bundled page can pass `() => import('plyr-kit/ui')`.
   */
  loadUi?: (url: string) => Promise<UiModule>;
}

/** Where messages go. */
interface Target {
  gameObjectName: string;
  sendMessage: SendMessageSource | undefined;
}

/** Creates a bridge (what `window.PlyrKit` is). Most pages use {@link installPlyrKitGlobal} instead. */
export function createUnityBridge(options: UnityBridgeOptions = {}): UnityBridge {
  const createClient = options.createClient ?? createPlyr;
  const scope = options.scope ?? (globalThis as unknown as Record<string, unknown>);
  const logError = options.logError ?? ((message: string) => console.error(message));
  const loadUi = options.loadUi ?? createUiLoader(scope);

  let client: PlyrClient | null = null;
  let realPlay: RealPlay | null = null;
  /** Unsubscribes the bridge from the real-play client (which has no `destroy`). */
  let stopRealPlay = (): void => {};
  let expose = false;
  let exposePlayerToken = false;
  let target: Target | null = null;
  let initFailure: string | null = null;
  let uiConfig: UnityUiConfig = {};
  /** The panel open over the game (one at a time). */
  let panel: { close(): void } | null = null;

  const send = (to: Target, method: string, payload: unknown): void => {
    const fn: SendMessageFunction | undefined = resolveSendMessage(to.sendMessage, scope);
    if (!fn) {
      logError(
        `PlyrKit: cannot reach Unity (no SendMessage: pass it to PlyrKit.init or set window.unityInstance); dropped a ${method} message`,
      );
      return;
    }
    let json: string;
    try {
      json = JSON.stringify(payload);
    } catch (error) {
      json = JSON.stringify({ id: (payload as { id?: unknown }).id, ok: false, error: toBridgeError(error) });
    }
    try {
      fn(to.gameObjectName, method, json);
    } catch (error) {
      logError(`PlyrKit: SendMessage to ${to.gameObjectName}.${method} failed: ${String(error)}`);
    }
  };

  const respond = (to: Target, response: BridgeResponse): void => send(to, RESPONSE_METHOD, response);

  const destroyClient = (): void => {
    panel?.close();
    panel = null;
    client?.destroy();
    client = null;
    stopRealPlay();
    stopRealPlay = () => {};
    realPlay = null;
  };

  const bridge: UnityBridge = {
    get client() {
      return client;
    },
    get realPlay() {
      return realPlay;
    },

    init(configJson, gameObjectName, sendMessage) {
      destroyClient();
      const name = typeof gameObjectName === 'string' && gameObjectName !== '' ? gameObjectName : null;
      const source = isSendMessageSource(sendMessage) ? sendMessage : undefined;
      target = name ? { gameObjectName: name, sendMessage: source } : null;
      try {
        if (!name)
          throw new BridgeFailure('INVALID_INPUT', 'PlyrKit.init: gameObjectName must be a non-empty string');
        const config = parseConfig(configJson);
        const to = target as Target;
        // Real play first: createRealPlay has no side effects, so a refused core config leaves nothing behind.
        const rp = config.realPlay ? createRealPlay(config.realPlay.options) : null;
        const created = config.options ? createClient(config.options) : null;
        if (created)
          for (const event of BRIDGE_EVENT_NAMES) {
            created.on(event, (payload: unknown) => {
              const data =
                event === 'error'
                  ? toBridgeError(payload)
                  : toMessageValue(payload, config.exposeSessionToken);
              send(to, EVENT_METHOD, { event, data } satisfies BridgeEvent);
            });
          }
        if (rp)
          stopRealPlay = forwardRealPlayEvents(rp, config.realPlay?.exposePlayerToken === true, (message) =>
            send(to, EVENT_METHOD, message),
          );
        client = created;
        realPlay = rp;
        expose = config.exposeSessionToken;
        exposePlayerToken = config.realPlay?.exposePlayerToken === true;
        uiConfig = config.ui;
        initFailure = null;
        return true;
      } catch (error) {
        const failure = toBridgeError(error);
        initFailure = `PlyrKit.init failed: ${failure.message}`;
        logError(initFailure);
        const to = target;
        if (to)
          queueMicrotask(() =>
            send(to, EVENT_METHOD, { event: 'error', data: failure } satisfies BridgeEvent),
          );
        return false;
      }
    },

    call(requestId, method, argsJson, sendMessage) {
      const id = typeof requestId === 'string' ? requestId : requestId == null ? '' : String(requestId);
      const to: Target = target ?? {
        gameObjectName: DEFAULT_GAME_OBJECT,
        sendMessage: isSendMessageSource(sendMessage) ? sendMessage : undefined,
      };
      const current = client;
      const currentRealPlay = realPlay;
      const exposeNow = expose;
      const exposeTokenNow = exposePlayerToken;
      const uiNow = uiConfig;
      // Always answer from a later microtask: Unity is still inside PlyrKit_Call while this runs.
      const run = async (): Promise<unknown> => {
        if (id === '') throw new BridgeFailure('INVALID_INPUT', 'requestId must be a non-empty string');
        if (!current && !currentRealPlay)
          throw new BridgeFailure('NOT_INITIALIZED', initFailure ?? 'PlyrKit.init has not been called');
        const found = findMethod(method);
        const args = parseObject(argsJson, `Arguments of ${found.name}`);
        checkKeys(args, found.method.args, `Arguments of ${found.name}`);
        if (found.kind === 'ui')
          return found.method.run(
            {
              client: current,
              realPlay: currentRealPlay,
              ui: uiNow,
              load: () => loadUi(uiNow.scriptUrl ?? defaultUiScriptUrl()),
              opened(opened) {
                // A new panel replaces the one open: that one answers as left (cancelled, or `close`).
                if (panel !== opened) panel?.close();
                panel = opened;
                opened.closed.then(
                  () => {
                    if (panel === opened) panel = null;
                  },
                  () => undefined,
                );
              },
            },
            args,
          );
        if (found.kind === 'realplay') {
          if (!currentRealPlay)
            throw new BridgeFailure(
              'NOT_INITIALIZED',
              'Real play is not configured: give PlyrKit.init a realPlay { relay, provider, game }',
            );
          return found.method.run(currentRealPlay, args, exposeTokenNow);
        }
        if (current) return found.method.run(current, args);
        // A real-play-only game: there is no PLYR session to restore, and no other PLYR call to make.
        if (found.name === 'ready') return null;
        throw new BridgeFailure(
          'NOT_INITIALIZED',
          'PLYR sign-in is not configured: give PlyrKit.init a gameId and a signer',
        );
      };
      Promise.resolve()
        .then(run)
        .then(
          (result) => respond(to, { id, ok: true, result: toMessageValue(result, exposeNow) }),
          (error: unknown) => respond(to, { id, ok: false, error: toBridgeError(error) }),
        );
    },

    destroy() {
      destroyClient();
      initFailure = null;
    },
  };
  return bridge;
}
