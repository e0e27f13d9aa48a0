/** @jest-environment ./test/helpers/phaser-environment.mjs */
/**
 * The README's Phaser section says what a first hour needs (issue 16): the platform (`apiBase`) in the snippet, how
 * to get a sandbox player's 2FA code, the typed config helper, which `moduleResolution` finds `plyr-kit/phaser`,
 * what `ready` and the `restore` login mean; and a section on dev servers. The snippet's names are real exports.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import * as phaser from '../../src/phaser/index.js';

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');

/** The text of the README section `heading`. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('README', () => {
  const text = section('Phaser');
  const snippet = /```ts\n([\s\S]*?)```/.exec(text)?.[1] ?? '';

  it('the Phaser snippet names the platform and installs the plugin with a checked config', () => {
    expect(snippet).toMatch(/apiBase:/);
    expect(snippet).toMatch(/plyrPluginConfig\(\{/);
    expect(typeof phaser.plyrPluginConfig).toBe('function');
    expect(snippet).toMatch(/game\.events\.on\('plyr:login', \(\{ session, method \}\)/);
  });

  it("says where a sandbox player's 2FA code comes from", () => {
    for (const where of [
      'startSandbox()',
      "sandbox.totp('demo-player')",
      '/sandbox/totp/<plyrId>',
      'npm run demo',
    ])
      expect(text).toContain(where);
  });

  it('says which moduleResolution finds plyr-kit/phaser, and what ready and the restore login mean', () => {
    expect(text).toMatch(/"moduleResolution": "bundler"/);
    expect(text).toMatch(/"node16"/);
    expect(text).toMatch(/method: 'restore'` before `ready`/);
    expect(text).toMatch(/read\s+`this\.plyr\.session`/);
  });

  it('has a section on dev servers: the origin refusal and its two fixes', () => {
    const dev = section('Dev servers');
    for (const words of ['ORIGIN_NOT_ALLOWED', 'plyr-kit/vite', 'origins:', 'GAME_MISMATCH'])
      expect(dev).toContain(words);
  });
});
