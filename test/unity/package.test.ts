/**
 * The Unity package folder is a valid UPM package: a manifest with the fields the Package Manager needs and
 * existing sample paths, and a .meta file with a unique GUID for every asset outside `Samples~` (an immutable
 * package without them makes Unity ignore the asset), the plugin enabled for WebGL only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'unity');

/** Every file and folder of the package that Unity imports (not .meta files, not `Samples~`). */
function assets(dir = packageDir): string[] {
  return readdirSync(dir)
    .filter((name) => !name.endsWith('.meta') && !name.endsWith('~') && !name.startsWith('.'))
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? [path, ...assets(path)] : [path];
    });
}

describe('Unity package (unity/)', () => {
  it('has a UPM manifest with existing samples', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    expect(manifest.name).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+){2,}$/);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.unity).toMatch(/^\d{4}\.\d$/);
    expect(manifest.displayName).toBeTruthy();
    for (const sample of manifest.samples) expect(existsSync(join(packageDir, sample.path))).toBe(true);
  });

  it("is plyr-kit's version in every place the bridge compares (UPM manifest, C#, the UMD)", () => {
    const npmVersion = JSON.parse(readFileSync(join(packageDir, '..', 'package.json'), 'utf8')).version;
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    const csharp = readFileSync(join(packageDir, 'Runtime', 'PlyrModels.cs'), 'utf8');
    const bridge = readFileSync(join(packageDir, '..', 'src', 'unity', 'version.ts'), 'utf8');
    expect(manifest.version).toBe(npmVersion);
    expect(/public const string Version = "([^"]+)";/.exec(csharp)?.[1]).toBe(npmVersion);
    expect(/BRIDGE_VERSION = '([^']+)'/.exec(bridge)?.[1]).toBe(npmVersion);
  });

  it('has a .meta with a unique GUID for every asset', () => {
    const guids = new Map<string, string>();
    const list = assets();
    expect(list.map((p) => relative(packageDir, p))).toEqual(
      expect.arrayContaining([
        'Plugins/WebGL/PlyrKit.jslib',
        'Runtime/PlyrKit.cs',
        'Runtime/PlyrKit.Runtime.asmdef',
      ]),
    );
    for (const path of list) {
      const meta = readFileSync(`${path}.meta`, 'utf8');
      const guid = /^guid: ([0-9a-f]{32})$/m.exec(meta)?.[1];
      expect([relative(packageDir, path), guid]).toEqual([relative(packageDir, path), expect.any(String)]);
      expect(guids.get(guid as string)).toBeUndefined();
      guids.set(guid as string, path);
    }
  });

  it('enables the jslib for WebGL only', () => {
    const meta = readFileSync(join(packageDir, 'Plugins', 'WebGL', 'PlyrKit.jslib.meta'), 'utf8');
    expect(meta).toMatch(/WebGL: WebGL\n\s+second:\n\s+enabled: 1/);
    expect(meta).toMatch(/Any: \n\s+second:\n\s+enabled: 0/);
  });
});
