import type { CostTable } from './cost.js';
import { formatCount } from './format-count.js';

const headers = ['node', 'kind', 'output', 'weights', 'bias', 'params', 'MACs', 'FLOPs', 'activation B'];
// Text columns read left to right; numbers line up on their last digit.
const leftAligned = new Set([0, 1, 2]);

function render(cells: string[][]): string[] {
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  return cells.map((r) => r.map((cell, c) => (leftAligned.has(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}

/**
 * A {@link CostTable} as plain text for the terminal: one aligned row per node with thousands
 * separators, a total row, then each convolution's document estimate beside its exact count.
 *
 * @example
 * const result = costTable(alexNet());
 * if (result.ok) console.log(formatCostTable(result.table));
 * // node     kind       output       weights  bias  params  MACs        ...
 * // conv1    conv2d     64x55x55      23,232    64  23,296  70,276,800  ...
 */
export function formatCostTable(table: CostTable): string {
  const { totals } = table;
  const body = table.rows.map((r) =>
    [r.id, r.kind, r.output.join('x'), r.weightParams, r.biasParams, r.params, r.macs, r.flops, r.activationBytes].map((v) => (typeof v === 'number' ? formatCount(v) : v)),
  );
  const total = ['total', '', '', totals.weightParams, totals.biasParams, totals.params, totals.macs, totals.flops, totals.activationBytes].map((v) =>
    typeof v === 'number' ? formatCount(v) : v,
  );
  const [head, ...rest] = render([headers, ...body, total]);
  const rule = '-'.repeat(head.length);
  const lines = [head, rule, ...rest.slice(0, -1), rule, rest[rest.length - 1]];
  const estimates = table.rows.filter((r) => r.documentEstimate);
  if (estimates.length > 0) {
    lines.push('', "The document's estimate K*K * (IM*IN)/(s*s) * Cin * Cout against the exact MACs:");
    for (const r of estimates) {
      const e = r.documentEstimate as NonNullable<typeof r.documentEstimate>;
      lines.push(`  ${r.id}: ${e.formula} (exact ${formatCount(r.macs)})`, `    ${e.explanation}`);
    }
  }
  lines.push('', 'Per sample, float32. MACs: conv, transposed conv, up-convolution and linear only; FLOPs = 2*MACs + bias adds + elementwise ops.');
  return lines.join('\n');
}
