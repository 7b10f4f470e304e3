import { describe, expect, it } from 'vitest';
import { type Task, cachedTasks, call } from './tasks.js';

const list = (n: number): Task[] => Array.from({ length: n }, (_, i) => [call('addInto', [i, i, 4])]);

describe('cachedTasks', () => {
  it('builds a list once per key and returns the same list after', () => {
    let builds = 0;
    const build = () => {
      builds++;
      return list(3);
    };
    const first = cachedTasks('test-a', build);
    expect(cachedTasks('test-a', build)).toBe(first);
    expect(builds).toBe(1);
    expect(cachedTasks('test-b', build)).not.toBe(first);
    expect(builds).toBe(2);
  });

  it('keeps at most 16 lists, dropping the oldest, and never keeps a very long one', () => {
    const first = cachedTasks('test-evict-0', () => list(1));
    for (let i = 1; i <= 16; i++) cachedTasks(`test-evict-${i}`, () => list(1));
    expect(cachedTasks('test-evict-0', () => list(1))).not.toBe(first);
    const long = cachedTasks('test-long', () => list(513));
    expect(cachedTasks('test-long', () => list(513))).not.toBe(long);
  });
});
