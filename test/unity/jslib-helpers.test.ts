/**
 * PlyrKit.jslib uses only what every Unity version from 2021.3 LTS to Unity 6 gives a plugin: the Emscripten helpers
 * of Unity's own plug-in example, Unity's framework names and browser globals. A helper that one of those versions
 * lacks (e.g. `Pointer_stringify`) would only fail in a player's browser, so the scan is a test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { scanJslib, unsupportedUses } from '../helpers/unity-jslib-scan.js';
import { JSLIB_FILE } from '../helpers/unity-vm.js';

const jslib = readFileSync(JSLIB_FILE, 'utf8');

describe('PlyrKit.jslib’s Emscripten helpers', () => {
  it('are all provided by Unity 2021.3 LTS through Unity 6', () => {
    const scan = scanJslib(jslib);
    expect(unsupportedUses(scan)).toEqual([]);
    // What it does use, so that the scan visibly looked at the plugin.
    expect(new Set(scan.free.map((u) => u.name))).toEqual(
      new Set(['mergeInto', 'LibraryManager', 'UTF8ToString', 'window', 'console', 'SendMessage', 'Module']),
    );
    expect(new Set(scan.moduleProperties.map((u) => u.name))).toEqual(new Set(['SendMessage']));
  });

  it('fails on helpers that newer Emscripten removed: Pointer_stringify, dynCall, Runtime, allocate', () => {
    const line = 'var config = UTF8ToString(configJson);';
    const old = jslib.replace(line, 'var config = Pointer_stringify(configJson);');
    expect(old).not.toBe(jslib);
    const at = jslib.slice(0, jslib.indexOf(line)).split('\n').length;
    expect(unsupportedUses(scanJslib(old))).toEqual([
      expect.stringMatching(
        new RegExp(`^line ${at}: Pointer_stringify: removed from Emscripten.*UTF8ToString`),
      ),
    ]);

    const plugin = `mergeInto(LibraryManager.library, {
  Bad: function (cb, text) {
    dynCall_vi(cb, 0);
    dynCall('vi', cb, [0]);
    Runtime.dynCall('vi', cb, [0]);
    Module.dynCall_vi(cb, 0);
    var p = allocate(intArrayFromString(UTF8ToString(text)), ALLOC_NORMAL);
    return stringToNewUTF8('x') + p;
  },
});`;
    expect(unsupportedUses(scanJslib(plugin)).map((p) => p.split(':').slice(0, 2).join(':'))).toEqual([
      'line 3: dynCall_vi',
      'line 4: dynCall',
      'line 5: Runtime',
      'line 7: allocate',
      'line 7: intArrayFromString',
      'line 7: ALLOC_NORMAL',
      'line 8: stringToNewUTF8',
      'line 6: Module.dynCall_vi',
    ]);
  });

  it('accepts what Unity documents (makeDynCall, _malloc + stringToUTF8, heap views) and the plugin’s own names', () => {
    const plugin = `mergeInto(LibraryManager.library, {
  Good: function (cb, array, size) {
    var Pointer_stringify = function (p) { return UTF8ToString(p); };
    var text = Pointer_stringify(array);
    var size2 = lengthBytesUTF8(text) + 1;
    var buffer = _malloc(size2);
    stringToUTF8(text, buffer, size2);
    {{{ makeDynCall('vi', 'cb') }}}(buffer);
    _free(buffer);
    for (var i = 0; i < size; i++) console.log(HEAPF32[(array >> 2) + i], HEAPU8[array + i]);
    Module['SendMessage']('PlyrKit', 'OnPlyrEvent', JSON.stringify({ n: size }));
  },
  Later: function () {
    {{{ makeFancyCall('v', 'x') }}}();
  },
});`;
    expect(unsupportedUses(scanJslib(plugin))).toEqual([
      'line 14: {{{ makeFancyCall }}}: not a documented Unity macro',
    ]);
  });
});
