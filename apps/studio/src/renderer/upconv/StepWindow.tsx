import type { UpsamplingWindow, WindowTerm } from '@convstudio/core';
import { formatValue } from '@convstudio/ui';

// A window of many input channels lists its first products only; the sum is always whole.
const MAX_LISTED = 48;

/** A factor in a product: negatives in parentheses. */
const factor = (v: number): string => (v < 0 ? `(${formatValue(v)})` : formatValue(v));

function sourceText(t: WindowTerm): string {
  if (t.source.kind === 'input') return `A[c${t.channel}, ${t.source.row}, ${t.source.col}]`;
  return t.source.kind === 'inserted' ? 'inserted zero' : 'padding';
}

/**
 * One step of K ⊗ P: the output unit's formula with its non-zero products, how many products
 * met an inserted zero or the padding, and every product of the window as a table.
 */
export function StepWindow({ unit, channel, row, col }: { unit: UpsamplingWindow; channel: number; row: number; col: number }) {
  const nonZero = unit.terms.filter((t) => t.product !== 0);
  const inserted = unit.terms.filter((t) => t.source.kind === 'inserted').length;
  const padding = unit.terms.filter((t) => t.source.kind === 'padding').length;
  const listed = unit.terms.slice(0, MAX_LISTED);
  return (
    <div className="studio-upconv-step" data-testid="upconv-step" data-channel={channel} data-row={row} data-col={col}>
      <p className="studio-formula" data-testid="upconv-step-formula">
        O[{channel}, {row}, {col}] = Σ P · K + b = {nonZero.length ? nonZero.map((t) => `${factor(t.value)}·${factor(t.weight)}`).join(' + ') : '0'} + {factor(unit.bias)} ={' '}
        <strong data-testid="upconv-step-value" data-value={unit.value}>{formatValue(unit.value)}</strong>
      </p>
      <p className="studio-muted">
        {unit.terms.length} products: {unit.terms.length - inserted - padding} read A, {inserted} an inserted zero, {padding} the padding. Sum of all products{' '}
        <span data-testid="upconv-step-sum" data-value={unit.sum}>{formatValue(unit.sum)}</span>, bias {formatValue(unit.bias)}.
      </p>
      <table className="studio-terms" data-testid="upconv-terms">
        <caption className="studio-muted">{unit.terms.length > listed.length ? `The first ${listed.length} of ${unit.terms.length} products` : 'Every product of the window'}</caption>
        <thead>
          <tr><th scope="col">P (row, col)</th><th scope="col">comes from</th><th scope="col">P</th><th scope="col">K (m, n)</th><th scope="col">K</th><th scope="col">P·K</th></tr>
        </thead>
        <tbody>
          {listed.map((t, i) => (
            <tr key={i} data-testid="upconv-term" data-source={t.source.kind} data-value={t.value} data-weight={t.weight} data-product={t.product} className={t.source.kind === 'input' ? undefined : 'studio-muted'}>
              <td>c{t.channel} ({t.row}, {t.col})</td>
              <td>{sourceText(t)}</td>
              <td>{formatValue(t.value)}</td>
              <td>({t.kernelRow}, {t.kernelCol})</td>
              <td>{formatValue(t.weight)}</td>
              <td>{formatValue(t.product)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
