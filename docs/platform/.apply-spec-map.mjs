#!/usr/bin/env node
// One-off: rewrites the "spec §…" citations (of a spec that is not in the repository) into links to
// docs/platform/, using .spec-map.tsv (`<old citation>\t<new citation>` per line). Run from anywhere:
//   node docs/platform/.apply-spec-map.mjs          rewrite the files, print every change
//   node docs/platform/.apply-spec-map.mjs --check  print what would change, write nothing
//   --no-wrap                                       do not re-wrap comment paragraphs that grew too long
// Every target anchor is checked against the headings of its page (GitHub's anchor rules) before anything is
// written. A comment line that grows past WIDTH is re-wrapped with the rest of its paragraph (comments only).
// Citations that no map line covers are listed, and the exit code is then 1.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const check = process.argv.includes('--check');
const wrap = !process.argv.includes('--no-wrap');
const ROOTS = ['src', 'test', 'demo', 'bench', 'unity', 'docs'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'platform']);
const TEXT = new Set([
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.mjs',
  '.cjs',
  '.md',
  '.cs',
  '.jslib',
  '.html',
  '.css',
]);
/** The width comments in this repository are wrapped at. */
const WIDTH = 117;

/** The map, longest citation first (so `spec §3.1–3.4` wins over `spec §3.1`). */
const map = readFileSync(join(here, '.spec-map.tsv'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line, index) => {
    const [from, to, extra] = line.split('\t');
    if (!from || !to || extra !== undefined)
      throw new Error(`.spec-map.tsv line ${index + 1}: need two columns`);
    return { from, to };
  })
  .sort((a, b) => b.from.length - a.from.length);

/** GitHub's anchor of a heading: lower case, markup and punctuation dropped, each space a hyphen. */
const anchorOf = (heading) =>
  heading
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** Anchors of a Markdown page (duplicates get -1, -2, … as on GitHub). */
function anchorsOf(file) {
  const seen = new Map();
  const anchors = new Set();
  let fenced = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = anchorOf(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

// Check every target before touching a file: `docs/platform/page.md#a, #b` must name existing anchors.
const broken = [];
for (const { from, to } of map) {
  const page = /^(docs\/platform\/[\w.-]+\.md)#/.exec(to)?.[1];
  if (!page || !existsSync(join(root, page))) {
    broken.push(`${from} → ${to}: no such page`);
    continue;
  }
  const anchors = anchorsOf(join(root, page));
  for (const [, anchor] of to.matchAll(/#([\p{L}\p{N}_-]+)/gu))
    if (!anchors.has(anchor)) broken.push(`${from} → ${to}: no heading for #${anchor} in ${page}`);
}
if (broken.length > 0) {
  console.error(`Map targets that do not exist (nothing was changed):\n  ${broken.join('\n  ')}`);
  process.exit(2);
}

/** Text after a citation that shows it goes on (`§3.1` before `2`, `.4`, `–3.4` or `, §4`). */
const CONTINUES = /^(?:[0-9]|\.[0-9]|\s*[–-]\s*§?[0-9]|,\s*§)/;
/** Where an unmapped citation starts. */
const CITATION = /^(?:spec\s*§|§\s*[0-9])/i;

/** One line rewritten, and the citations on it that no map line covers. */
function rewriteLine(line) {
  let out = '';
  const unmapped = [];
  let i = 0;
  while (i < line.length) {
    const rest = line.slice(i);
    const hit = map.find(
      ({ from }) =>
        rest.startsWith(from) &&
        !CONTINUES.test(rest.slice(from.length)) &&
        // a word must start at a word boundary; a bare `§…` must not be the tail of an unmapped `spec §…`
        !(/^\w/.test(from) && /\w$/.test(out)) &&
        !(from.startsWith('§') && /spec\s*$/i.test(out)),
    );
    if (hit) {
      out += hit.to;
      i += hit.from.length;
    } else if (CITATION.test(rest)) {
      // Leave the rest of the line alone: a bare key could otherwise rewrite half of this citation.
      unmapped.push(rest.slice(0, 80));
      out += rest;
      break;
    } else {
      out += line[i];
      i += 1;
    }
  }
  return { out, unmapped };
}

/** Greedy word wrap: the first line starts with `first`, the others with `rest`. */
function fill(words, first, rest) {
  const out = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      out.push(line);
      line = rest + word;
    } else line += (empty ? '' : ' ') + word;
    empty = false;
  }
  out.push(line);
  return out;
}

/**
 * Re-wraps the comment paragraph that starts at `lines[i]` when that line is too long; returns how many lines
 * replaced it. Only comment text is touched: `/** … *\/` on one line, ` * …` and `// …` paragraphs.
 */
function rewrap(lines, i) {
  const line = lines[i];
  if (line.length <= WIDTH) return 1;
  const single = /^(\s*)\/\*\*\s+(.*?)\s*\*\/$/.exec(line);
  if (single) {
    const [, indent, text] = single;
    const body = fill(text.split(/\s+/), `${indent} * `, `${indent} * `);
    lines.splice(i, 1, `${indent}/**`, ...body, `${indent} */`);
    return body.length + 2;
  }
  const head = /^(\s*)(\*|\/\/)( +)(- )?(.*)$/.exec(line);
  if (!head) return 1;
  const [, indent, marker, gap, bullet = '', text] = head;
  const prefix = `${indent}${marker}${gap}`;
  const hang = prefix + ' '.repeat(bullet.length);
  const words = text.split(/\s+/);
  let end = i + 1;
  // Continuation lines: same prefix and hanging indent, then text that does not start a new item or block.
  while (end < lines.length) {
    const next = lines[end];
    if (!next.startsWith(hang) || next[hang.length] === ' ') break;
    const rest = next.slice(hang.length);
    if (rest === '' || /^(?:[-*@|>]|```|\d+\.\s|\*\/)/.test(rest) || rest.includes('*/')) break;
    words.push(...rest.split(/\s+/));
    end += 1;
  }
  const body = fill(words.filter(Boolean), prefix + bullet, hang);
  lines.splice(i, end - i, ...body);
  return body.length;
}

function* files(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* files(join(dir, entry.name));
    } else if (TEXT.has(extname(entry.name))) yield join(dir, entry.name);
  }
}

let changes = 0;
const unmapped = [];
const long = [];
const wrapped = [];
for (const top of ROOTS)
  for (const file of files(join(root, top))) {
    const name = relative(root, file);
    const lines = readFileSync(file, 'utf8').split('\n');
    const changedAt = [];
    lines.forEach((line, index) => {
      const result = rewriteLine(line);
      for (const text of result.unmapped) unmapped.push(`${name}:${index + 1}: ${text}`);
      if (result.out === line) return;
      console.log(`${name}:${index + 1}\n  - ${line.trim()}\n  + ${result.out.trim()}`);
      lines[index] = result.out;
      changedAt.push(index);
      changes += 1;
    });
    if (changedAt.length === 0) continue;
    // Bottom up, so that re-wrapping one paragraph does not move the lines still to be looked at.
    for (const index of changedAt.reverse()) {
      const count = wrap ? rewrap(lines, index) : 1;
      if (count > 1) wrapped.push(`${name}:${index + 1}`);
      for (let k = index; k < index + count; k += 1)
        if (lines[k].length > WIDTH) long.push(`${name}:${k + 1} (${lines[k].length} characters)`);
    }
    if (!check) writeFileSync(file, lines.join('\n'));
  }

console.log(`\n${changes} line(s) ${check ? 'would change' : 'changed'}.`);
if (wrapped.length > 0)
  console.log(
    `Comment paragraphs re-wrapped at ${WIDTH} (first line before the rewrite):\n  ${wrapped.join('\n  ')}`,
  );
if (long.length > 0)
  console.log(`Still longer than ${WIDTH} characters (reflow by hand):\n  ${long.join('\n  ')}`);
if (unmapped.length > 0) {
  console.log(`Citations no map line covers:\n  ${unmapped.join('\n  ')}`);
  process.exitCode = 1;
}
