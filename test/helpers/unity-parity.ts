/**
 * The Unity bridge's surface as each side writes it, for the parity test: the TypeScript side read with the
 * TypeScript checker (string-literal unions such as `UnityErrorCode`, constants of the bridge), the C# side and the
 * jslib read from their text. The comparisons return readable differences (empty when the sides agree).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** A file of the repository, by its path from the root. */
export const repoFile = (path: string): string => join(repoRoot, path);
/** A file's text. */
export const readRepoFile = (path: string): string => readFileSync(repoFile(path), 'utf8');

const compilerOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};

/** A TypeScript program over `files` (their imports follow), for reading declared types. */
export function typeReader(files: string[]): {
  /** The members of the string-literal union type alias `name` declared in `file`. */
  union(file: string, name: string): string[];
  /** The string elements of the array literal that initialises `const name` in `file`. */
  stringArray(file: string, name: string): string[];
} {
  const program = ts.createProgram(files.map(repoFile), compilerOptions);
  const checker = program.getTypeChecker();
  const source = (file: string): ts.SourceFile => {
    const found = program.getSourceFile(repoFile(file));
    if (!found) throw new Error(`${file} is not part of the program`);
    return found;
  };
  const find = <T extends ts.Node>(file: string, test: (node: ts.Node) => node is T, name: string): T => {
    let hit: T | undefined;
    const visit = (node: ts.Node): void => {
      if (!hit && test(node) && (node as unknown as { name?: ts.Node }).name?.getText() === name) hit = node;
      else ts.forEachChild(node, visit);
    };
    visit(source(file));
    if (!hit) throw new Error(`${name} not found in ${file}`);
    return hit;
  };
  return {
    union(file, name) {
      const alias = find(file, ts.isTypeAliasDeclaration, name);
      const type = checker.getTypeAtLocation(alias.name);
      const members = type.isUnion() ? type.types : [type];
      return members.map((member) => {
        if (!member.isStringLiteral()) throw new Error(`${name} has a member that is not a string literal`);
        return member.value;
      });
    },
    stringArray(file, name) {
      const declaration = find(file, ts.isVariableDeclaration, name);
      let init = declaration.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
      if (!init || !ts.isArrayLiteralExpression(init)) throw new Error(`${name} is not an array literal`);
      return init.elements.map((e) => {
        if (!ts.isStringLiteralLike(e)) throw new Error(`${name} has an element that is not a string`);
        return e.text;
      });
    },
  };
}

/** C# code without its comments (so that a commented-out line does not count). */
export function stripCSharpComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

/** The body of `class name` (from its `{` to the matching `}`). */
export function csharpClassBody(code: string, name: string): string {
  const text = stripCSharpComments(code);
  const start = new RegExp(`\\bclass\\s+${name}\\b[^{]*\\{`).exec(text);
  if (!start) throw new Error(`class ${name} not found`);
  let depth = 1;
  let i = start.index + start[0].length;
  for (; i < text.length && depth > 0; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') depth--;
  }
  return text.slice(start.index + start[0].length, i - 1);
}

/** `public const string Name = "value";` of a class: name → value, in order. */
export function csharpStringConstants(code: string, className: string): Array<[string, string]> {
  const body = csharpClassBody(code, className);
  return [...body.matchAll(/\bconst\s+string\s+(\w+)\s*=\s*"([^"]*)"\s*;/g)].map((m) => [
    m[1] as string,
    m[2] as string,
  ]);
}

/** Every distinct string literal `re` captures (its group 1) in `code` outside comments. */
export function csharpCaptures(code: string, re: RegExp): string[] {
  return [...new Set([...stripCSharpComments(code).matchAll(re)].map((m) => m[1] as string))];
}

/** `INVALID_INPUT` → `InvalidInput`: the C# name of a code. */
export const pascalCase = (code: string): string =>
  code
    .toLowerCase()
    .split(/[_-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** What one side has and the other lacks, as readable lines. */
export function setDifferences(
  what: string,
  typescript: readonly string[],
  csharp: readonly string[],
  where: string,
): string[] {
  const cs = new Set(csharp);
  const tsSide = new Set(typescript);
  return [
    ...[...tsSide]
      .filter((v) => !cs.has(v))
      .map((v) => `${what} "${v}" is in TypeScript but not in ${where}`),
    ...[...cs]
      .filter((v) => !tsSide.has(v))
      .map((v) => `${what} "${v}" is in ${where} but not in TypeScript`),
  ];
}

/** The jslib's exported functions: name → parameter names. */
export function jslibFunctions(jslib: string): Map<string, string[]> {
  return new Map(
    [...jslib.matchAll(/^\s*(\w+)\s*:\s*function\s*\(([^)]*)\)/gm)].map((m) => [
      m[1] as string,
      (m[2] as string)
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    ]),
  );
}

/** The C# `[DllImport("__Internal")] static extern` declarations: name → parameter count. */
export function csharpExterns(code: string): Map<string, number> {
  return new Map(
    [
      ...stripCSharpComments(code).matchAll(
        /\[DllImport\("__Internal"\)\]\s*(?:private\s+|internal\s+|public\s+)?static\s+extern\s+\w+\s+(\w+)\s*\(([^)]*)\)/g,
      ),
    ].map((m) => [m[1] as string, (m[2] as string).split(',').filter((p) => p.trim() !== '').length]),
  );
}
