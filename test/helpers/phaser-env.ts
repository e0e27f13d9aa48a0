/**
 * Makes jsdom good enough for a headless Phaser game. Imported (for its side effects) by the Phaser scene tests.
 *
 * jsdom does not load images, so Phaser's TextureManager (which decodes its default textures from data: URIs and
 * waits for `onload`) would never become ready and the game would never boot. Data-URI images here "load" at once.
 */
const proto = HTMLImageElement.prototype;
const srcDescriptor = Object.getOwnPropertyDescriptor(proto, 'src');
if (srcDescriptor?.set && !(proto as { __plyrPatched?: boolean }).__plyrPatched) {
  (proto as { __plyrPatched?: boolean }).__plyrPatched = true;
  Object.defineProperty(proto, 'src', {
    configurable: true,
    enumerable: true,
    get(this: HTMLImageElement) {
      return srcDescriptor.get?.call(this);
    },
    set(this: HTMLImageElement, value: string) {
      srcDescriptor.set?.call(this, value);
      setTimeout(() => this.dispatchEvent(new Event('load')), 0);
    },
  });
}
