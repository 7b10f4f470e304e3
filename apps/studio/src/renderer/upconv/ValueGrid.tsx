import { formatValue } from '@convstudio/ui';
import { useEffect, useRef, type MouseEvent } from 'react';
import { drawCells, type CellMark } from '../gradients/map-canvas.js';

/** Maps up to this many cells a side are tables of numbers; larger ones are pictures. */
export const MAX_TABLE_SIDE = 16;

/** How a cell of a grid is marked: its role (where P's cells come from) and whether a step reads it. */
export interface CellLook {
  role?: 'input' | 'inserted' | 'padding';
  marked?: boolean;
  active?: boolean;
}

export interface ValueGridProps {
  /** What the grid is, for its caption and the screen reader. */
  label: string;
  testId: string;
  values: ArrayLike<number>;
  shape: [number, number];
  lookOf?(row: number, col: number): CellLook | undefined;
  onCell?(row: number, col: number): void;
  /** Extra attributes for tests (node, channel). */
  data?: Record<string, string | number>;
}

/**
 * One map as a table of numbers (small maps, the document's) or, above {@link MAX_TABLE_SIDE}
 * a side, as a picture on the diverging scale with the marked cells outlined. Either way a
 * click on a cell calls `onCell` with its row and column.
 */
export function ValueGrid({ label, testId, values, shape, lookOf, onCell, data = {} }: ValueGridProps) {
  const [h, w] = shape;
  const attributes = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]));
  if (h <= MAX_TABLE_SIDE && w <= MAX_TABLE_SIDE) {
    return (
      <figure className="studio-vgrid">
        <table data-testid={testId} aria-label={label} {...attributes}>
          <tbody>
            {Array.from({ length: h }, (_, r) => (
              <tr key={r}>
                {Array.from({ length: w }, (_, c) => {
                  const v = values[r * w + c];
                  const look = lookOf?.(r, c);
                  const classes = [look?.role && `studio-vgrid-${look.role}`, look?.marked && 'studio-vgrid-marked', look?.active && 'studio-vgrid-active'].filter(Boolean).join(' ');
                  return (
                    <td key={c} className={classes || undefined} data-row={r} data-col={c} data-value={v} data-role={look?.role}>
                      {onCell ? <button type="button" onClick={() => onCell(r, c)} aria-label={`${label}: row ${r}, col ${c} = ${formatValue(v)}`} aria-pressed={look?.active ?? false}>{formatValue(v)}</button> : formatValue(v)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <figcaption className="studio-muted">{label}</figcaption>
      </figure>
    );
  }
  return <GridPicture label={label} testId={testId} values={values} shape={shape} lookOf={lookOf} onCell={onCell} attributes={attributes} />;
}

function GridPicture({ label, testId, values, shape, lookOf, onCell, attributes }: Omit<ValueGridProps, 'data'> & { attributes: Record<string, string | number> }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [h, w] = shape;
  const cell = Math.max(2, Math.min(12, Math.floor(320 / Math.max(h, w))));
  useEffect(() => {
    if (!ref.current) return;
    const marks: CellMark[] = [];
    if (lookOf) {
      for (let r = 0; r < h; r++) {
        for (let c = 0; c < w; c++) {
          const look = lookOf(r, c);
          if (look?.active) marks.push({ row: r, col: c, style: 'strong' });
          else if (look?.marked) marks.push({ row: r, col: c, style: 'soft' });
        }
      }
    }
    drawCells(ref.current, values, shape, cell, 'diverging', marks);
  }, [values, shape, cell, lookOf, h, w]);
  const pick = (event: MouseEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const col = Math.floor(((event.clientX - box.left) / box.width) * w);
    const row = Math.floor(((event.clientY - box.top) / box.height) * h);
    if (row >= 0 && row < h && col >= 0 && col < w) onCell?.(row, col);
  };
  return (
    <figure className="studio-vgrid studio-marked-map">
      <canvas ref={ref} width={w * cell} height={h * cell} role="img" aria-label={`${label} (${h}×${w}, blue negative, white 0, red positive)`} data-testid={testId} {...attributes} onClick={onCell ? pick : undefined} style={onCell ? { cursor: 'crosshair' } : undefined} />
      <figcaption className="studio-muted">{label}</figcaption>
    </figure>
  );
}
