import type { Tensor } from '@convstudio/core';
import { formatValue } from '@convstudio/ui';
import { useEffect, useMemo, useRef, useState } from 'react';
import { largestTerms, sumOf, termsOf, type Term } from './cell-terms.js';
import type { CellArithmetic } from './gradient-protocol.js';
import { drawCells, type CellMark } from './map-canvas.js';

const LISTED_TERMS = 8;

function MarkedMap({ values, shape, marks, label }: { values: Float32Array; shape: [number, number]; marks: CellMark[]; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const cell = Math.max(3, Math.min(16, Math.floor(200 / Math.max(...shape))));
  useEffect(() => {
    if (ref.current) drawCells(ref.current, values, shape, cell, 'diverging', marks);
  }, [values, shape, cell, marks]);
  return (
    <figure className="studio-marked-map">
      <canvas ref={ref} width={shape[1] * cell} height={shape[0] * cell} role="img" aria-label={label} />
      <figcaption className="studio-muted">{label}</figcaption>
    </figure>
  );
}

/**
 * One kernel weight's gradient worked out as the document writes it: the formula with this
 * cell's m and n, the largest terms dL/dO_ij · X, the total of all terms beside core's value
 * and a finite difference, and the input window and output-gradient cells marked on the maps.
 */
export function CellArithmeticPanel({ cell, input }: { cell: CellArithmetic; input?: Tensor }) {
  const terms = useMemo(() => termsOf(cell), [cell]);
  const listed = useMemo(() => largestTerms(terms, LISTED_TERMS), [terms]);
  const total = sumOf(terms);
  const [hovered, setHovered] = useState<Term | undefined>(undefined);
  const active = hovered ?? listed[0];
  const [ih, iw] = cell.inputShape;
  const xMap = useMemo(() => input?.data.slice(cell.inputChannel * ih * iw, (cell.inputChannel + 1) * ih * iw), [input, cell.inputChannel, ih, iw]);
  const inputMarks = useMemo<CellMark[]>(() => {
    const inside = terms.filter((t) => t.inside);
    const soft: CellMark[] = inside.length <= 900 ? inside.map((t) => ({ row: t.row, col: t.col, style: 'soft' })) : [];
    return active?.inside ? [...soft, { row: active.row, col: active.col, style: 'strong' }] : soft;
  }, [terms, active]);
  const outputMarks = useMemo<CellMark[]>(() => (active ? [{ row: active.i, col: active.j, style: 'strong' }] : []), [active]);
  const { m, n, stride, dilation, padding } = cell;
  const rowIndex = `${stride[0] === 1 ? 'i' : `${stride[0]}i`}${m * dilation[0] - padding[0] === 0 ? '' : ` ${m * dilation[0] - padding[0] > 0 ? '+' : '−'} ${Math.abs(m * dilation[0] - padding[0])}`}`;
  const colIndex = `${stride[1] === 1 ? 'j' : `${stride[1]}j`}${n * dilation[1] - padding[1] === 0 ? '' : ` ${n * dilation[1] - padding[1] > 0 ? '+' : '−'} ${Math.abs(n * dilation[1] - padding[1])}`}`;
  const agree = Math.abs(cell.finiteDifference - cell.core) <= 1e-2 * Math.max(1e-6, Math.abs(cell.core));
  return (
    <section className="studio-grad-card" data-testid="cell-arithmetic" data-node-id={cell.nodeId} data-index={cell.index} aria-labelledby="cell-arithmetic-title">
      <h3 id="cell-arithmetic-title">
        dL/dF of {cell.nodeId}[{cell.outChannel}, {cell.inChannel}, m={m}, n={n}]
      </h3>
      <p className="studio-formula">
        dL/dF<sub>{m}{n}</sub> = Σ<sub>i,j</sub> dL/dO<sub>ij</sub> · X<sub>({rowIndex}),({colIndex})</sub>
        <span className="studio-muted"> — output channel {cell.outChannel} of {cell.nodeId}, input channel {cell.inputChannel} of {cell.inputId}; stride {stride.join('×')}, dilation {dilation.join('×')}, padding {padding.join('×')}</span>
      </p>
      <div className="studio-arith">
        <table className="studio-terms" data-testid="cell-terms">
          <caption className="studio-muted">The {listed.length} largest of {terms.length} terms (point at one to find it on the maps)</caption>
          <thead>
            <tr><th scope="col">i, j</th><th scope="col">dL/dO<sub>ij</sub></th><th scope="col">X at (row, col)</th><th scope="col">product</th></tr>
          </thead>
          <tbody>
            {listed.map((t) => (
              <tr key={`${t.i},${t.j}`} data-testid="cell-term" data-product={t.product} className={t === active ? 'studio-term-active' : undefined} onMouseEnter={() => setHovered(t)} onMouseLeave={() => setHovered(undefined)} tabIndex={0} onFocus={() => setHovered(t)} onBlur={() => setHovered(undefined)}>
                <td>{t.i}, {t.j}</td>
                <td>{formatValue(t.dOutput)}</td>
                <td>{t.inside ? `${formatValue(t.x)} (${t.row}, ${t.col})` : `0 (padding ${t.row}, ${t.col})`}</td>
                <td>{formatValue(t.product)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr><th scope="row" colSpan={3}>Sum of all {terms.length} terms</th><td data-testid="cell-sum" data-value={total}>{formatValue(total)}</td></tr>
            <tr><th scope="row" colSpan={3}>Core's dL/dW (Model.backward)</th><td data-testid="cell-core" data-value={cell.core}>{formatValue(cell.core)}</td></tr>
            <tr><th scope="row" colSpan={3}>Finite difference (L(w+h) − L(w−h)) / 2h, h = {formatValue(cell.step)}</th><td data-testid="cell-fd" data-value={cell.finiteDifference}>{formatValue(cell.finiteDifference)}</td></tr>
          </tfoot>
        </table>
        <div className="studio-arith-maps">
          {xMap && <MarkedMap values={xMap} shape={cell.inputShape} marks={inputMarks} label={`X: ${cell.inputId} channel ${cell.inputChannel}, the cells this weight multiplies outlined`} />}
          <MarkedMap values={cell.dOutput} shape={cell.outputShape} marks={outputMarks} label={`dL/dO: ${cell.nodeId} channel ${cell.outChannel}`} />
        </div>
      </div>
      <p className={agree ? 'studio-muted' : 'studio-warning'} data-testid="cell-check">
        {agree ? 'The finite difference agrees with back-propagation (within 1%).' : 'The finite difference differs from back-propagation by more than 1% (a ReLU or max-pool switch near this weight, or float32 rounding).'}
      </p>
    </section>
  );
}
