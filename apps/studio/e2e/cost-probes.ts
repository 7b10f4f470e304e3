import { costTable, type Pipeline } from '@convstudio/core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** One row of the cost table as the page writes it: the text of each cell, keyed by column. */
interface ShownRow {
  id: string;
  kind: string;
  cells: Record<string, string>;
}

/** Every row of the cost table (the totals last, as id `Total`), read as the text a person sees. */
async function shownRows(page: Page): Promise<ShownRow[]> {
  return page.locator('[data-testid=cost-row], [data-testid=cost-total]').evaluateAll((rows) =>
    rows.map((row) => {
      const header = row.querySelector('th')?.textContent ?? '';
      const kind = row.querySelectorAll('td')[0]?.textContent ?? '';
      const cells: Record<string, string> = {};
      // The estimate's text is its <summary>; its formula and explanation fold out below it.
      for (const cell of row.querySelectorAll<HTMLElement>('[data-column]')) cells[cell.dataset.column ?? ''] = (cell.querySelector('summary') ?? cell).textContent ?? '';
      return { id: header, kind, cells };
    }),
  );
}

/** A count written with thousands separators (`61,100,840`, `1,234.50`) as a number; NaN when it is not one. */
const parseCount = (text: string) => (/^-?[\d,]+(\.\d+)?$/.test(text) ? Number(text.replace(/,/g, '')) : NaN);

const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };
/** A byte count as written (`1.15 MiB`, `512 B`) as a number of bytes; NaN when it is not one. */
function parseBytes(text: string): number {
  const match = /^([\d.]+) (B|KiB|MiB|GiB|TiB)$/.exec(text);
  return match ? Number(match[1]) * UNITS[match[2]] : NaN;
}

/**
 * Reads the cost table the page shows, as text, and checks every number in it against core's
 * `costTable` of `pipeline` computed here: each row's id, kind and output shape, its params, MACs,
 * FLOPs and the document's estimate exactly, its memory to the 3 significant digits it is written
 * with; then the totals the same way. A wrong cell, a row too many or too few, or rows out of
 * order fail it.
 */
export async function expectCostTableOf(page: Page, pipeline: Pipeline): Promise<void> {
  const result = costTable(pipeline);
  if (!result.ok) throw new Error(`core cannot cost the pipeline: ${result.issues.map((i) => i.message).join('; ')}`);
  const { rows, totals } = result.table;
  // A panel too narrow for the exact numbers shows short ones until the user unticks the box
  // (as a user who wants every digit does); the check below reads the exact ones.
  const short = page.getByLabel('Short numbers (k, M, G)');
  if (await short.isChecked()) await short.uncheck();
  const shown = await shownRows(page);
  expect(shown.map((r) => r.id)).toEqual([...rows.map((r) => r.id), 'Total']);
  const expectRow = (row: ShownRow, want: { params: number; macs: number; flops: number; memory: number; estimate?: number }) => {
    for (const column of ['params', 'macs', 'flops', 'estimate'] as const) {
      const value = want[column];
      if (value === undefined) continue;
      expect(parseCount(row.cells[column] ?? ''), `${row.id} ${column}: "${row.cells[column]}"`).toBeCloseTo(value, 2);
    }
    // formatBytes writes 3 significant digits: within half a unit of the third digit.
    const bytes = parseBytes(row.cells.memory ?? '');
    expect(Math.abs(bytes - want.memory), `${row.id} memory: "${row.cells.memory}" for ${want.memory} B`).toBeLessThanOrEqual(0.005 * want.memory);
  };
  rows.forEach((row, i) => {
    expect(shown[i].kind, row.id).toBe(row.kind);
    expect(shown[i].cells.output, `${row.id} output`).toBe(row.output.join('x'));
    expectRow(shown[i], { params: row.params, macs: row.macs, flops: row.flops, memory: row.activationBytes, estimate: row.documentEstimate?.macs });
    // A layer without the document's estimate says so rather than showing a number.
    if (!row.documentEstimate) expect(shown[i].cells.estimate, `${row.id} estimate`).toBe('—');
  });
  expectRow(shown[rows.length], { params: totals.params, macs: totals.macs, flops: totals.flops, memory: totals.activationBytes });
}
