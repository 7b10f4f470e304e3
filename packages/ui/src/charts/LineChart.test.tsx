// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { LineChart } from './LineChart.js';

afterEach(cleanup);

it('draws one path per series with axes, ticks and a legend', () => {
  render(<LineChart title="Loss" xLabel="epoch" width={300} height={200} series={[{ name: 'train', values: [2, 1, 0.5] }, { name: 'validation', values: [2.2, 1.4, 1] }]} />);
  expect(screen.getByRole('img', { name: 'Loss' })).toBeTruthy();
  const paths = screen.getAllByTestId('line-series');
  expect(paths.map((p) => p.dataset.series)).toEqual(['train', 'validation']);
  // Three points each, starting at the left margin (46) and ending at the right (300 - 12).
  expect(paths[0].getAttribute('d')).toMatch(/^M46,[\d.]+L167,[\d.]+L288,[\d.]+$/);
  expect(screen.getAllByTestId('x-tick').map((t) => t.textContent)).toEqual(['1', '2', '3']);
  expect(screen.getAllByTestId('y-tick').map((t) => t.textContent)).toEqual(['0.5', '1', '1.5', '2', '2.5']);
  expect(screen.getByText('validation').textContent).toContain('validation');
  expect(screen.getByText('epoch')).toBeTruthy();
});

it('honours a fixed y domain and breaks lines at NaN', () => {
  render(<LineChart title="Accuracy" yDomain={[0, 1]} height={130} series={[{ name: 'acc', values: [0.5, NaN, 1], color: 'red' }]} />);
  const path = screen.getByTestId('line-series');
  // default width 320: x ends at 308; y(1) is the top margin (8), y(0.5) is halfway down the plot (8 + (130 - 30 - 8) / 2 = 54).
  expect(path.getAttribute('d')).toBe('M46,54M308,8');
  expect(path.style.stroke).toBe('red');
});

it('renders an empty chart without failing', () => {
  render(<LineChart title="Nothing yet" series={[]} />);
  expect(screen.getByRole('img', { name: 'Nothing yet' })).toBeTruthy();
  expect(screen.queryAllByTestId('line-series')).toHaveLength(0);
});
