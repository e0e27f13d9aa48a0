/**
 * Every browser-side code block of the README builds with Vite, and has no top-level `await`: Phaser's Vite template
 * builds for Vite 6's default target (`'modules'`: es2020, Chrome 87, Safari 14, …), where a top-level `await` is a
 * build error (the Vite 8 of these tests would let it through, so each block is also parsed for one). A block is
 * browser-side unless it imports a server-side entry (`plyr-kit/server`, `/sandbox`, `/vite`, `node:`); the quick
 * start's blocks are built in the template's own layout by template.test.ts. Each block becomes one module of a
 * project with plyr-kit installed; names a block takes from the page (`hud`, `button`, `Phaser`, a scene's `this`)
 * stay free, as a fragment of a game leaves them. Needs `npm run build` first.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { transformSync } from '@swc/core';
import { parse } from 'acorn';
import { root as repoRoot } from '../helpers/readme.js';
import { buildFixture, linkPackages } from '../helpers/vite-fixture.js';

/** Vite 6's default `build.target` ('modules'), which the template's Vite uses. */
const TEMPLATE_TARGET = ['es2020', 'edge88', 'firefox78', 'chrome87', 'safari14'];
const SERVER_SIDE = /from '(plyr-kit\/(server|sandbox|vite)|node:[\w/]+)'/;
const QUICK_START = "Start from Phaser's Vite template";

/** The README's ```js and ```ts blocks that run in the browser, with the heading they are under. */
function browserBlocks(): Array<{ heading: string; lang: string; code: string }> {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const blocks: Array<{ heading: string; lang: string; code: string }> = [];
  let heading = '';
  for (const part of readme.split(/(^## .*$)/m)) {
    if (part.startsWith('## ')) {
      heading = part.slice(3);
      continue;
    }
    for (const [, lang, code] of part.matchAll(/```(js|ts)\n([\s\S]*?)```/g))
      if (heading !== QUICK_START && !SERVER_SIDE.test(code as string))
        blocks.push({ heading, lang: lang as string, code: code as string });
  }
  return blocks;
}

/** Why `code` does not parse as an ES2020 module once SWC made it ES2020 (a top-level `await`), or null. */
function topLevelAwait(code: string, lang: string): string | null {
  const js = transformSync(code, {
    filename: `snippet.${lang}`,
    jsc: { parser: { syntax: lang === 'ts' ? 'typescript' : 'ecmascript' }, target: 'es2020' },
  }).code;
  try {
    parse(js, { ecmaVersion: 2020, sourceType: 'module' }); // ES2020 modules have no top-level await
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A project whose entry imports each module of `modules`; resolves to the build's error, or null. */
async function build(modules: Array<{ lang: string; code: string }>): Promise<string | null> {
  const project = mkdtempSync(join(tmpdir(), 'plyr-kit-snippets-'));
  try {
    linkPackages(project, 'phaser', ['pixi.js']);
    const names = modules.map((m, i) => `snippet-${i}.${m.lang}`);
    for (const [i, m] of modules.entries()) writeFileSync(join(project, names[i] as string), m.code);
    writeFileSync(join(project, 'main.js'), names.map((n) => `import './${n}';`).join('\n'));
    writeFileSync(
      join(project, 'index.html'),
      '<!doctype html><div id="game"></div><script type="module" src="./main.js"></script>',
    );
    writeFileSync(
      join(project, 'vite.config.js'),
      `export default { logLevel: 'error', build: { target: ${JSON.stringify(TEMPLATE_TARGET)} } };`,
    );
    await buildFixture(project, 120_000);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

describe("README's browser snippets at the Vite template's default target", () => {
  const blocks = browserBlocks();

  it('finds the browser blocks of every section that has one', () => {
    const headings = new Set(blocks.map((b) => b.heading));
    for (const heading of [
      'Core client',
      'Any engine: `plyr-kit/ui`',
      'Phaser',
      'Sign in with PLYR[CONNECT]',
      'Real play on MG+',
      'Charge and pay players',
    ])
      expect(headings).toContain(heading);
  });

  it('has no top-level await in any of them (the check finds one)', () => {
    expect(topLevelAwait("const answer = await fetch('/x');\n", 'ts')).toMatch(/await/);
    expect(topLevelAwait('async function f() {\n  await fetch("/x");\n}\n', 'js')).toBeNull();
    const found = blocks
      .map((b) => ({ heading: b.heading, error: topLevelAwait(b.code, b.lang) }))
      .filter((b) => b.error !== null);
    expect(found).toEqual([]);
  });

  it('builds them all', async () => {
    expect(await build(blocks)).toBeNull();
  }, 120_000);
});
