/**
 * One source of truth for the Unity bridge's surface: the TypeScript side (methods, error codes, event names,
 * connect modes, login methods, config keys, the SendMessage targets) is the reference, and the C# of the Unity
 * package (PlyrClient.cs, PlyrKit.cs, PlyrException.cs, PlyrModels.cs) and the jslib must say the same. A name added,
 * dropped or renamed on one side only fails here with the difference spelled out.
 */
import { describe, expect, it } from '@jest/globals';
import {
  BRIDGE_EVENT_NAMES,
  DEFAULT_GAME_OBJECT,
  EVENT_METHOD,
  RESPONSE_METHOD,
} from '../../src/unity/bridge.js';
import { METHOD_NAMES } from '../../src/unity/methods.js';
import { REAL_PLAY_EVENT_NAMES } from '../../src/unity/realplay.js';
import {
  csharpCaptures,
  csharpClassBody,
  csharpExterns,
  csharpStringConstants,
  jslibFunctions,
  pascalCase,
  readRepoFile,
  setDifferences,
  typeReader,
} from '../helpers/unity-parity.js';

/** Codes only C# raises (no page is involved): outside WebGL players, and when the UMD bundle is missing. */
const CSHARP_ONLY_CODES = ['WEBGL_ONLY', 'SCRIPT_MISSING'];
/** C# constant names that are not the plain PascalCase of their code. */
const CSHARP_NAME_EXCEPTIONS: Record<string, string> = { WEBGL_ONLY: 'WebGLOnly' };

/** The C# and jslib texts compared. */
interface UnitySources {
  client: string;
  kit: string;
  exception: string;
  models: string;
  realPlayModels: string;
  jslib: string;
}

const readSources = (): UnitySources => ({
  client: readRepoFile('unity/Runtime/PlyrClient.cs'),
  kit: readRepoFile('unity/Runtime/PlyrKit.cs'),
  exception: readRepoFile('unity/Runtime/PlyrException.cs'),
  models: readRepoFile('unity/Runtime/PlyrModels.cs'),
  realPlayModels: readRepoFile('unity/Runtime/PlyrRealPlayModels.cs'),
  jslib: readRepoFile('unity/Plugins/WebGL/PlyrKit.jslib'),
});

// The TypeScript side, read once (a program over the bridge's sources).
const types = typeReader([
  'src/unity/protocol.ts',
  'src/unity/config.ts',
  'src/unity/realplay.ts',
  'src/unity/ui.ts',
  'src/ui/realplay-panel.ts',
  'src/core/types.ts',
  'src/realplay/types.ts',
]);
const reference = {
  errorCodes: types.union('src/unity/protocol.ts', 'UnityErrorCode'),
  connectModes: types.union('src/core/types.ts', 'ConnectMode'),
  loginMethods: types.union('src/core/types.ts', 'LoginMethod'),
  configKeys: types.stringArray('src/unity/config.ts', 'CONFIG_KEYS'),
  realPlayConfigKeys: types.stringArray('src/unity/realplay.ts', 'REAL_PLAY_CONFIG_KEYS'),
  realPlayPlatforms: types.union('src/realplay/types.ts', 'RealPlayPlatform'),
  uiConfigKeys: types.stringArray('src/unity/ui.ts', 'UI_CONFIG_KEYS'),
  realPlayActions: types.union('src/ui/realplay-panel.ts', 'RealPlayAction'),
};

/** Every difference between the TypeScript surface and `sources`. */
function differences(sources: UnitySources): string[] {
  const found: string[] = [];

  // Error codes: every code a Unity game can receive has a PlyrErrorCode constant named after it.
  const codes = csharpStringConstants(sources.exception, 'PlyrErrorCode');
  found.push(
    ...setDifferences(
      'error code',
      [...reference.errorCodes, ...CSHARP_ONLY_CODES],
      codes.map(([, value]) => value),
      'PlyrException.cs (PlyrErrorCode)',
    ),
  );
  for (const [name, value] of codes) {
    const expected = CSHARP_NAME_EXCEPTIONS[value] ?? pascalCase(value);
    if (name !== expected) found.push(`PlyrErrorCode.${name} ("${value}") should be named ${expected}`);
  }
  const values = codes.map(([, value]) => value);
  for (const value of new Set(values.filter((v, i) => values.indexOf(v) !== i)))
    found.push(`PlyrErrorCode has "${value}" more than once`);

  // Methods: the names PlyrClient sends are the bridge's, and every bridge method has its C# call.
  found.push(
    ...setDifferences(
      'method',
      METHOD_NAMES,
      csharpCaptures(sources.client, /\bCall\("([^"]+)"/g),
      'PlyrClient.cs',
    ),
  );

  // Events: PlyrClient dispatches exactly the events the bridge forwards (core and real play).
  const dispatch = csharpClassBody(sources.client, 'PlyrClient');
  found.push(
    ...setDifferences(
      'event',
      [...BRIDGE_EVENT_NAMES, ...REAL_PLAY_EVENT_NAMES],
      csharpCaptures(dispatch, /\bcase\s+"([^"]+)"\s*:/g),
      'PlyrClient.cs (Dispatch)',
    ),
  );

  // Modes and login methods offered to C#.
  found.push(
    ...setDifferences(
      'connect mode',
      reference.connectModes,
      csharpStringConstants(sources.models, 'PlyrConnectMode').map(([, v]) => v),
      'PlyrModels.cs (PlyrConnectMode)',
    ),
    ...setDifferences(
      'login method',
      reference.loginMethods,
      csharpStringConstants(sources.models, 'PlyrLoginMethod').map(([, v]) => v),
      'PlyrModels.cs (PlyrLoginMethod)',
    ),
    ...setDifferences(
      'real-play action',
      reference.realPlayActions,
      csharpStringConstants(sources.realPlayModels, 'RealPlayAction').map(([, v]) => v),
      'PlyrRealPlayModels.cs (RealPlayAction)',
    ),
    ...setDifferences(
      'real-play platform',
      reference.realPlayPlatforms,
      csharpStringConstants(sources.realPlayModels, 'RealPlayPlatform').map(([, v]) => v),
      'PlyrRealPlayModels.cs (RealPlayPlatform)',
    ),
  );

  // Init's configuration: C# writes only keys the bridge accepts (it need not write all of them).
  const config = csharpClassBody(sources.models, 'PlyrConfig');
  for (const key of csharpCaptures(config, /\bo\["([^"]+)"\]/g))
    if (!reference.configKeys.includes(key))
      found.push(`config key "${key}" written by PlyrConfig.ToJson is not accepted by the bridge`);
  const realPlayConfig = csharpClassBody(sources.realPlayModels, 'RealPlayConfig');
  for (const key of csharpCaptures(realPlayConfig, /\bo\["([^"]+)"\]/g))
    if (!reference.realPlayConfigKeys.includes(key))
      found.push(
        `realPlay key "${key}" written by RealPlayConfig.ToJsonObject is not accepted by the bridge`,
      );
  // Real play is configured from C# with every key the bridge takes.
  found.push(
    ...setDifferences(
      'realPlay key',
      reference.realPlayConfigKeys,
      csharpCaptures(realPlayConfig, /\bo\["([^"]+)"\]/g),
      'PlyrRealPlayModels.cs (RealPlayConfig.ToJsonObject)',
    ),
  );

  // The panels' settings: C# can set every key of the bridge's `ui` object, and only those.
  found.push(
    ...setDifferences(
      'ui key',
      reference.uiConfigKeys,
      csharpCaptures(csharpClassBody(sources.models, 'PlyrUiConfig'), /\bo\["([^"]+)"\]/g),
      'PlyrModels.cs (PlyrUiConfig.ToJsonObject)',
    ),
  );

  // The SendMessage targets and the GameObject the page answers before Init.
  for (const method of [RESPONSE_METHOD, EVENT_METHOD])
    if (!new RegExp(`public\\s+void\\s+${method}\\s*\\(\\s*string\\s+\\w+\\s*\\)`).test(sources.kit))
      found.push(`PlyrKit.cs has no public void ${method}(string) for the bridge's SendMessage`);
  const gameObject = csharpCaptures(sources.kit, /\bDefaultGameObjectName\s*=\s*"([^"]*)"/g);
  if (gameObject.join() !== DEFAULT_GAME_OBJECT)
    found.push(
      `PlyrKit.DefaultGameObjectName is "${gameObject.join()}", the bridge answers "${DEFAULT_GAME_OBJECT}"`,
    );

  // The jslib's functions and the C# externs that call them, with as many arguments.
  const jslib = jslibFunctions(sources.jslib);
  const externs = csharpExterns(sources.kit);
  found.push(
    ...setDifferences('jslib function', [...jslib.keys()], [...externs.keys()], 'PlyrKit.cs (DllImport)'),
  );
  for (const [name, params] of jslib) {
    const count = externs.get(name);
    if (count !== undefined && count !== params.length)
      found.push(`${name}: the jslib takes ${params.length} arguments, the C# extern passes ${count}`);
  }
  return found;
}

describe('Unity bridge surface: TypeScript and C# agree', () => {
  it('error codes, methods, events, modes, config keys, SendMessage targets and jslib entry points', () => {
    expect(differences(readSources())).toEqual([]);
    // The reference was really read (a reader that found nothing would agree with anything).
    expect(reference.errorCodes).toEqual(
      expect.arrayContaining(['INVALID_INPUT', 'CONNECT_REJECTED', 'INTERNAL']),
    );
    expect(reference.errorCodes.length).toBeGreaterThan(30);
    expect(reference.configKeys).toEqual(expect.arrayContaining(['exposeSessionToken', 'realPlay']));
    expect(reference.realPlayConfigKeys).toEqual(expect.arrayContaining(['relay', 'provider', 'game']));
    expect(METHOD_NAMES).toEqual(
      expect.arrayContaining(['realPlayAuthenticate', 'realPlaySetBet', 'showLogin', 'showRealPlayError']),
    );
    expect(reference.uiConfigKeys).toEqual(expect.arrayContaining(['canvas', 'scriptUrl', 'spend']));
    expect(reference.realPlayActions).toEqual(expect.arrayContaining(['retry', 'lobby', 'close']));
  });

  describe('fails on a C# side out of step', () => {
    const sources = readSources();
    const edit = (key: keyof UnitySources, from: string, to: string): UnitySources => {
      if (!sources[key].includes(from)) throw new Error(`"${from}" not found in ${key}`);
      return { ...sources, [key]: sources[key].replace(from, to) };
    };

    it('an error code renamed (its value, or its constant)', () => {
      expect(
        differences(edit('exception', 'InvalidOtp = "INVALID_OTP"', 'InvalidOtp = "INVALID_2FA"')),
      ).toEqual([
        'error code "INVALID_OTP" is in TypeScript but not in PlyrException.cs (PlyrErrorCode)',
        'error code "INVALID_2FA" is in PlyrException.cs (PlyrErrorCode) but not in TypeScript',
        'PlyrErrorCode.InvalidOtp ("INVALID_2FA") should be named Invalid2fa',
      ]);
      expect(differences(edit('exception', 'string InvalidOtp =', 'string InvalidOneTimeCode ='))).toEqual([
        'PlyrErrorCode.InvalidOneTimeCode ("INVALID_OTP") should be named InvalidOtp',
      ]);
      expect(differences(edit('exception', 'public const string RateLimited = "RATE_LIMITED";', ''))).toEqual(
        ['error code "RATE_LIMITED" is in TypeScript but not in PlyrException.cs (PlyrErrorCode)'],
      );
    });

    it('a method, an event, a mode, a config key, a SendMessage target or a jslib entry point renamed', () => {
      expect(differences(edit('client', 'Call("verifySession"', 'Call("verify"'))).toEqual([
        'method "verifySession" is in TypeScript but not in PlyrClient.cs',
        'method "verify" is in PlyrClient.cs but not in TypeScript',
      ]);
      expect(differences(edit('client', 'case "guest:claimed":', 'case "guest:claim":'))).toEqual([
        'event "guest:claimed" is in TypeScript but not in PlyrClient.cs (Dispatch)',
        'event "guest:claim" is in PlyrClient.cs (Dispatch) but not in TypeScript',
      ]);
      expect(differences(edit('models', 'Redirect = "redirect"', 'Redirect = "navigate"'))).toHaveLength(2);
      expect(differences(edit('models', 'o["timeoutMs"]', 'o["timeout"]'))).toEqual([
        'config key "timeout" written by PlyrConfig.ToJson is not accepted by the bridge',
      ]);
      expect(differences(edit('client', 'Call("realPlaySetBet"', 'Call("setBet"'))).toEqual([
        'method "realPlaySetBet" is in TypeScript but not in PlyrClient.cs',
        'method "setBet" is in PlyrClient.cs but not in TypeScript',
      ]);
      expect(differences(edit('client', 'case "realplay:error":', 'case "realplay:failed":'))).toEqual([
        'event "realplay:error" is in TypeScript but not in PlyrClient.cs (Dispatch)',
        'event "realplay:failed" is in PlyrClient.cs (Dispatch) but not in TypeScript',
      ]);
      expect(
        differences(edit('realPlayModels', 'o["launchTokenParam"]', 'o["launchTokenParameter"]')),
      ).toEqual([
        'realPlay key "launchTokenParameter" written by RealPlayConfig.ToJsonObject is not accepted by the bridge',
        'realPlay key "launchTokenParam" is in TypeScript but not in PlyrRealPlayModels.cs (RealPlayConfig.ToJsonObject)',
        'realPlay key "launchTokenParameter" is in PlyrRealPlayModels.cs (RealPlayConfig.ToJsonObject) but not in TypeScript',
      ]);
      expect(differences(edit('realPlayModels', 'Mobile = "mobile"', 'Mobile = "phone"'))).toHaveLength(2);
      expect(differences(edit('client', 'Call("showGuest"', 'Call("showAccount"'))).toEqual([
        'method "showGuest" is in TypeScript but not in PlyrClient.cs',
        'method "showAccount" is in PlyrClient.cs but not in TypeScript',
      ]);
      expect(differences(edit('models', 'o["scriptUrl"]', 'o["uiScriptUrl"]'))).toEqual([
        'ui key "scriptUrl" is in TypeScript but not in PlyrModels.cs (PlyrUiConfig.ToJsonObject)',
        'ui key "uiScriptUrl" is in PlyrModels.cs (PlyrUiConfig.ToJsonObject) but not in TypeScript',
      ]);
      expect(differences(edit('realPlayModels', 'Lobby = "lobby"', 'Lobby = "casino"'))).toHaveLength(2);
      expect(differences(edit('kit', 'void OnPlyrEvent(string json)', 'void OnEvent(string json)'))).toEqual([
        "PlyrKit.cs has no public void OnPlyrEvent(string) for the bridge's SendMessage",
      ]);
      expect(
        differences(
          edit(
            'jslib',
            'PlyrKit_Call: function (requestId, method, argsJson)',
            'PlyrKit_Call: function (requestId, method)',
          ),
        ),
      ).toEqual(['PlyrKit_Call: the jslib takes 2 arguments, the C# extern passes 3']);
    });
  });
});
