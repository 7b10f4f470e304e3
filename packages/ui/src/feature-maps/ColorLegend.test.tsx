// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { ColorLegend } from './ColorLegend.js';

afterEach(cleanup);

it('draws the colormap bar between the min and max values', () => {
  render(<ColorLegend colormap="viridis" min={-0.00002} max={1234.5678} label="conv1" />);
  expect(screen.getByTestId('color-legend-min').textContent).toBe('-2.000e-5');
  expect(screen.getByTestId('color-legend-max').textContent).toBe('1235');
  const bar = screen.getByRole('img');
  expect(bar.getAttribute('aria-label')).toBe('viridis colormap from -2.000e-5 to 1235');
  expect(bar.style.background).toContain('#440154');
});

it('marks zero on symmetric ranges and explains constant ones', () => {
  const { rerender } = render(<ColorLegend colormap="diverging" min={-2} max={2} />);
  expect(screen.getByText('0')).toBeTruthy();
  rerender(<ColorLegend colormap="gray" min={3} max={3} />);
  expect(screen.getByText(/constant/)).toBeTruthy();
});
