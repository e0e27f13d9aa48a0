/**
 * The bit of a page's DOM that the PLYR[CONNECT] iframe overlay touches, for the Unity bridge's Node `vm` page:
 * elements that can be created, nested, removed, focused and clicked, and a document with a body. Enough to see
 * what the client puts over the game and to press its close button; nothing is rendered or loaded.
 */

/** An element of the stand-in DOM. */
export class FakeElement {
  readonly dataset: Record<string, string> = {};
  readonly style: Record<string, string> = {};
  readonly attributes: Record<string, string> = {};
  readonly children: FakeElement[] = [];
  parent: FakeElement | null = null;
  src = '';
  title = '';
  type = '';
  textContent = '';
  readonly #events = new EventTarget();

  constructor(
    readonly tagName: string,
    readonly ownerDocument: FakeDocument,
  ) {}

  setAttribute(name: string, value: string): void {
    this.attributes[name] = String(value);
  }

  append(...nodes: FakeElement[]): void {
    for (const node of nodes) {
      node.remove();
      node.parent = this;
      this.children.push(node);
    }
  }

  remove(): void {
    if (!this.parent) return;
    this.parent.children.splice(this.parent.children.indexOf(this), 1);
    this.parent = null;
  }

  addEventListener(type: string, listener: EventListener): void {
    this.#events.addEventListener(type, listener);
  }

  removeEventListener(type: string, listener: EventListener): void {
    this.#events.removeEventListener(type, listener);
  }

  focus(): void {
    this.ownerDocument.activeElement = this;
  }

  /** What a player's click does. */
  click(): void {
    this.#events.dispatchEvent(new Event('click'));
  }

  /** This element and everything inside it, depth first. */
  descendants(): FakeElement[] {
    return [this, ...this.children.flatMap((child) => child.descendants())];
  }
}

/** The document of the stand-in page. */
export class FakeDocument {
  readonly body = new FakeElement('BODY', this);
  activeElement: FakeElement | null = null;
  readonly #events = new EventTarget();

  createElement(tagName: string): FakeElement {
    return new FakeElement(tagName.toUpperCase(), this);
  }

  addEventListener(type: string, listener: EventListener): void {
    this.#events.addEventListener(type, listener);
  }

  removeEventListener(type: string, listener: EventListener): void {
    this.#events.removeEventListener(type, listener);
  }

  /** The elements in the page whose `data-plyr-connect` is `value` (`overlay`, `frame`, `close`). */
  connectElements(value: string): FakeElement[] {
    return this.body.descendants().filter((element) => element.dataset.plyrConnect === value);
  }
}
