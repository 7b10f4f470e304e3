import type { TrainingProgress } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress, ProgressBar } from './progress-bar.js';

const progress = (over: Partial<TrainingProgress> = {}): TrainingProgress => ({ epoch: 1, epochs: 3, batch: 50, batches: 200, loss: 0.43214, elapsedMs: 5000, etaMs: 55_000, ...over });

describe('formatDuration', () => {
  it('writes m:ss under an hour and h:mm:ss above, rounding up', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(1)).toBe('0:01');
    expect(formatDuration(59_000)).toBe('0:59');
    expect(formatDuration(83_200)).toBe('1:24');
    expect(formatDuration(3_600_000)).toBe('1:00:00');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(Number.NaN)).toBe('--:--');
    expect(formatDuration(Infinity)).toBe('--:--');
  });
});

describe('formatProgress', () => {
  it('shows epoch, bar, batch, loss and ETA', () => {
    expect(formatProgress(progress(), 80)).toBe('epoch 1/3 [########......................] 50/200  loss 0.4321  ETA 0:55');
    expect(formatProgress(progress({ batch: 200, etaMs: 0 }), 80)).toContain(`[${'#'.repeat(30)}] 200/200  loss 0.4321  ETA 0:00`);
  });

  it('fits the width, dropping the bar when too narrow', () => {
    for (const width of [40, 50, 60, 70]) expect(formatProgress(progress(), width).length).toBeLessThanOrEqual(width);
    expect(formatProgress(progress(), 50)).toMatch(/^epoch 1\/3 \[#+\.+\] 50\/200/);
    expect(formatProgress(progress(), 45)).toBe('epoch 1/3 50/200  loss 0.4321  ETA 0:55');
  });
});

describe('ProgressBar', () => {
  it('redraws one line in place on a terminal, throttled, and clears it', () => {
    let written = '';
    let time = 0;
    const bar = new ProgressBar({ write: (s) => void (written += s), isTTY: true, columns: 81 }, 100, () => time);
    bar.update(progress({ batch: 1 }));
    time = 50;
    bar.update(progress({ batch: 2 })); // within 100 ms: skipped
    time = 150;
    bar.update(progress({ batch: 3 }));
    bar.update(progress({ batch: 200 })); // the last batch always draws
    bar.clear();
    const frames = written.split('\r').filter(Boolean);
    expect(frames.map((f) => / (\d+)\/200 /.exec(f)?.[1] ?? 'clear')).toEqual(['1', '3', '200', 'clear']);
    expect(frames.every((f) => f.endsWith('\x1b[K'))).toBe(true);
  });

  it('writes nothing when not a terminal', () => {
    let written = '';
    const bar = new ProgressBar({ write: (s) => void (written += s), isTTY: false });
    bar.update(progress());
    bar.clear();
    expect(written).toBe('');
  });
});
