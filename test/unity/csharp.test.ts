/**
 * The Unity package's C# in CI: it compiles with Mono's mcs against a stand-in of the UnityEngine types (both the
 * Editor/non-WebGL branch and the WebGL one with the jslib imports), its unit checks pass under mono, and it speaks
 * the same protocol as the JavaScript bridge: every request the typed C# API sends is run through the real bridge
 * (jslib + UMD) against the sandbox, and the real answers and events are read back by the typed API. A
 * PLYR[CONNECT] call in the (default) iframe mode is approved on the sandbox as its hosted page does; real play
 * authenticates sandbox MG+ launch tokens through the real relay.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { MGPLUS_SANDBOX_GAME } from '../../src/sandbox/mgplus/emulator.js';
import type { BridgeResponse } from '../../src/unity/index.js';
import { type CoreEnv, startCoreEnv } from '../helpers/core-fixture.js';
import { bridgeConfig } from '../helpers/unity-bridge-config.js';
import { answerInFrame } from '../helpers/unity-connect.js';
import {
  buildDir,
  describeWithMono,
  mcs,
  mono,
  PROTOCOL_TESTS,
  RUNTIME_SOURCES,
  type RunResult,
  SAMPLE_SOURCES,
  UNITY_STUB,
} from '../helpers/unity-mono.js';
import { startUnityRelay, UNITY_MGPLUS_PROVIDER } from '../helpers/unity-relay.js';
import { createUnityVm } from '../helpers/unity-vm.js';

const show = (r: RunResult): string => `exit ${r.status}\n${r.stdout}\n${r.stderr}`;

describeWithMono('Unity C# runtime (Mono)', () => {
  let dir: string;
  let exe: string;
  let env: CoreEnv;
  let relay: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    dir = buildDir();
    exe = join(dir, 'ProtocolTests.exe');
    env = await startCoreEnv();
    relay = await startUnityRelay(env.sandbox);
  });
  afterAll(async () => {
    await relay?.close();
    await env?.close();
  });

  it('compiles against the UnityEngine stand-in, without warnings, for the Editor and for WebGL (with the sample)', () => {
    const editor = mcs([
      '-target:library',
      `-out:${join(dir, 'editor.dll')}`,
      UNITY_STUB,
      ...RUNTIME_SOURCES,
      ...SAMPLE_SOURCES,
    ]);
    expect(editor.status === 0 ? '' : show(editor)).toBe('');
    const webgl = mcs([
      '-target:library',
      '-define:UNITY_WEBGL',
      `-out:${join(dir, 'webgl.dll')}`,
      UNITY_STUB,
      ...RUNTIME_SOURCES,
    ]);
    expect(webgl.status === 0 ? '' : show(webgl)).toBe('');
    const tests = mcs([`-out:${exe}`, UNITY_STUB, ...RUNTIME_SOURCES, ...PROTOCOL_TESTS]);
    expect(tests.status === 0 ? '' : show(tests)).toBe('');
  });

  it('passes its unit checks: JSON, requests matched by id, errors, events, WebGL-only', () => {
    const run = mono(exe, ['unit']);
    expect(run.status === 0 ? '' : show(run)).toBe('');
    expect(run.stdout).toMatch(/unit: \d{2,} checks, 0 failed/);
  });

  it('speaks the JavaScript bridge’s protocol both ways (against the sandbox)', async () => {
    const otp = env.otp();
    const launchToken = await env.sandbox.mgplus.mintLaunchToken({ player: 'idr' });
    const expired = await env.sandbox.mgplus.mintLaunchToken({ player: 'idr', expired: true });
    const emitted = mono(exe, ['requests', otp, launchToken, expired]);
    expect(emitted.status === 0 ? '' : show(emitted)).toBe('');
    const requests = emitted.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { method: string; args: string });
    expect(requests.length).toBeGreaterThan(10);

    const page = createUnityVm();
    const realPlay = {
      relay: relay.url,
      provider: UNITY_MGPLUS_PROVIDER,
      game: MGPLUS_SANDBOX_GAME,
      locale: 'en-US',
    };
    expect(page.init(bridgeConfig(env, { realPlay }))).toBe(1);
    const answers: string[] = [];
    for (const [i, { method, args }] of requests.entries()) {
      page.call(String(i), method, args);
      // C#'s Connect() shows the hosted page in an iframe: the player approves there.
      const mode = method === 'connect' ? (JSON.parse(args || '{}') as { mode?: string }).mode : undefined;
      if (method === 'connect' && (mode === undefined || mode === 'iframe'))
        await answerInFrame(page, 'approve');
      const response: BridgeResponse = await page.response(String(i));
      // The bridge understood every request C# sent (failures, if any, are the platform's).
      if (!response.ok)
        expect(['INVALID_INPUT', 'UNKNOWN_METHOD', 'INTERNAL', 'NOT_INITIALIZED']).not.toContain(
          response.error.code,
        );
      const raw = page.sent.find(
        (m) => m.method === 'OnPlyrResponse' && (JSON.parse(m.json) as BridgeResponse).id === String(i),
      );
      answers.push(raw?.json ?? '');
    }
    const events = page.sent.filter((m) => m.method === 'OnPlyrEvent').map((m) => m.json);

    const file = join(mkdtempSync(join(tmpdir(), 'plyr-kit-unity-replay-')), 'replay.json');
    // What C# must read from the real-play answers: the relay's session id, and the page's formatting.
    const result = (method: string): unknown => {
      const at = requests.findIndex((r) => r.method === method);
      const answer = JSON.parse(answers[at] ?? '{}') as BridgeResponse;
      return answer.ok ? answer.result : undefined;
    };
    const sessionId = (result('realPlayAuthenticate') as { sessionId?: string | null }).sessionId;
    const formatted10 = result('realPlayFormat');
    expect(formatted10).toEqual(expect.stringContaining('10'));
    writeFileSync(file, JSON.stringify({ otp, responses: answers, events, sessionId, formatted10 }));
    const replay = mono(exe, ['replay', file]);
    expect(replay.status === 0 ? '' : show(replay)).toBe('');
    expect(replay.stdout).toMatch(/replay: \d+ checks, 0 failed/);
  });
});
