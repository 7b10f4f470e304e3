// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KernelEditor } from './KernelEditor.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('KernelSlot', () => {
  it('fits the cells to their width with one 2D context for every slot and every resize', () => {
    const resized: (() => void)[] = [];
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(callback: () => void) {
          resized.push(callback);
        }
        observe() {}
        disconnect() {}
      },
    );
    // Cells 64 px wide, no padding, a digit 8 px wide: 8 characters fit; then 40 px: 5.
    let width = 64;
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(() => width);
    vi.spyOn(window, 'getComputedStyle').mockReturnValue({ paddingLeft: '0px', paddingRight: '0px', fontSize: '12px', fontFamily: 'monospace' } as CSSStyleDeclaration);
    const measureText = vi.fn(() => ({ width: 8 }) as TextMetrics);
    const getContext = vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({ font: '', measureText } as unknown as CanvasRenderingContext2D);
    render(<KernelEditor value={new Float32Array(18)} shape={[2, 1, 3, 3]} onChange={() => {}} />);
    const grids = () => screen.getAllByTestId('kernel-slot').map((slot) => slot.querySelector('.cs-kernel-cells')!.getAttribute('data-fit-chars'));
    expect(grids()).toEqual(['8', '8']);
    width = 40;
    for (let i = 0; i < 3; i++) act(() => resized.forEach((callback) => callback()));
    expect(grids()).toEqual(['5', '5']);
    // Two slots, measured at mount and on three resizes each: eight measurements, one context.
    expect(measureText).toHaveBeenCalledTimes(8);
    expect(getContext).toHaveBeenCalledTimes(1);
  });
});
