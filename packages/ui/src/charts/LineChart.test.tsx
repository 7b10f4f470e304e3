// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { LineChart } from './LineChart.js';

afterEach(cleanup);

const points = (container: HTMLElement, series: string) => [...container.querySelectorAll<SVGCircleElement>(`circle.cs-chart-point[data-series="${series}"]`)];

it('draws a lone epoch as a dot per series, in the middle of the plot', () => {
  const { container } = render(<LineChart title="Loss" xLabel="Epoch" yLabel="Cross-entropy (nats)" width={300} height={200} series={[{ name: 'train', values: [0.7] }, { name: 'validation', values: [0.9], dashed: true }]} />);
  const train = points(container, 'train');
  const validation = points(container, 'validation');
  expect(train).toHaveLength(1);
  expect(validation).toHaveLength(1);
  // One epoch gets half a step each side: the dot sits halfway between the plot's left and right edges.
  const axis = container.querySelector('.recharts-xAxis .recharts-cartesian-axis-line');
  const middle = (Number(axis?.getAttribute('x1')) + Number(axis?.getAttribute('x2'))) / 2;
  expect(Number(train[0].getAttribute('cx'))).toBeCloseTo(middle);
  expect(Number(validation[0].getAttribute('cx'))).toBeCloseTo(middle);
  expect([...container.querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) => t.textContent)).toEqual(['1']);
  // 0.9 is above 0.7, so validation's dot is higher (smaller y).
  expect(Number(validation[0].getAttribute('cy'))).toBeLessThan(Number(train[0].getAttribute('cy')));
  expect(container.textContent).toContain('Epoch');
  expect(container.textContent).toContain('Cross-entropy (nats)');
});

it('has a title, axis ticks for whole epochs, and a legend with each series latest value', () => {
  const { container } = render(<LineChart title="Loss per epoch" xLabel="Epoch" width={320} height={200} series={[{ name: 'train', values: [2, 1, 0.5] }, { name: 'validation', values: [2.2, 1.4, 1] }]} />);
  expect(screen.getByRole('figure', { name: 'Loss per epoch' })).toBeTruthy();
  expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Loss per epoch: train 0.5, validation 1 at epoch 3');
  const xTicks = [...container.querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) => t.textContent);
  expect(xTicks).toEqual(['1', '2', '3']);
  const yTicks = [...container.querySelectorAll('.recharts-yAxis-tick-labels text')].map((t) => t.textContent);
  expect(yTicks).toEqual(['0.5', '1', '1.5', '2', '2.5']);
  const legend = [...container.querySelectorAll('.cs-chart-legend li')].map((li) => li.textContent);
  expect(legend).toEqual(['train0.5', 'validation1']);
  expect(points(container, 'train')).toHaveLength(3);
  // The three training points run left to right and downhill (y grows downwards in SVG).
  const xs = points(container, 'train').map((p) => Number(p.getAttribute('cx')));
  const ys = points(container, 'train').map((p) => Number(p.getAttribute('cy')));
  expect(xs[0]).toBeLessThan(xs[1]);
  expect(xs[1]).toBeLessThan(xs[2]);
  expect(ys[0]).toBeLessThan(ys[1]);
  expect(ys[1]).toBeLessThan(ys[2]);
});

it('colours series from the theme variables unless a colour is given, and breaks lines at NaN', () => {
  const { container } = render(<LineChart title="Accuracy" yDomain={[0, 1]} format={(v) => `${Math.round(v * 100)}%`} series={[{ name: 'train', values: [0.5, NaN, 1] }, { name: 'mine', values: [0.2, 0.3, 0.4], color: 'red' }]} />);
  const curves = [...container.querySelectorAll('.recharts-line-curve')];
  expect(curves.map((c) => c.getAttribute('stroke'))).toEqual(['var(--cs-series-1)', 'red']);
  // NaN leaves a gap: the train curve has two separate pieces (two move-to commands).
  expect(curves[0].getAttribute('d')?.match(/M/g)).toHaveLength(2);
  const yTicks = [...container.querySelectorAll('.recharts-yAxis-tick-labels text')].map((t) => t.textContent);
  expect(yTicks).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
  expect(points(container, 'train').map((p) => p.dataset.index)).toEqual(['0', '2']);
});

it('keeps dots only on isolated points of a long series', () => {
  const values = Array.from({ length: 40 }, (_, i) => (i === 20 ? NaN : 1 / (i + 1)));
  values[22] = NaN; // epoch 22 (index 21) now has no neighbour
  const { container } = render(<LineChart title="Long" series={[{ name: 'train', values }]} />);
  expect(points(container, 'train').map((p) => p.dataset.index)).toEqual(['21']);
});

it('renders an empty chart with axes and says so', () => {
  render(<LineChart title="Nothing yet" series={[]} />);
  expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Nothing yet: no data yet');
});
