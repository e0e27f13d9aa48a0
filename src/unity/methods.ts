/**
 * The methods Unity can call: each names the keys of its JSON arguments object and maps it onto the core client.
 * The client checks the values (PLYR[ID], 2FA code, tokens, ...) itself; the bridge refuses unknown keys and
 * wrong-typed flags that the client would read loosely.
 */
import type { ConnectOptions, LoginAndApproveOptions, LoginOptions, PlyrClient } from '../core/types.js';
import { BridgeFailure } from './protocol.js';
import { REAL_PLAY_METHODS, type RealPlayMethod } from './realplay.js';
import { UI_METHODS, type UiMethod } from './ui.js';

type Args = Record<string, unknown>;

/** One callable method. */
export interface BridgeMethod {
  /** Keys its arguments object may have. */
  readonly args: readonly string[];
  run(client: PlyrClient, args: Args): Promise<unknown>;
}

/** A string argument, or `undefined` when absent (the client then uses its default, e.g. the signed-in player). */
function optionalString(args: Args, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new BridgeFailure('INVALID_INPUT', `Argument "${key}" must be a string`);
  return value;
}

function optionalBoolean(args: Args, key: string): boolean | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new BridgeFailure('INVALID_INPUT', `Argument "${key}" must be true or false`);
  return value;
}

/**
 * Unity's default PLYR[CONNECT] mode. C# reaches the page from Unity's main loop, not inside the player's click,
 * so browsers block a popup (`CONNECT_BLOCKED`); an iframe over the canvas needs no click.
 */
export const UNITY_CONNECT_MODE = 'iframe';

/**
 * `connect`'s options: `null` values count as absent (as for the other methods' optional arguments), and the mode
 * defaults to {@link UNITY_CONNECT_MODE}. The values themselves are checked by the client. `container` and
 * `callbackUrl` are not part of the protocol: the overlay belongs over the whole page, and the hosted page must
 * answer to (or come back to) the page that runs the game.
 */
function connectOptions(args: Args): ConnectOptions {
  const options: Args = {};
  for (const [key, value] of Object.entries(args)) if (value !== null) options[key] = value;
  options.mode ??= UNITY_CONNECT_MODE;
  return options as ConnectOptions;
}

/** The method table; names match the core client's methods (plus `ready` and `session`, its properties). */
export const METHODS: Readonly<Record<string, BridgeMethod>> = Object.freeze({
  ready: { args: [], run: (client) => client.ready },
  session: { args: [], run: async (client) => client.session },
  login: {
    args: ['plyrId', 'otp', 'expiresIn'],
    run: (client, args) => client.login(args as unknown as LoginOptions),
  },
  loginAndApprove: {
    args: ['plyrId', 'otp', 'expiresIn', 'tokens', 'amounts'],
    run: (client, args) => client.loginAndApprove(args as unknown as LoginAndApproveOptions),
  },
  registerGuest: {
    args: ['tokens'],
    run: (client, args) =>
      client.registerGuest(args.tokens === undefined ? {} : { tokens: args.tokens as string[] }),
  },
  revealClaimingCode: { args: [], run: (client) => client.revealClaimingCode() },
  verifyClaimingCode: {
    args: ['code'],
    run: (client, args) => client.verifyClaimingCode(args.code as string),
  },
  verifySession: { args: [], run: (client) => client.verifySession() },
  logout: {
    args: ['forgetGuest'],
    run: (client, args) => {
      const forgetGuest = optionalBoolean(args, 'forgetGuest');
      return client.logout(forgetGuest === undefined ? undefined : { forgetGuest });
    },
  },
  userInfo: {
    args: ['plyrIdOrAddress'],
    run: (client, args) => client.userInfo(optionalString(args, 'plyrIdOrAddress')),
  },
  avatar: { args: ['plyrId'], run: (client, args) => client.avatar(optionalString(args, 'plyrId')) },
  connect: {
    args: ['mode', 'action', 'tokens', 'amounts', 'expiresIn', 'plyrId', 'timeoutMs'],
    run: (client, args) => client.connect(connectOptions(args)),
  },
  completeConnect: { args: [], run: (client) => client.completeConnect() },
  cancelConnect: { args: [], run: async (client) => client.cancelConnect() },
  verifyJwtLocally: {
    args: ['jwt'],
    run: (client, args) => client.verifyJwtLocally(optionalString(args, 'jwt')),
  },
});

/** Names of every method (PLYR, real play, then the panels), for error messages and documentation. */
export const METHOD_NAMES: readonly string[] = [
  ...Object.keys(METHODS),
  ...Object.keys(REAL_PLAY_METHODS),
  ...Object.keys(UI_METHODS),
];

/** A method found by name: a PLYR client method, a real-play one, or a panel. */
export type FoundMethod =
  | { kind: 'plyr'; name: string; method: BridgeMethod }
  | { kind: 'realplay'; name: string; method: RealPlayMethod }
  | { kind: 'ui'; name: string; method: UiMethod };

/** The method called `name`; `UNKNOWN_METHOD` otherwise (also for inherited names such as `toString`). */
export function findMethod(name: unknown): FoundMethod {
  if (typeof name === 'string' && Object.hasOwn(METHODS, name))
    return { kind: 'plyr', name, method: METHODS[name] as BridgeMethod };
  if (typeof name === 'string' && Object.hasOwn(REAL_PLAY_METHODS, name))
    return { kind: 'realplay', name, method: REAL_PLAY_METHODS[name] as RealPlayMethod };
  if (typeof name === 'string' && Object.hasOwn(UI_METHODS, name))
    return { kind: 'ui', name, method: UI_METHODS[name] as UiMethod };
  throw new BridgeFailure(
    'UNKNOWN_METHOD',
    `Unknown method ${JSON.stringify(String(name))} (known: ${METHOD_NAMES.join(', ')})`,
  );
}
