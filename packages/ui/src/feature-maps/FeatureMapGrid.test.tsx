// @vitest-environment happy-dom
import { concat, conv2d, diagonalEdgeKernel, rotatedDiagonalEdgeKernel, syntheticSix, tensor, zeros } from '@convstudio/core';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { colormapLut } from './colormaps.js';
import { FeatureMapGrid } from './FeatureMapGrid.js';
import { mapToRgba } from './image-buffer.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** The document's worked example: the "6" through both diagonal kernels, as one [1, 2, 24, 24] output. */
function documentMaps() {
  const weight = concat([diagonalEdgeKernel(), rotatedDiagonalEdgeKernel()], { axis: 0 });
  return conv2d(syntheticSix(), weight);
}

/** Gives the canvas a size on screen: happy-dom lays nothing out. */
function placeCanvas(canvas: HTMLCanvasElement, width: number, height: number) {
  canvas.getBoundingClientRect = () => ({ left: 10, top: 20, width, height, right: 10 + width, bottom: 20 + height, x: 10, y: 20, toJSON: () => ({}) });
}

const tiles = () => screen.getAllByTestId('feature-map-tile');

describe('FeatureMapGrid', () => {
  it('shows one tile per channel of a real conv output, marked undrawn without a 2D context', () => {
    const output = documentMaps();
    expect(output.shape).toEqual([1, 2, 24, 24]);
    render(<FeatureMapGrid tensor={output} label="conv1" />);
    expect(tiles().map((t) => t.dataset.channel)).toEqual(['0', '1']);
    const canvas = tiles()[0].querySelector('canvas')!;
    expect(canvas.width).toBe(24);
    expect(canvas.dataset.drawn).toBe('false');
    expect(screen.getByRole('region', { name: 'Feature maps of conv1' })).toBeTruthy();
  });

  it('drops the toolbar and legend in compact mode but keeps tiles and the hover readout', () => {
    render(<FeatureMapGrid tensor={documentMaps()} label="figure" compact />);
    expect(tiles()).toHaveLength(2);
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByTestId('color-legend')).toBeNull();
    expect(screen.getByTestId('feature-map-hover')).toBeTruthy();
  });

  it('puts the colormapped pixels into the canvas when a 2D context exists', () => {
    const put = vi.fn();
    const context = { createImageData: (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }), putImageData: put };
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(context as unknown as CanvasRenderingContext2D);
    const t = tensor([0, 1, 2, 3, 10, 10, 10, 10], [1, 2, 2, 2]);
    render(<FeatureMapGrid tensor={t} defaultColormap="gray" />);
    expect(put).toHaveBeenCalledTimes(2);
    expect([...put.mock.calls[0][0].data]).toEqual([...mapToRgba(t.data, 0, 4, { min: 0, max: 3 }, colormapLut('gray'))]);
    expect(tiles()[0].querySelector('canvas')!.dataset.drawn).toBe('true');
    // Hovering updates the readout without redrawing any tile.
    const canvas = tiles()[1].querySelector('canvas')!;
    placeCanvas(canvas, 64, 64);
    fireEvent.mouseMove(canvas, { clientX: 10 + 1, clientY: 20 + 1 });
    expect(screen.getByTestId('feature-map-hover').textContent).toBe('channel 1 (x 0, y 0) = 10');
    expect(put).toHaveBeenCalledTimes(2);
  });

  it('shows sample 1 when asked, and reads coordinates and value on hover', () => {
    const t = tensor(Array.from({ length: 2 * 1 * 4 * 4 }, (_, i) => i), [2, 1, 4, 4]);
    render(<FeatureMapGrid tensor={t} sample={1} />);
    const canvas = tiles()[0].querySelector('canvas')!;
    placeCanvas(canvas, 64, 64);
    fireEvent.mouseMove(canvas, { clientX: 10 + 40, clientY: 20 + 20 }); // x = 2, y = 1
    expect(screen.getByTestId('feature-map-hover').textContent).toBe(`channel 0 (x 2, y 1) = ${16 + 4 + 2}`);
    fireEvent.mouseLeave(canvas);
    expect(screen.getByTestId('feature-map-hover').textContent).toMatch(/Point at a map/);
  });

  it('enlarges a tile on click and closes with Escape', () => {
    render(<FeatureMapGrid tensor={documentMaps()} />);
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(tiles()[1]);
    const dialog = screen.getByRole('dialog');
    expect(dialog.dataset.channel).toBe('1');
    expect(dialog.getAttribute('aria-label')).toBe('Channel 1, sample 0 (24x24)');
    const big = dialog.querySelector('canvas')!;
    placeCanvas(big, 384, 384);
    fireEvent.mouseMove(big, { clientX: 10 + 16 * 3 + 1, clientY: 20 + 16 * 5 + 1 });
    expect(within(dialog).getByTestId('feature-map-enlarged-hover').textContent).toMatch(/^channel 1 \(x 3, y 5\) = /);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('picks the clicked cell of the enlarged map and shows the given actions beside Close', () => {
    const picked: { channel: number; x: number; y: number; value: number }[] = [];
    const output = documentMaps();
    render(<FeatureMapGrid tensor={output} onPickCell={(cell) => picked.push(cell)} enlargedActions={(c) => <button type="button">Copy {c}</button>} />);
    expect(screen.getByTestId('feature-map-hover').textContent).toMatch(/click a value to see how it is computed/);
    fireEvent.click(tiles()[1]);
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByRole('button', { name: 'Copy 1' })).toBeTruthy();
    const big = dialog.querySelector('canvas')!;
    placeCanvas(big, 384, 384);
    fireEvent.click(big, { clientX: 10 + 16 * 7 + 2, clientY: 20 + 16 * 4 + 2 });
    expect(picked).toEqual([{ channel: 1, x: 7, y: 4, value: output.data[24 * 24 + 4 * 24 + 7] }]);
    // Picking closes the enlarged map, so what the pick opens is not covered.
    expect(screen.queryByRole('dialog')).toBeNull();
    // Outside the map nothing is picked.
    fireEvent.click(tiles()[0]);
    const again = screen.getByRole('dialog').querySelector('canvas')!;
    placeCanvas(again, 384, 384);
    fireEvent.click(again, { clientX: 5, clientY: 5 });
    expect(picked).toHaveLength(1);
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('caps large layers at maxTiles, says so, and shows all on request', () => {
    render(<FeatureMapGrid tensor={zeros([1, 300, 2, 2])} />);
    expect(tiles()).toHaveLength(256);
    expect(screen.getByTestId('feature-map-capped').textContent).toMatch(/first 256 of 300 channels/);
    fireEvent.click(screen.getByRole('button', { name: 'Show all 300' }));
    expect(tiles()).toHaveLength(300);
    expect(screen.queryByTestId('feature-map-capped')).toBeNull();
  });

  it('renders [N, F] as one strip tile', () => {
    render(<FeatureMapGrid tensor={tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 10])} />);
    expect(tiles()).toHaveLength(1);
    expect(tiles()[0].className).toContain('cs-fm-tile--strip');
    const canvas = tiles()[0].querySelector('canvas')!;
    expect([canvas.width, canvas.height]).toEqual([10, 1]);
    placeCanvas(canvas, 100, 12);
    fireEvent.mouseMove(canvas, { clientX: 10 + 75, clientY: 25 });
    expect(screen.getByTestId('feature-map-hover').textContent).toBe('feature 7 = 8');
  });

  it('per map, the legend follows the hovered map', () => {
    render(<FeatureMapGrid tensor={tensor([0, 1, 5, 9], [1, 2, 1, 2])} />);
    expect(screen.getByTestId('color-legend-max').textContent).toBe('1');
    const canvas = tiles()[1].querySelector('canvas')!;
    placeCanvas(canvas, 64, 32);
    fireEvent.mouseMove(canvas, { clientX: 10 + 40, clientY: 20 + 5 });
    expect(screen.getByTestId('color-legend-min').textContent).toBe('5');
    expect(screen.getByTestId('color-legend-max').textContent).toBe('9');
  });

  it('picks the diverging map for signed data and a symmetric per-layer legend', () => {
    render(<FeatureMapGrid tensor={tensor([-1, 0.5, 2, 0], [1, 2, 1, 2])} />);
    const grid = screen.getByRole('region');
    expect(grid.dataset.colormap).toBe('diverging');
    fireEvent.change(screen.getByLabelText(/Scaling/), { target: { value: 'per-layer' } });
    expect(screen.getByTestId('color-legend-min').textContent).toBe('-2');
    expect(screen.getByTestId('color-legend-max').textContent).toBe('2');
    fireEvent.change(screen.getByLabelText(/Colormap/), { target: { value: 'viridis' } });
    expect(grid.dataset.colormap).toBe('viridis');
    expect(screen.getByTestId('color-legend-min').textContent).toBe('-1');
  });

  it('shows a wrong shape as an alert instead of throwing', () => {
    render(<FeatureMapGrid tensor={zeros([3, 8, 8])} />);
    expect(screen.getByRole('alert').textContent).toMatch(/got shape \[3,8,8\]/);
  });
});
