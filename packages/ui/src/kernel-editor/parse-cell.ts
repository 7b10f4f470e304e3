/** A cell's text read as a weight, or why it cannot be. */
export type CellParse = { ok: true; value: number } | { ok: false; error: string };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Reads a weight typed into a cell: a decimal (`-0.5`, `.25`, `1e-3`) or a fraction (`1/16`,
 * handy for blur kernels). Anything else, infinities and division by zero included, is an error
 * the cell shows; NaN never reaches the weights.
 *
 * @example
 * parseCell(' 1/16 '); // { ok: true, value: 0.0625 }
 * parseCell('abc');    // { ok: false, error: "'abc' is not a number" }
 */
export function parseCell(text: string): CellParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Enter a number' };
  // Number() alone would accept '0x10', 'Infinity' and whitespace-only text.
  const parts = trimmed.split('/').map((p) => p.trim());
  if (parts.length > 2 || !parts.every((p) => DECIMAL.test(p))) return { ok: false, error: `'${trimmed}' is not a number` };
  const [numerator, denominator = 1] = parts.map(Number);
  if (denominator === 0) return { ok: false, error: 'Division by zero' };
  const value = numerator / denominator;
  if (!Number.isFinite(value)) return { ok: false, error: `'${trimmed}' is too large` };
  // The weights are float32: a value beyond its range would become Infinity when stored.
  if (!Number.isFinite(Math.fround(value))) return { ok: false, error: `'${trimmed}' is beyond float32's range` };
  return { ok: true, value };
}

/**
 * A weight as a cell shows it: up to 4 significant digits, so float32 noise (0.2 stored as
 * 0.200000003) stays hidden.
 *
 * @example
 * formatCell(Math.fround(0.2)); // '0.2'
 * formatCell(1 / 15);           // '0.06667'
 */
export function formatCell(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

/**
 * {@link formatCell} in at most `maxChars` characters where the cell is narrow: fewer significant
 * digits first, then the shortest exponent form, so a number is rounded, never cut off at the
 * cell's edge (0.2302 once read "0.23(" in a narrow panel). The cell's title keeps the full value.
 *
 * @example
 * formatCellToFit(0.076681, 5);  // '0.077'
 * formatCellToFit(-0.0000123, 5); // '-1e-5'
 */
export function formatCellToFit(value: number, maxChars: number): string {
  const full = formatCell(value);
  if (full.length <= maxChars || !Number.isFinite(value)) return full;
  for (let digits = 3; digits >= 1; digits--) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= maxChars) return text;
  }
  const exponent = value.toExponential(0).replace('e+', 'e');
  return exponent.length < String(Number(value.toPrecision(1))).length ? exponent : String(Number(value.toPrecision(1)));
}
