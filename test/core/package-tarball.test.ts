/**
 * What `npm publish` would ship, from `npm pack --dry-run --json --ignore-scripts` on the built dist/ (`npm test`
 * builds before Jest runs; `--ignore-scripts` skips `prepack`, which would build again): every path package.json
 * points to is in the tarball, the docs and the demo's round loops that the README names are too, nothing of the
 * repository's tests, sources or secrets is (nor in a source map's sources), every relative link or image of the
 * shipped Markdown resolves to a shipped file (and its anchor to a heading there), and the shipped example scripts
 * import only shipped files.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  module: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
};

const normal = (path: string) => posix.normalize(path.replace(/^\.\//, ''));

let files: Set<string>;
beforeAll(() => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [packed] = JSON.parse(out) as { files: { path: string }[] }[];
  files = new Set((packed?.files ?? []).map((f) => normal(f.path)));
}, 60_000);

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');

/** Markdown without fenced code blocks and inline code (a `](` in code is no link). */
const prose = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  // Code blocks go (a `# comment` in one is no heading), inline code stays: GitHub keeps its text in the anchor.
  const withoutBlocks = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const [, heading] of withoutBlocks.matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const base = slug(heading as string);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Relative links and images (`[text](target)`, `![alt](target)`, `<img src>`) of a shipped Markdown file. */
function relativeLinks(markdown: string): string[] {
  const text = prose(markdown);
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] as string),
    ...[...text.matchAll(/<img\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] as string),
  ];
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('//'));
}

describe('npm pack', () => {
  it('ships every path of main, module, types, exports and bin', () => {
    const fromExports = Object.values(pkg.exports).flatMap((t) =>
      typeof t === 'string' ? [t] : Object.values(t),
    );
    const wanted = [pkg.main, pkg.module, pkg.types, ...fromExports, ...Object.values(pkg.bin)].map(normal);
    expect(wanted.filter((path) => !files.has(path))).toEqual([]);
  });

  it('ships the README, the docs and the demo round loops the README names', () => {
    for (const path of [
      'package.json',
      'README.md',
      'docs/deploy.md',
      'docs/unity.md',
      'docs/platform/mgplus.md',
      'demo/realplay-rounds.mjs',
      'demo/match-rounds.mjs',
    ])
      expect(files).toContain(path);
  });

  it('ships no tests, sources, fixtures, secrets, tarballs or repository tooling', () => {
    const unwanted = [...files].filter(
      (path) =>
        /^(test|src|bench|\.ci|\.github|coverage|node_modules|docs\/api|demo\/(src|public|dist))\//.test(
          path,
        ) ||
        /(^|\/)(fixtures?|__tests__)\//.test(path) ||
        /\.(test|spec)\.[cm]?[jt]s$/.test(path) ||
        /(^|\/)\.env(\.|$)/.test(path) ||
        /\.(tgz|pem|key|log)$/.test(path) ||
        /(^|\/)\.npmrc$/.test(path) ||
        (/\.[cm]?ts$/.test(path) && !/\.d\.[cm]?ts$/.test(path)),
    );
    expect(unwanted).toEqual([]);
  });

  it("the shipped source maps carry only the package's sources and its dependencies (no tests, no .env)", () => {
    const maps = [...files].filter((path) => path.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    const foreign: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(root, map), 'utf8')) as { sources: string[] };
      for (const source of sources) {
        const path = normal(posix.join(posix.dirname(map), source));
        if (!/^(src\/[\w/.-]+\.ts|node_modules\/[\w@/.-]+)$/.test(path)) foreign.push(`${map} → ${source}`);
      }
    }
    expect(foreign).toEqual([]);
  });

  it('every relative link and image of the shipped Markdown resolves to a shipped file and heading', () => {
    const markdown = [...files].filter((path) => path.endsWith('.md'));
    expect(markdown.length).toBeGreaterThan(3);
    const broken: string[] = [];
    for (const file of markdown) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const link of relativeLinks(text)) {
        const [target = '', anchor] = link.split('#');
        const path = target === '' ? file : normal(posix.join(posix.dirname(file), decodeURI(target)));
        if (!files.has(path)) {
          broken.push(`${file} → ${link} (not in the tarball)`);
          continue;
        }
        if (anchor && path.endsWith('.md') && !anchorsOf(readFileSync(join(root, path), 'utf8')).has(anchor))
          broken.push(`${file} → ${link} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the shipped scripts outside dist/ import only shipped files (types included)', () => {
    const scripts = [...files].filter((path) => /\.[cm]?js$/.test(path) && !path.startsWith('dist/'));
    const missing: string[] = [];
    for (const file of scripts) {
      const code = readFileSync(join(root, file), 'utf8');
      const specifiers = code.matchAll(/(?:\bfrom|\bimport\(?|\brequire\()\s*(['"])(\.{1,2}\/[^'"]+)\1/g);
      for (const m of specifiers) {
        const target = normal(posix.join(posix.dirname(file), m[2] as string));
        if (!files.has(target)) missing.push(`${file} → ${m[2]}`);
      }
    }
    expect(scripts).toEqual(expect.arrayContaining(['bin/plyr-kit.js', 'demo/realplay-rounds.mjs']));
    expect(missing).toEqual([]);
  });
});
