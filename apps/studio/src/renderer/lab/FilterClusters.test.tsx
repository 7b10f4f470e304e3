// @vitest-environment happy-dom
import { filterClusterSummary, type FilterClusterReport } from '@convstudio/core';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { FilterClusters } from './FilterClusters.js';

afterEach(cleanup);

const region = { top: 0, left: 0, bottom: 2, right: 2 };
const report: FilterClusterReport = {
  nodeId: 'conv1',
  threshold: 0.7,
  correlation: [[1, 0.1, 0.9], [0.1, 1, 0.2], [0.9, 0.2, 1]],
  clusters: [
    { filters: [0, 2], cohesion: 0.9, peaks: [{ image: 0, y: 1, x: 1, value: 3, region }] },
    { filters: [1], cohesion: 1, peaks: [] },
  ],
  images: [],
};

it("says the review in core's one sentence, then lists each group with its size", () => {
  render(<FilterClusters report={report} />);
  const review = screen.getByTestId('lab-filter-clusters');
  expect(review.querySelector('p')!.textContent).toMatch(/^conv1's 3 filters fall into 2 groups at correlation ≥ 0\.7: 2 filters in 1 group of look-alikes \(redundant capacity\)\. Kernels/);
  expect(review.querySelector('p')!.textContent!.startsWith(filterClusterSummary(report))).toBe(true);
  expect([...review.querySelectorAll('li')].map((li) => [li.dataset.size, li.querySelector('b')!.textContent])).toEqual([
    ['2', 'filters 0, 2'],
    ['1', 'filter 1'],
  ]);
});
