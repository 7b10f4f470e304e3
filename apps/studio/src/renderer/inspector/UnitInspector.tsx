import type { UnitArithmetic, UnitTerm } from '@convstudio/core';
import { formatValue } from '@convstudio/ui';
import type { PickedUnit, UnitExplanation } from './unit-sources.js';

// Longer windows (a linear layer's thousands of inputs) list their first terms only; the sum is always whole.
const MAX_LISTED_TERMS = 64;

function describeInput(t: UnitTerm): string {
  if (t.source === 'padding') return `padding (${t.row}, ${t.col})`;
  if (t.source === 'inserted') return 'inserted zero';
  return `x[c${t.channel}, ${t.row}, ${t.col}]`;
}

/** A factor in a product: negatives in parentheses, so 255·(−0.23) never reads as 255·-0.23. */
const factor = (v: number): string => (v < 0 ? `(${formatValue(v)})` : formatValue(v));

/** The document's O_ij formula with this unit's numbers filled in. */
export function filledFormula(unit: UnitArithmetic): string {
  const listed = unit.terms.slice(0, MAX_LISTED_TERMS);
  const more = unit.terms.length > listed.length ? ` + … (${unit.terms.length - listed.length} more)` : '';
  if (unit.kind === 'weightedSum') {
    const parts = listed.map((t) => `${factor(t.input)}·${factor(t.weight)}`).join(' + ');
    return `${parts || '0'}${more} + ${factor(unit.bias)} = ${formatValue(unit.value)}`;
  }
  if (unit.kind === 'average') return `(${listed.map((t) => formatValue(t.input)).join(' + ')}${more}) / ${unit.divisor} = ${formatValue(unit.value)}`;
  return `max(${listed.map((t) => formatValue(t.input)).join(', ')}${more}) = ${formatValue(unit.value)}`;
}

/**
 * One output unit's arithmetic: every term (input, weight, product), the sum plus bias (or the
 * max with its winner, or the average with its divisor) and the document's formula filled in.
 */
export function UnitInspector({ picked, explanation, onClose }: { picked: PickedUnit; explanation: UnitExplanation; onClose(): void }) {
  return (
    <section className="studio-unit-inspector" aria-label="Unit inspector" data-testid="unit-inspector">
      <header className="studio-unit-head">
        <h3>
          Unit {picked.nodeId} · channel {picked.channel} · row {picked.row} · col {picked.col}
        </h3>
        <button type="button" className="cs-button" onClick={onClose}>Close</button>
      </header>
      {explanation.ok ? <UnitBody unit={explanation.unit} shown={explanation.shown} /> : <p className="studio-muted" role="status">{explanation.message}</p>}
    </section>
  );
}

function UnitBody({ unit, shown }: { unit: UnitArithmetic; shown: number }) {
  const listed = unit.terms.slice(0, MAX_LISTED_TERMS);
  return (
    <>
      <p className="studio-unit-formula" data-testid="unit-formula">
        {unit.kind === 'weightedSum' ? 'O_ij = Σ_c Σ_m Σ_n X[i+m, j+n, c] · F[m, n] + b = ' : ''}
        {filledFormula(unit)}
      </p>
      <dl className="studio-unit-summary">
        {unit.kind !== 'max' && <><dt>Sum of terms</dt><dd data-testid="unit-sum">{formatValue(unit.sum)}</dd></>}
        {unit.kind === 'weightedSum' && <><dt>Bias</dt><dd data-testid="unit-bias">{formatValue(unit.bias)}</dd></>}
        {unit.kind === 'average' && <><dt>Divisor</dt><dd data-testid="unit-divisor">{unit.divisor} ({unit.countIncludePad ? 'padding counted' : 'real cells only'})</dd></>}
        {unit.kind === 'max' && <><dt>Winner</dt><dd data-testid="unit-winner">{unit.winner < 0 ? 'all padding' : `${describeInput(unit.terms[unit.winner])} (first maximum)`}</dd></>}
        <dt>Value</dt>
        <dd data-testid="unit-value" data-value={unit.value}>{formatValue(unit.value)}</dd>
        <dt>Shown in the map</dt>
        <dd data-testid="unit-shown" data-value={shown}>{formatValue(shown)}</dd>
      </dl>
      <table className="studio-unit-terms" data-testid="unit-terms">
        <caption className="studio-muted">{unit.terms.length} terms{unit.terms.length > listed.length ? `, first ${listed.length} listed` : ''}</caption>
        <thead>
          <tr><th scope="col">Input</th><th scope="col">Tap</th><th scope="col">x</th>{unit.kind === 'weightedSum' && <><th scope="col">w</th><th scope="col">x·w</th></>}</tr>
        </thead>
        <tbody>
          {listed.map((t, i) => (
            <tr key={i} data-testid="unit-term" data-source={t.source} data-input={t.input} data-weight={t.weight} data-product={t.product} className={unit.kind === 'max' && i === unit.winner ? 'studio-unit-winner' : undefined}>
              <td>{describeInput(t)}</td>
              <td>({t.kernelRow}, {t.kernelCol})</td>
              <td>{formatValue(t.input)}</td>
              {unit.kind === 'weightedSum' && <><td>{formatValue(t.weight)}</td><td>{formatValue(t.product)}</td></>}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
