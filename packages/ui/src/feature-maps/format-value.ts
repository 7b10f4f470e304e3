/**
 * A tensor value short enough for a tooltip or legend: 4 significant digits, exponent notation
 * for very large or small magnitudes, `0` for zero, and NaN / ±Infinity spelled out.
 *
 * @example
 * formatValue(0.123456); // '0.1235'
 * formatValue(1.5e-7);   // '1.500e-7'
 */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(3);
  // toPrecision then Number drops trailing zeros: 0.5 rather than 0.5000.
  return String(Number(value.toPrecision(4)));
}
