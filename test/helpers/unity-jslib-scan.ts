/**
 * What a Unity `.jslib` takes from outside itself, and whether every Unity version the package supports provides
 * it. A jslib is merged into the Emscripten runtime of the build, so its free names resolve against the runtime
 * (helpers such as `UTF8ToString`), Unity's framework (`SendMessage`, `Module`) and the browser (`window`). Unity
 * 2021.3 LTS builds with Emscripten 2.0.19, 2022.3 LTS with 3.1.8, 2023.2 and Unity 6.0–6.4 with 3.1.38, Unity 6.5+
 * with 4.0.19: a helper that one of them lacks (`Pointer_stringify`, removed from Emscripten; `dynCall_*`, absent
 * from WebAssembly.Table / Wasm 2023 builds) fails there at run time, in the player's browser. The free names are
 * found with the TypeScript checker (scope-aware: a local of the same name is not a helper).
 */
import ts from 'typescript';

/**
 * Emscripten runtime helpers a jslib may use in Unity 2021.3 through Unity 6: those the Unity manual's plug-in
 * example uses in every one of those versions ("Interaction with browser scripting" / "Call JavaScript functions
 * from Unity C# scripts": UTF8ToString, lengthBytesUTF8, _malloc, stringToUTF8, HEAPF32), with the rest of the
 * heap views and `_free` (which releases what `_malloc` gave).
 */
export const EMSCRIPTEN_HELPERS: ReadonlySet<string> = new Set([
  'UTF8ToString',
  'stringToUTF8',
  'lengthBytesUTF8',
  '_malloc',
  '_free',
  'HEAP8',
  'HEAPU8',
  'HEAP16',
  'HEAPU16',
  'HEAP32',
  'HEAPU32',
  'HEAPF32',
  'HEAPF64',
]);

/** The jslib's own frame (`mergeInto(LibraryManager.library, {...})`) and Unity's framework scope. */
export const UNITY_FRAMEWORK_NAMES: ReadonlySet<string> = new Set([
  'mergeInto',
  'LibraryManager',
  'Module',
  'SendMessage',
]);

/** Properties of `Module` a jslib may read: Unity publishes `Module.SendMessage` in every version. */
export const MODULE_PROPERTIES: ReadonlySet<string> = new Set(['SendMessage']);

/**
 * Emscripten's `{{{ ... }}}` macros the jslib may use: `makeDynCall` is Unity's documented replacement of
 * `dynCall` since Unity 2021.2 ("Replace deprecated browser interaction code").
 */
export const EMSCRIPTEN_MACROS: ReadonlySet<string> = new Set(['makeDynCall']);

/** Browser and language globals (not Emscripten's: present whatever Unity version built the page). */
export const BROWSER_GLOBALS: ReadonlySet<string> = new Set([
  'window',
  'document',
  'console',
  'navigator',
  'location',
  'JSON',
  'Object',
  'Array',
  'String',
  'Number',
  'Boolean',
  'Math',
  'Date',
  'Error',
  'TypeError',
  'Promise',
  'NaN',
  'Infinity',
  'setTimeout',
  'clearTimeout',
  'encodeURIComponent',
  'decodeURIComponent',
]);

/** Why a known helper is refused (the message a failing test shows). */
export const UNSAFE_HELPERS: Readonly<Record<string, string>> = {
  Pointer_stringify: 'removed from Emscripten; Unity 2021.2+ builds do not have it (use UTF8ToString)',
  dynCall: 'deprecated by Unity 2021.2+; use {{{ makeDynCall(sig, ptr) }}}',
  Runtime: 'Runtime.* was removed from Emscripten (Runtime.dynCall: use {{{ makeDynCall(sig, ptr) }}})',
  writeStringToMemory: 'removed from Emscripten (use stringToUTF8)',
  allocate: 'legacy runtime, left out of newer Emscripten builds (use _malloc + stringToUTF8)',
  stringToNewUTF8:
    'a library function older Emscriptens call allocateUTF8 (and only with __deps); use lengthBytesUTF8 + _malloc + stringToUTF8',
  allocateUTF8: 'renamed stringToNewUTF8 in newer Emscripten; use lengthBytesUTF8 + _malloc + stringToUTF8',
  stackTrace: 'deprecated by Unity 6 (use new Error().stack)',
};

/** One use of a name from outside the file. */
export interface ExternalUse {
  name: string;
  line: number;
}

/** What a jslib uses from outside. */
export interface JslibScan {
  /** Free identifiers (resolved by nothing in the file), in source order. */
  free: ExternalUse[];
  /** `Module.x` / `Module['x']` reads. */
  moduleProperties: ExternalUse[];
  /** Names of `{{{ macro(...) }}}` uses. */
  macros: ExternalUse[];
}

const MACRO_STAND_IN = '__emscripten_macro__';

/** Finds what `source` (a jslib) uses from outside itself. */
export function scanJslib(source: string, fileName = 'plugin.jslib.js'): JslibScan {
  const macros: ExternalUse[] = [];
  const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length;
  // `{{{ makeDynCall('vi', 'cb') }}}(x)` is not JavaScript until Emscripten expands it: stand in an identifier
  // (keeping the line breaks, so that line numbers stay right).
  const code = source.replace(/\{\{\{([\s\S]*?)\}\}\}/g, (whole, inner: string, index: number) => {
    macros.push({ name: /^\s*([\w$]+)/.exec(inner)?.[1] ?? inner.trim(), line: lineAt(source, index) });
    return MACRO_STAND_IN + '\n'.repeat(whole.split('\n').length - 1);
  });

  const options: ts.CompilerOptions = { allowJs: true, noLib: true, noResolve: true, types: [] };
  const file = ts.createSourceFile(fileName, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const host = ts.createCompilerHost(options);
  host.getSourceFile = (name) => (name === fileName ? file : undefined);
  host.fileExists = (name) => name === fileName;
  const checker = ts.createProgram([fileName], options, host).getTypeChecker();

  const free: ExternalUse[] = [];
  const moduleProperties: ExternalUse[] = [];
  const line = (node: ts.Node): number => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const isModule = (node: ts.Expression): boolean => ts.isIdentifier(node) && node.text === 'Module';

  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isModule(node.expression))
      moduleProperties.push({ name: node.name.text, line: line(node) });
    if (
      ts.isElementAccessExpression(node) &&
      isModule(node.expression) &&
      ts.isStringLiteralLike(node.argumentExpression)
    )
      moduleProperties.push({ name: node.argumentExpression.text, line: line(node) });
    if (ts.isIdentifier(node) && node.text !== MACRO_STAND_IN && !isPropertyName(node)) {
      const symbol = checker.getSymbolAtLocation(node);
      const declaredHere = symbol?.declarations?.some((d) => d.getSourceFile() === file) ?? false;
      if (!declaredHere && node.text !== 'undefined' && node.text !== 'arguments')
        free.push({ name: node.text, line: line(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { free, moduleProperties, macros };
}

/** `y` of `x.y`, and keys of object literals: names, not references. */
function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent)) && parent.name === node)
  );
}

/** Every use that some Unity version from 2021.3 to Unity 6 does not provide, as readable lines. */
export function unsupportedUses(scan: JslibScan): string[] {
  const problems: string[] = [];
  for (const { name, line } of scan.free) {
    if (EMSCRIPTEN_HELPERS.has(name) || UNITY_FRAMEWORK_NAMES.has(name) || BROWSER_GLOBALS.has(name))
      continue;
    const known = UNSAFE_HELPERS[name] ?? (/^dynCall_/.test(name) ? UNSAFE_HELPERS.dynCall : undefined);
    problems.push(
      `line ${line}: ${name}: ${known ?? 'not a helper that Unity 2021.3 to Unity 6 builds are known to provide'}`,
    );
  }
  for (const { name, line } of scan.moduleProperties)
    if (!MODULE_PROPERTIES.has(name))
      problems.push(`line ${line}: Module.${name}: not published by Unity's framework in every version`);
  for (const { name, line } of scan.macros)
    if (!EMSCRIPTEN_MACROS.has(name))
      problems.push(`line ${line}: {{{ ${name} }}}: not a documented Unity macro`);
  return problems;
}
