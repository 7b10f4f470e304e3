// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { LineChart } from './LineChart.js';
import { ParetoChart } from './ParetoChart.js';

afterEach(cleanup);

const dots = (container: HTMLElement) => [...container.querySelectorAll<SVGCircleElement>('circle.cs-pareto-point')];

it('draws one dot per variant, filled on the front, with cost on a log axis and accuracy upward', () => {
  const points = [
    { id: 'small', label: 'small', cost: 1_000, accuracy: 0.9, onFront: true },
    { id: 'big', label: 'big', cost: 100_000, accuracy: 0.95, onFront: true },
    { id: 'bad', label: 'bad', cost: 10_000, accuracy: 0.85, onFront: false },
  ];
  const { container } = render(<ParetoChart title="Accuracy vs MACs" costLabel="MACs" width={320} height={220} points={points} />);
  const byId = new Map(dots(container).map((d) => [d.dataset.id, d]));
  expect([...byId.keys()].sort()).toEqual(['bad', 'big', 'small']);
  expect(byId.get('bad')?.dataset.front).toBe('no');
  expect(byId.get('small')?.dataset.front).toBe('yes');
  const x = (id: string) => Number(byId.get(id)?.getAttribute('cx'));
  const y = (id: string) => Number(byId.get(id)?.getAttribute('cy'));
  // Log scale: 10,000 sits halfway between 1,000 and 100,000.
  expect(x('bad') - x('small')).toBeCloseTo(x('big') - x('bad'), 0);
  expect(y('big')).toBeLessThan(y('small'));
  expect(y('small')).toBeLessThan(y('bad'));
  expect(container.querySelector('figure')?.dataset.front).toBe('2');
  expect(container.querySelector('[role=img]')?.getAttribute('aria-label')).toBe('Accuracy vs MACs: Pareto front small 90% at 1 k; big 95% at 100 k');
});

it('says when there is nothing to plot', () => {
  const { container } = render(<ParetoChart title="Accuracy vs parameters" costLabel="Parameters" points={[]} />);
  expect(container.querySelector('[role=img]')?.getAttribute('aria-label')).toBe('Accuracy vs parameters: no finished runs yet');
});

it('rings the marked point of a line series (a plateau) even on a long series', () => {
  const values = Array.from({ length: 40 }, (_, i) => 1 / (i + 1));
  const { container } = render(<LineChart title="Loss" width={320} height={200} series={[{ name: 'a', values, mark: 4, markLabel: 'plateau from epoch 5' }]} />);
  const mark = container.querySelector<SVGGElement>('g.cs-chart-mark');
  expect(mark?.dataset.index).toBe('4');
  expect(mark?.querySelector('title')?.textContent).toBe('a: plateau from epoch 5');
});
