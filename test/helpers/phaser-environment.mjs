// Jest environment of the Phaser scene tests: jsdom (a DOM for Phaser and the plugin's panels) plus the network
// and crypto globals of the Node process the tests run in. jsdom has no fetch, and its own AbortSignal is not
// accepted by Node's fetch, so the real core client could not talk to the sandbox over loopback without these.
// Use it with a docblock at the top of a test file: `@jest-environment ./test/helpers/phaser-environment.mjs`.
import { TestEnvironment } from 'jest-environment-jsdom';

/** Node globals handed to the jsdom window, unchanged (the very same objects Node's fetch expects). */
const NODE_GLOBALS = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'FormData',
  'AbortController',
  'AbortSignal',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'TextEncoder',
  'TextDecoder',
  'structuredClone',
  'crypto',
];

export default class PhaserTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of NODE_GLOBALS) {
      if (globalThis[name] !== undefined) {
        Object.defineProperty(this.global, name, {
          configurable: true,
          writable: true,
          value: globalThis[name],
        });
      }
    }
    // Phaser focuses the window on boot and on pointer down; jsdom only logs "not implemented".
    this.global.focus = () => {};
  }
}
