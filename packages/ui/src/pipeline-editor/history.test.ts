import type { Pipeline } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { type History, canRedo, canUndo, createHistory, record, redo, undo } from './history.js';
import { smallChain } from './test-pipelines.fixture.js';

const named = (name: string): Pipeline => ({ ...smallChain(), name });

describe('history', () => {
  it('undoes and redoes whole documents, and a new edit clears redo', () => {
    let h = createHistory(named('a'));
    expect(canUndo(h)).toBe(false);
    h = record(h, named('b'), { now: 0 });
    h = record(h, named('c'), { now: 10_000 });
    expect(h.past.map((p) => p.name)).toEqual(['a', 'b']);
    h = undo(h);
    expect(h.present.name).toBe('b');
    expect(canRedo(h)).toBe(true);
    h = undo(undo(h));
    expect(h.present.name).toBe('a');
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present.name).toBe('b');
    h = record(h, named('d'), { now: 20_000 });
    expect(canRedo(h)).toBe(false);
    expect(redo(h)).toBe(h);
    expect([...h.past.map((p) => p.name), h.present.name]).toEqual(['a', 'b', 'd']);
  });

  it('merges rapid edits with one key into one step, but not across keys, pauses or an undo', () => {
    let h = createHistory(named('a'));
    h = record(h, named('1'), { key: 'conv1.outChannels', now: 0 });
    h = record(h, named('12'), { key: 'conv1.outChannels', now: 300 });
    h = record(h, named('128'), { key: 'conv1.outChannels', now: 600 });
    expect(h.past.map((p) => p.name)).toEqual(['a']);
    h = record(h, named('s'), { key: 'conv1.stride', now: 700 });
    expect(h.past.map((p) => p.name)).toEqual(['a', '128']);
    h = record(h, named('s2'), { key: 'conv1.stride', now: 5000 });
    expect(h.past).toHaveLength(3);
    h = undo(h);
    h = record(h, named('s3'), { key: 'conv1.stride', now: 5100 });
    expect(h.past.map((p) => p.name)).toEqual(['a', '128', 's']);
    expect(undo(h).present.name).toBe('s');
  });

  it('measures the coalescing window from the previous edit, not the first: steady typing stays one step', () => {
    // Each edit 500 ms after the one before, inside the 800 ms window; the last is 1500 ms after
    // the first, outside it. A window anchored at the first edit would split this into two steps.
    let h = createHistory(named('a'));
    for (const [i, now] of [0, 500, 1000, 1500].entries()) h = record(h, named(`v${i}`), { key: 'conv1.kernelSize', now, coalesceMs: 800 });
    expect(h.past.map((p) => p.name)).toEqual(['a']);
    expect(h.present.name).toBe('v3');
    expect(h.last).toEqual({ key: 'conv1.kernelSize', at: 1500 });
    // A pause longer than the window after the last edit starts a new step.
    h = record(h, named('v4'), { key: 'conv1.kernelSize', now: 2301, coalesceMs: 800 });
    expect(h.past.map((p) => p.name)).toEqual(['a', 'v3']);
  });

  it('merges at exactly the window and not a millisecond past it', () => {
    const at = (now: number) => record(record(createHistory(named('a')), named('b'), { key: 'k', now: 0 }), named('c'), { key: 'k', now });
    expect(at(800).past.map((p) => p.name)).toEqual(['a']);
    expect(at(801).past.map((p) => p.name)).toEqual(['a', 'b']);
  });

  it('starts with nothing to undo or redo, and an edit without a key leaves nothing to merge with', () => {
    const start = named('a');
    const h = createHistory(start);
    expect(h).toEqual({ past: [], present: start, future: [] });
    expect(canRedo(h)).toBe(false);
    const unkeyed = record(h, named('b'), { now: 0 });
    expect(unkeyed.last).toBeUndefined();
    expect(record(unkeyed, named('c'), { now: 1 }).past.map((p) => p.name)).toEqual(['a', 'b']);
  });

  it('never merges into a present that has a redo stack, even one built by hand', () => {
    // undo() and redo() drop `last`, so only a History value made elsewhere (restored state) has both.
    const h: History = { past: [named('a')], present: named('b'), future: [named('c')], last: { key: 'k', at: 0 } };
    const next = record(h, named('d'), { key: 'k', now: 100 });
    expect(next.past.map((p) => p.name)).toEqual(['a', 'b']);
    expect(next.future).toEqual([]);
  });

  it('ignores a no-op and keeps at most `limit` steps', () => {
    let h = createHistory(named('0'));
    expect(record(h, h.present)).toBe(h);
    for (let i = 1; i <= 10; i++) h = record(h, named(String(i)), { limit: 3 });
    expect(h.past.map((p) => p.name)).toEqual(['7', '8', '9']);
  });
});
