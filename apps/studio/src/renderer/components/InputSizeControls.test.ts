import { describe, expect, it } from 'vitest';
import { parseInputSize } from './InputSizeControls.js';

describe('parseInputSize', () => {
  it('reads height x width in the usual spellings', () => {
    expect(parseInputSize('28x28')).toEqual({ ok: true, height: 28, width: 28 });
    expect(parseInputSize(' 224 × 200 ')).toEqual({ ok: true, height: 224, width: 200 });
  });

  it('says why a size is refused, naming what came', () => {
    const big = parseInputSize('4096x28');
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.reason).toContain('from 1 to 2048 pixels (got 4096x28)');
    const zero = parseInputSize('0x28');
    expect(zero.ok).toBe(false);
    const words = parseInputSize('big');
    expect(words.ok).toBe(false);
    if (!words.ok) expect(words.reason).toContain('"big"');
  });
});
