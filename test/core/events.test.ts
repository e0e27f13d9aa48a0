/**
 * The typed emitter's promises (src/core/events.ts): order, `once`, `off` (also of a pending `once`), unsubscribe
 * functions, listeners added or removed while an event is being told, and a throwing listener that breaks nothing.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { TypedEmitter } from '../../src/core/events.js';

interface Events {
  tick: number;
  other: string;
}

let errors: jest.SpiedFunction<typeof console.error>;
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  errors.mockRestore();
});

describe('TypedEmitter', () => {
  it('tells listeners in the order they were added, each event to its own listeners', () => {
    const emitter = new TypedEmitter<Events>();
    const heard: string[] = [];
    emitter.on('tick', (n) => heard.push(`a${n}`));
    emitter.on('other', (s) => heard.push(`other:${s}`));
    emitter.on('tick', (n) => heard.push(`b${n}`));
    emitter.emit('tick', 1);
    expect(heard).toEqual(['a1', 'b1']);
  });

  it('once fires once; off removes a pending once; the unsubscribe function of on removes it', () => {
    const emitter = new TypedEmitter<Events>();
    const heard: number[] = [];
    const onceListener = (n: number) => heard.push(n * 10);
    emitter.once('tick', (n) => heard.push(n));
    emitter.once('tick', onceListener);
    emitter.off('tick', onceListener);
    const unsubscribe = emitter.on('tick', (n) => heard.push(n * 100));
    emitter.emit('tick', 1);
    unsubscribe();
    emitter.emit('tick', 2);
    expect(heard).toEqual([1, 100]);
  });

  it('the same function added with on and with once: the once goes, the on stays', () => {
    const emitter = new TypedEmitter<Events>();
    const heard: number[] = [];
    const listener = (n: number) => heard.push(n);
    emitter.on('tick', listener);
    emitter.once('tick', listener);
    emitter.emit('tick', 1);
    emitter.emit('tick', 2);
    expect(heard).toEqual([1, 1, 2]);
  });

  it('a listener added while an event is told hears the next one only', () => {
    const emitter = new TypedEmitter<Events>();
    const heard: string[] = [];
    emitter.once('tick', () => emitter.on('tick', (n) => heard.push(`late${n}`)));
    emitter.emit('tick', 1);
    emitter.emit('tick', 2);
    expect(heard).toEqual(['late2']);
  });

  it('a throwing listener is reported and the others still hear the event', () => {
    const emitter = new TypedEmitter<Events>();
    const heard: number[] = [];
    emitter.on('tick', () => {
      throw new Error('listener bug');
    });
    emitter.on('tick', (n) => heard.push(n));
    emitter.emit('tick', 7);
    expect(heard).toEqual([7]);
    expect(errors).toHaveBeenCalledWith('plyr-kit tick listener', expect.any(Error));
  });

  it('clear removes every listener', () => {
    const emitter = new TypedEmitter<Events>();
    const heard: number[] = [];
    emitter.on('tick', (n) => heard.push(n));
    emitter.clear();
    emitter.emit('tick', 1);
    expect(heard).toEqual([]);
  });
});
