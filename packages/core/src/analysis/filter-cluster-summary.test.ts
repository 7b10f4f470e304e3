import { describe, expect, it } from 'vitest';
import { filterClusterSummary } from './filter-cluster-summary.js';

const cluster = (...filters: number[]) => ({ filters, cohesion: 1, peaks: [] });

describe('filterClusterSummary', () => {
  it('counts the filters, the groups and the filters in groups of look-alikes', () => {
    const report = { nodeId: 'conv1', threshold: 0.7, clusters: [cluster(2, 3, 7), cluster(0), cluster(1, 4), cluster(5), cluster(6)] };
    expect(filterClusterSummary(report)).toBe("conv1's 8 filters fall into 5 groups at correlation ≥ 0.7: 5 filters in 2 groups of look-alikes (redundant capacity).");
  });

  it('says one group in the singular, and says so when no two filters are alike', () => {
    expect(filterClusterSummary({ nodeId: 'c', threshold: 0.5, clusters: [cluster(0, 1)] })).toBe("c's 2 filters fall into 1 group at correlation ≥ 0.5: 2 filters in 1 group of look-alikes (redundant capacity).");
    expect(filterClusterSummary({ nodeId: 'c', threshold: 0.9, clusters: [cluster(0), cluster(1), cluster(2)] })).toBe("c's 3 filters fall into 3 groups at correlation ≥ 0.9: no two filters respond alike.");
  });
});
