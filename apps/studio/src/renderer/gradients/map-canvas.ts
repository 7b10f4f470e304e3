import { colormapLut, type ColormapName } from '@convstudio/ui';

/** A rectangle of cells to outline on a drawn map, in map coordinates. */
export interface CellMark {
  row: number;
  col: number;
  /** 'strong': the pair being read; 'soft': every cell the sum touches. */
  style: 'strong' | 'soft';
}

/** The largest |value|, so a diverging map can centre white on 0. */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/**
 * Draws an h×w map scaled up by `cell` CSS pixels per value, colours on `colormap` over
 * [-range, range] (diverging) or [min, max], then outlines the marked cells.
 */
export function drawCells(canvas: HTMLCanvasElement, values: ArrayLike<number>, [h, w]: [number, number], cell: number, colormap: ColormapName, marks: readonly CellMark[] = [], range?: { min: number; max: number }): boolean {
  const context = canvas.getContext('2d');
  if (!context) return false;
  const lut = colormapLut(colormap);
  const m = maxAbs(values);
  const { min, max } = range ?? (colormap === 'diverging' ? { min: -m, max: m } : { min: Math.min(...Array.from(values)), max: Math.max(...Array.from(values)) });
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const v = values[r * w + c];
      const t = max > min ? (v - min) / (max - min) : 0.5;
      const k = Math.max(0, Math.min(255, Math.round(t * 255))) * 4;
      context.fillStyle = `rgb(${lut[k]},${lut[k + 1]},${lut[k + 2]})`;
      context.fillRect(c * cell, r * cell, cell, cell);
    }
  }
  for (const mark of marks) {
    context.lineWidth = mark.style === 'strong' ? Math.max(2, cell / 5) : 1;
    context.strokeStyle = mark.style === 'strong' ? '#111' : 'rgba(20, 20, 20, 0.55)';
    context.strokeRect(mark.col * cell + 0.5, mark.row * cell + 0.5, cell - 1, cell - 1);
  }
  return true;
}
