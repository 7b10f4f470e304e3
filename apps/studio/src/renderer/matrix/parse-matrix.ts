import type { MatrixInput } from '../run/run-protocol.js';

/** The largest typed-in matrix: what a saved project's `viewState.inputMatrix` accepts. */
export const MATRIX_LIMITS = { channels: 16, side: 256 } as const;

/** A parsed matrix, or the first problem in the user's words (row and value numbers from 1). */
export type MatrixParse = { ok: true; matrix: MatrixInput } | { ok: false; error: string };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Reads a matrix typed or pasted by the user. Text: one row per line, values separated by spaces,
 * tabs, commas or semicolons; channels separated by a blank line. JSON: a 2D array (one channel)
 * or a 3D array (channels, rows, values), as Copy JSON writes it. Every channel must have the
 * same size, every row the same length, every value be a finite number, and the whole fit in
 * {@link MATRIX_LIMITS}.
 *
 * @example
 * parseMatrix('1 2\n3 4'); // { ok: true, matrix: { shape: [1, 2, 2], values: [1, 2, 3, 4] } }
 * parseMatrix('1 2\n3');   // { ok: false, error: 'Row 2 has 1 value but row 1 has 2: every row needs the same number of values.' }
 */
export function parseMatrix(text: string): MatrixParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Type or paste a matrix: one row per line, values separated by spaces or commas.' };
  if (trimmed.length > MAX_TEXT_CHARS) return { ok: false, error: `Too big: ${Math.round(trimmed.length / 1e6)} million characters; a matrix may have at most ${MATRIX_LIMITS.channels} channels of ${MATRIX_LIMITS.side}x${MATRIX_LIMITS.side}.` };
  return trimmed.startsWith('[') ? fromJson(trimmed) : fromText(trimmed);
}

// Generous room for the largest matrix written with long numbers; beyond it, nothing is split.
const MAX_TEXT_CHARS = MATRIX_LIMITS.channels * MATRIX_LIMITS.side * MATRIX_LIMITS.side * 24;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function fromText(text: string): MatrixParse {
  const blocks = text.split(/\r?\n[ \t]*(?:\r?\n[ \t]*)+/);
  const channels = blocks.map((block) => block.split(/\r?\n/).map((line) => line.trim().split(/[\s,;]+/).filter((t) => t !== '')));
  const shape = shapeOf(channels);
  if (!shape.ok) return shape;
  const values: number[] = [];
  for (const [c, rows] of channels.entries()) {
    for (const [r, row] of rows.entries()) {
      for (const [v, token] of row.entries()) {
        // Only plain decimal numbers count: Number() would also take hex, 'Infinity' and ''.
        const value = Number(token);
        if (!DECIMAL.test(token) || !Number.isFinite(value)) return { ok: false, error: `${where(channels.length, c, r)}, value ${v + 1} is not a number: "${token.slice(0, 20)}".` };
        values.push(value);
      }
    }
  }
  return { ok: true, matrix: { shape: shape.shape, values } };
}

function fromJson(text: string): MatrixParse {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `This looks like JSON but is not valid JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
  if (!Array.isArray(data) || data.length === 0) return { ok: false, error: 'A JSON matrix is a list of rows, like [[1, 2], [3, 4]], or a list of channels of rows.' };
  const channels = (Array.isArray(data[0]) && Array.isArray((data[0] as unknown[])[0]) ? data : [data]) as unknown[];
  for (const [c, rows] of channels.entries()) {
    if (!Array.isArray(rows) || rows.length === 0) return { ok: false, error: `Channel ${c + 1} is not a list of rows.` };
    const bad = rows.findIndex((row) => !Array.isArray(row));
    if (bad >= 0) return { ok: false, error: `${where(channels.length, c, bad)} is not a list of numbers.` };
  }
  const arrays = channels as unknown[][][];
  const shape = shapeOf(arrays);
  if (!shape.ok) return shape;
  const values: number[] = [];
  for (const [c, rows] of arrays.entries()) {
    for (const [r, row] of rows.entries()) {
      for (const [v, value] of row.entries()) {
        if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, error: `${where(arrays.length, c, r)}, value ${v + 1} is not a number: ${String(JSON.stringify(value)).slice(0, 20)}.` };
        values.push(value);
      }
    }
  }
  return { ok: true, matrix: { shape: shape.shape, values } };
}

function where(channels: number, c: number, r: number): string {
  return channels > 1 ? `Channel ${c + 1}, row ${r + 1}` : `Row ${r + 1}`;
}

/** Sizes and limits, checked before any value is read, so a huge paste is refused early. */
function shapeOf(channels: readonly (readonly (readonly unknown[])[])[]): { ok: true; shape: [number, number, number] } | { ok: false; error: string } {
  const { channels: maxChannels, side } = MATRIX_LIMITS;
  if (channels.length > maxChannels) return { ok: false, error: `Too many channels: ${channels.length}; at most ${maxChannels}.` };
  const height = channels[0].length;
  const width = channels[0][0]?.length ?? 0;
  for (const [c, rows] of channels.entries()) {
    if (rows.length > side) return { ok: false, error: `Too big: ${plural(rows.length, 'row')}; at most ${side} rows of ${side} values.` };
    for (const [r, row] of rows.entries()) {
      if (row.length > side) return { ok: false, error: `Too big: ${where(channels.length, c, r).toLowerCase()} has ${row.length} values; at most ${side} a row.` };
      if (row.length === 0) return { ok: false, error: `${where(channels.length, c, r)} is empty.` };
      if (row.length !== rows[0].length) return { ok: false, error: `${where(channels.length, c, r)} has ${plural(row.length, 'value')} but row 1 has ${rows[0].length}: every row needs the same number of values.` };
    }
    if (rows.length !== height || rows[0].length !== width) {
      return { ok: false, error: `Channel ${c + 1} is ${rows.length}x${rows[0].length} but channel 1 is ${height}x${width}: every channel needs the same size.` };
    }
  }
  return { ok: true, shape: [channels.length, height, width] };
}

/**
 * A matrix as text parseMatrix reads back: rows on lines, values separated by spaces, channels
 * by a blank line.
 *
 * @example
 * matrixText({ shape: [1, 2, 2], values: [1, 2, 3, 4] }); // '1 2\n3 4'
 */
export function matrixText({ shape: [c, h, w], values }: MatrixInput): string {
  const channel = (k: number) => Array.from({ length: h }, (_, r) => values.slice((k * h + r) * w, (k * h + r + 1) * w).join(' ')).join('\n');
  return Array.from({ length: c }, (_, k) => channel(k)).join('\n\n');
}
