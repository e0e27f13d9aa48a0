/**
 * The bridge's panel methods without a browser: init's `ui` object is checked, the panels' script is looked for next
 * to the bridge's own, a page's `window.PlyrKitUi` is used as is, each panel is answered to C# with its result (the
 * session without its token), a newer panel closes the older, and `destroy` closes the open one.
 */
import { describe, expect, it } from '@jest/globals';
import type { PlyrClient } from '../../src/core/types.js';
import { createUnityBridge } from '../../src/unity/bridge.js';
import type { BridgeResponse } from '../../src/unity/protocol.js';
import { defaultUiScriptUrl, parseUiConfig, type UiModule } from '../../src/unity/ui.js';

const session = { plyrId: 'demo-player', gameId: 'g', sessionJwt: 'eyJ.a.b' };

/** A stand-in of `plyr-kit/ui`: each panel stays open until `finish` or `close`. */
function fakeUi() {
  const opened: Array<{ kind: string; args: unknown[]; finish(result: unknown): void; closed: boolean }> = [];
  const panel =
    (kind: string, cancelled: unknown) =>
    (...args: unknown[]) => {
      let settle: (result: unknown) => void = () => undefined;
      const record = {
        kind,
        args,
        closed: false,
        finish: (result: unknown) => settle(result),
      };
      opened.push(record);
      return {
        closed: new Promise((resolve) => {
          settle = resolve;
        }),
        close() {
          record.closed = true;
          settle(cancelled);
        },
      };
    };
  const ui = {
    showLogin: panel('login', { session: null, cancelled: true }),
    showGuest: panel('guest', { session: null, cancelled: true }),
    showRealPlayError: panel('realplay', 'close'),
  } as unknown as UiModule;
  return { ui, opened };
}

function bridgeWith(ui: UiModule | undefined) {
  const answers: BridgeResponse[] = [];
  const client = {
    on: () => () => undefined,
    destroy: () => undefined,
    session: null,
  } as unknown as PlyrClient;
  const scope: Record<string, unknown> = ui ? { PlyrKitUi: ui } : {};
  const bridge = createUnityBridge({ scope, createClient: () => client, logError: () => undefined });
  const send = (_go: string, method: string, json: string): void => {
    if (method === 'OnPlyrResponse') answers.push(JSON.parse(json) as BridgeResponse);
  };
  return { bridge, answers, send };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Unity bridge: the panels', () => {
  it('checks init’s ui object', () => {
    expect(parseUiConfig({ canvas: '#c', theme: { accent: '#f60', radius: 4 }, connect: false })).toEqual({
      canvas: '#c',
      theme: { accent: '#f60', radius: 4 },
      connect: false,
    });
    expect(() => parseUiConfig({ canvass: '#c' })).toThrow('unknown key "canvass"');
    expect(() => parseUiConfig({ scriptUrl: '' })).toThrow('config.ui.scriptUrl');
    expect(() => parseUiConfig({ strings: { a: 1 } })).toThrow('config.ui.strings');
    expect(() => parseUiConfig({ spend: { tokens: [{ token: 'plyr' }] } })).toThrow('config.ui.spend');
    expect(() => parseUiConfig({ connect: { mode: 'popup', x: 1 } })).toThrow('unknown key "x"');
  });

  it('looks for plyr-kit.ui.umd.js next to plyr-kit.unity.umd.js', () => {
    expect(defaultUiScriptUrl('https://cdn.example/game/v2/plyr-kit.unity.umd.js?x=1')).toBe(
      'https://cdn.example/game/v2/plyr-kit.ui.umd.js',
    );
  });

  it('answers C# when a panel closes; a newer panel closes the older; destroy closes the open one', async () => {
    const { ui, opened } = fakeUi();
    const { bridge, answers, send } = bridgeWith(ui);
    expect(
      bridge.init('{"gameId":"g","signer":"/s","ui":{"strings":{"loginTitle":"Hi"}}}', 'PlyrKit', send),
    ).toBe(true);
    bridge.call('1', 'showLogin', '');
    await tick();
    expect(opened[0]?.kind).toBe('login');
    expect(opened[0]?.args[1]).toMatchObject({ over: null, strings: { loginTitle: 'Hi' } });
    opened[0]?.finish({ session, cancelled: false });
    await tick();
    // The token stays in the page unless exposeSessionToken.
    expect(answers).toEqual([
      { id: '1', ok: true, result: { session: { plyrId: 'demo-player', gameId: 'g' }, cancelled: false } },
    ]);

    bridge.call('2', 'showGuest', '');
    await tick();
    bridge.call(
      '3',
      'showRealPlayError',
      '{"error":{"code":"NETWORK","message":"x"},"lobbyUrl":"https://l/"}',
    );
    await tick();
    expect(opened[1]?.closed).toBe(true);
    expect(opened[2]?.args[1]).toMatchObject({ lobbyUrl: 'https://l/' });
    expect(opened[2]?.args[0]).toMatchObject({ code: 'NETWORK' });
    bridge.destroy();
    await tick();
    expect(answers.slice(1)).toEqual([
      { id: '2', ok: true, result: { session: null, cancelled: true } },
      { id: '3', ok: true, result: 'close' },
    ]);
  });

  it('without a DOM and without window.PlyrKitUi: NETWORK naming the file', async () => {
    const { bridge, answers, send } = bridgeWith(undefined);
    bridge.init('{"gameId":"g","signer":"/s"}', 'PlyrKit', send);
    bridge.call('1', 'showLogin', '');
    await tick();
    expect(answers[0]).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    expect(JSON.stringify(answers[0])).toContain('plyr-kit.ui.umd.js');
  });
});
