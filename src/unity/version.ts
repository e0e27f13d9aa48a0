/**
 * The version of this bridge (`plyr-kit.unity.umd.js`), which must be the Unity package's: the C# side sends its own
 * in `init`, and a page that loads another version's UMD is refused with both named. A test keeps it equal to
 * package.json, unity/package.json and the C# `PlyrPackage.Version`.
 */
export const BRIDGE_VERSION = '0.1.0';
