/**
 * What `npm install plyr-kit` gives a game, checked on the built dist/ (`npm test` builds before Jest runs): every
 * path package.json points to exists, and the browser ESM adapters share the core's one copy (`./index.js`), so
 * `instanceof PlyrError` and one session hold across `plyr-kit` and `plyr-kit/phaser`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  module: string;
  types: string;
  exports: Record<string, string | Record<string, string>>;
};

/** Every file path named by `main`, `module`, `types` and `exports`. */
function targets(): string[] {
  const fromExports = Object.values(pkg.exports).flatMap((target) =>
    typeof target === 'string' ? [target] : Object.values(target),
  );
  return [pkg.main, pkg.module, pkg.types, ...fromExports];
}

describe('package entry points', () => {
  it.each(targets())('%s exists', (path) => {
    expect(existsSync(join(root, path))).toBe(true);
  });

  it.each(['phaser', 'ui', 'unity'])(
    'dist/%s.js imports the core from ./index.js and carries no copy of it',
    async (name) => {
      // The entry, and the internal chunk it re-exports from (the Phaser plugin's code shared with its lazy panels).
      const entry = readFileSync(join(root, 'dist', `${name}.js`), 'utf8');
      const shared = [...entry.matchAll(/from '\.\/(chunks\/[\w-]+\.js)'/g)].map((m) =>
        readFileSync(join(root, 'dist', m[1] as string), 'utf8'),
      );
      const code = [entry, ...shared].join('\n');
      expect(code).toMatch(/from '\.{1,2}\/index\.js'/);
      expect(code).not.toMatch(/class PlyrError\b|createTransport|idb-keyval/);
      // Its imports resolve against what the core really exports (a missing name fails to link here).
      await expect(import(pathToFileURL(join(root, 'dist', `${name}.js`)).href)).resolves.toBeDefined();
    },
  );

  it('every relative import in dist/ (entries and lazy chunks) names a file that is there', () => {
    const files = [
      ...readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.js') || f.endsWith('.cjs')),
      ...readdirSync(join(root, 'dist', 'chunks')).map((f) => `chunks/${f}`),
    ].filter((f) => /\.c?js$/.test(f));
    const missing: string[] = [];
    for (const file of files) {
      const code = readFileSync(join(root, 'dist', file), 'utf8');
      const specifiers = code.matchAll(/(?:\bfrom|\bimport\(?|\brequire\()\s*(['"])(\.{1,2}\/[^'"]+)\1/g);
      for (const m of specifiers) {
        const target = join(root, 'dist', dirname(file), m[2] as string);
        if (!existsSync(target)) missing.push(`${file} → ${m[2]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('ships only chunks that an entry imports, itself or through a chunk (no stale chunk of an earlier build)', () => {
    const read = (file: string) => readFileSync(join(root, 'dist', file), 'utf8');
    const chunks = readdirSync(join(root, 'dist', 'chunks')).filter((file) => file.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(0);
    // From the entries, follow the chunks they import (a chunk names a sibling as `./<name>`).
    const reached = new Set<string>();
    const visit = (code: string) => {
      for (const chunk of chunks)
        if (!reached.has(chunk) && (code.includes(`chunks/${chunk}`) || code.includes(`./${chunk}`))) {
          reached.add(chunk);
          visit(read(`chunks/${chunk}`));
        }
    };
    for (const name of ['index', 'phaser', 'ui', 'unity']) visit(read(`${name}.js`));
    expect(chunks.filter((chunk) => !reached.has(chunk))).toEqual([]);
  });

  it('loads PLYR[CONNECT], the local JWT check, the profile and the allowance calls lazily: dynamic imports only, and the chunks link', async () => {
    // index.js re-exports the core's internal chunk, which loads the lazy chunks (its siblings in dist/chunks/).
    const index = readFileSync(join(root, 'dist', 'index.js'), 'utf8');
    const core = /from '\.\/(chunks\/core-[\w-]{8}\.js)'/.exec(index)?.[1];
    expect(core).toBeDefined();
    const code = readFileSync(join(root, 'dist', core as string), 'utf8');
    const chunks = [...code.matchAll(/import\((['"])\.\/([^'"]+)\1\)/g)].map((m) => `./chunks/${m[2]}`);
    expect(chunks.map((c) => c.replace(/-[\w-]{8}\.js$/, '')).sort()).toEqual([
      './chunks/allowances',
      './chunks/flow',
      './chunks/local-verify',
      './chunks/profile',
    ]);
    // Nothing of them up front: neither index.js nor the core chunk imports one statically.
    for (const upFront of [index, code])
      expect(upFront).not.toMatch(/^(import|export) .*(allowances|flow|local-verify|profile)-/m);
    // Each chunk imports what it shares from the core chunk, and links against it.
    const load = async (name: string) =>
      (await import(
        pathToFileURL(join(root, 'dist', chunks.find((c) => c.includes(name)) as string)).href
      )) as Record<string, unknown>;
    const flow = await load('/flow-');
    expect(typeof flow.startConnect).toBe('function');
    expect(typeof flow.resumeConnect).toBe('function');
    expect(typeof (await load('/local-verify-')).createLocalVerifier).toBe('function');
    expect(typeof (await load('/allowances-')).AllowanceKeeper).toBe('function');
  });

  it.each([
    ['index', 'src/index.ts', ['createPlyr', 'createRealPlay', 'PlyrError']],
    ['phaser', 'src/phaser/index.ts', ['PlyrPlugin', 'plyrPluginConfig', 'errorMessage']],
    ['ui', 'src/ui/index.ts', ['showLogin', 'showGuest', 'showRealPlayError', 'errorMessage']],
  ])(
    "dist/%s.js exports exactly %s's public values (no internals for the lazy chunks)",
    async (name, entry, expected) => {
      const program = ts.createProgram([join(root, entry)], {
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        noEmit: true,
      });
      const checker = program.getTypeChecker();
      const source = program.getSourceFile(join(root, entry)) as ts.SourceFile;
      const documented = checker
        .getExportsOfModule(checker.getSymbolAtLocation(source) as ts.Symbol)
        .filter((symbol) => {
          const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
          return (target.flags & ts.SymbolFlags.Value) !== 0;
        })
        .map((symbol) => symbol.name)
        .sort();
      expect(documented).toEqual(expect.arrayContaining(expected));
      const built = Object.keys(await import(pathToFileURL(join(root, 'dist', `${name}.js`)).href)).sort();
      expect(built).toEqual(documented);
    },
  );
});
