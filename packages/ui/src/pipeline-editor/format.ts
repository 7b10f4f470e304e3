/**
 * A count in a few characters: 950, 61.1k, 61.1M, 1.2G.
 *
 * @example
 * formatCount(61_100_840); // '61.1M'
 */
export function formatCount(value: number): string {
  const units: [number, string][] = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, unit] of units) {
    if (Math.abs(value) >= size) return `${Number((value / size).toFixed(1))}${unit}`;
  }
  return String(value);
}

/**
 * A shape as the canvas shows it.
 *
 * @example
 * formatShapeText([1, 6, 28, 28]); // '1×6×28×28'
 */
export const formatShapeText = (shape: readonly number[]): string => shape.join('×');
