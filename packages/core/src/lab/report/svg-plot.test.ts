import { describe, expect, it } from 'vitest';
import { linePlot, logTicks, niceTicks, scatterPlot } from './svg-plot.js';

describe('svg-plot', () => {
  it('picks round ticks, and 1-2-5 decades on a log axis', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(logTicks(30_000, 300_000)).toEqual([50_000, 100_000, 200_000]);
  });
  it('draws a line per series with whole-epoch ticks and a ring at the plateau, escaping names', () => {
    const svg = linePlot([{ name: 'a<b', values: [0.5, 0.7, 0.71], mark: 2 }, { name: 'c', values: [0.4, 0.6, 0.8] }], 'accuracy', 'curves');
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('<title>a&lt;b: plateau from epoch 2</title>');
    const ticks = [...svg.matchAll(/text-anchor="middle">(\d+)<\/text>/g)].map((m) => m[1]);
    expect(ticks).toEqual(['1', '2', '3']);
  });
  it('draws the Pareto staircase through the front points only', () => {
    const svg = scatterPlot([{ name: 'p', x: 10, y: 0.9, colour: 0 }, { name: 'q', x: 100, y: 0.95, colour: 1 }], [{ x: 10, y: 0.9 }, { x: 100, y: 0.95 }], 'MACs', 'accuracy', 'pareto');
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg.match(/stroke-dasharray="4 3"/g)).toHaveLength(1);
    expect(linePlot([], 'y', 't')).toBe('<p>No finished epochs yet.</p>');
  });
});
