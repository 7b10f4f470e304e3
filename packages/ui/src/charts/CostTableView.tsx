import { costTable, type CostRow, type CostTable as CostTableData, type Pipeline } from '@convstudio/core';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { formatBytes, formatCount, formatThousands, type NumberFormat } from './format-number.js';

/** Props of {@link CostTableView}. */
export interface CostTableViewProps {
  /** A table from core's `costTable`. */
  table: CostTableData;
  /** Initial number format; a toggle switches it. Default `exact` (thousands separators). */
  defaultNumberFormat?: NumberFormat;
  /** Shows the FLOPs column. Default true. */
  showFlops?: boolean;
  caption?: string;
}

/** A numeric cell: the formatted text, the raw number in `data-value` (for tests and copy), exact value on hover. */
function NumberCell({ column, value, text }: { column: string; value: number; text: string }) {
  return (
    <td className="cs-num" data-column={column} data-value={value} title={formatThousands(value)}>
      {text}
    </td>
  );
}

function EstimateCell({ row, format }: { row: CostRow; format: NumberFormat }) {
  const estimate = row.documentEstimate;
  if (!estimate) return <td className="cs-num cs-muted" data-column="estimate">—</td>;
  return (
    <td className="cs-num" data-column="estimate" data-value={estimate.macs}>
      <details className="cs-estimate">
        <summary>{formatCount(estimate.macs, format)}</summary>
        <code>{estimate.formula}</code>
        <p>{estimate.explanation}</p>
      </details>
    </td>
  );
}

/**
 * Per-layer output shape, parameters, MACs, the document's estimate beside the exact MACs (for
 * convolutions), FLOPs and activation memory, with totals; numbers with thousands separators or
 * SI prefixes.
 *
 * @example
 * const result = costTable(alexNet());
 * if (result.ok) return <CostTableView table={result.table} caption="AlexNet, per sample" />;
 */
export function CostTableView({ table, defaultNumberFormat = 'exact', showFlops = true, caption }: CostTableViewProps) {
  // The user's choice wins; until they make one, exact numbers that would not fit the panel's
  // width switch to short ones (AlexNet's nine-digit counts overflow a 600 px view), and back
  // when the panel grows wide enough for them.
  const [chosen, setChosen] = useState<NumberFormat>();
  // Measured per table: a new table (another pipeline, FLOPs shown or not) is measured afresh.
  const [fit, setFit] = useState<{ table: CostTableData; showFlops: boolean; tooWide: boolean }>();
  const tooWide = fit !== undefined && fit.table === table && fit.showFlops === showFlops && fit.tooWide;
  const format: NumberFormat = chosen ?? (tooWide ? 'si' : defaultNumberFormat);
  const scroller = useRef<HTMLDivElement>(null);
  const exactWidth = useRef<{ table: CostTableData; showFlops: boolean; width: number } | undefined>(undefined);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || chosen !== undefined || defaultNumberFormat !== 'exact') return;
    const measure = () => {
      if (format === 'exact') exactWidth.current = { table, showFlops, width: element.scrollWidth };
      const exact = exactWidth.current;
      if (exact?.table !== table || exact.showFlops !== showFlops || element.clientWidth <= 0) return;
      const wide = exact.width > element.clientWidth + 1;
      setFit((old) => (old?.table === table && old.showFlops === showFlops && old.tooWide === wide ? old : { table, showFlops, tooWide: wide }));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [format, chosen, defaultNumberFormat, table, showFlops]);
  const count = (column: string, value: number) => <NumberCell column={column} value={value} text={formatCount(value, format)} />;
  const bytes = (value: number) => <NumberCell column="memory" value={value} text={formatBytes(value)} />;
  const { totals } = table;
  return (
    <div className="cs-cost">
      <div className="cs-toolbar">
        <label>
          <input type="checkbox" checked={format === 'si'} onChange={(e) => setChosen(e.target.checked ? 'si' : 'exact')} /> Short numbers (k, M, G)
        </label>
        {chosen === undefined && format === 'si' && defaultNumberFormat === 'exact' && (
          <span className="cs-muted" data-testid="cost-shortened">
            shortened to fit (hover a number for every digit)
          </span>
        )}
      </div>
      {/* A narrow panel scrolls the table sideways instead of cutting its last columns off;
          focusable so keyboard users can scroll it too. */}
      <div ref={scroller} className="cs-table-scroll" role="region" aria-label={caption ?? 'Cost table'} tabIndex={0}>
        <table className="cs-table">
          {caption && <caption>{caption}</caption>}
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Kind</th>
              <th scope="col">Output</th>
              <th scope="col">Params</th>
              <th scope="col">MACs</th>
              <th scope="col" title="K*K * (IM*IN)/(s*s) * Cin * Cout">
                Document estimate
              </th>
              {showFlops && <th scope="col">FLOPs</th>}
              <th scope="col" title="Activation memory per sample, float32">
                Memory
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.id} data-testid="cost-row" data-node={row.id}>
                <th scope="row">{row.id}</th>
                <td>{row.kind}</td>
                <td data-column="output">{row.output.join('x')}</td>
                {count('params', row.params)}
                {count('macs', row.macs)}
                <EstimateCell row={row} format={format} />
                {showFlops && count('flops', row.flops)}
                {bytes(row.activationBytes)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="cost-total">
              <th scope="row">Total</th>
              <td />
              <td />
              {count('params', totals.params)}
              {count('macs', totals.macs)}
              <td />
              {showFlops && count('flops', totals.flops)}
              {bytes(totals.activationBytes)}
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="cs-note">Per sample, float32. MACs count conv, transposed conv, up-convolution and linear layers; FLOPs = 2 x MACs + bias adds + elementwise ops.</p>
    </div>
  );
}

/** Props of {@link PipelineCostTable}. */
export interface PipelineCostTableProps extends Omit<CostTableViewProps, 'table'> {
  pipeline: Pipeline;
}

/**
 * {@link CostTableView} of a pipeline, computed with core's `costTable`; a pipeline whose shapes
 * do not check lists its issues instead.
 *
 * @example
 * <PipelineCostTable pipeline={alexNet()} defaultNumberFormat="si" />
 */
export function PipelineCostTable({ pipeline, ...view }: PipelineCostTableProps) {
  const result = useMemo(() => costTable(pipeline), [pipeline]);
  if (!result.ok) {
    return (
      <div className="cs-cost cs-error" role="alert">
        <p>The costs need every shape; shape inference stopped at:</p>
        <ul>
          {result.issues.map((issue, i) => (
            <li key={i}>{issue.message}</li>
          ))}
        </ul>
      </div>
    );
  }
  return <CostTableView table={result.table} {...view} />;
}
