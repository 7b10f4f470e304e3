import type { FilterClusterReport } from './filter-clusters.js';

const groups = (n: number) => `${n} group${n === 1 ? '' : 's'}`;

/**
 * The one sentence that sums up a filter review (clusterFilters): how many groups the layer's
 * filters fall into at the threshold, and how many filters sit in groups of look-alikes, the
 * redundant capacity the document names. Core's HTML report, the CLI's `runs show` and the
 * studio's lab view all say it this way. Plain text: HTML callers escape it.
 *
 * @example
 * filterClusterSummary(report);
 * // "conv1's 8 filters fall into 7 groups at correlation ≥ 0.7: 2 filters in 1 group of look-alikes (redundant capacity)."
 */
export function filterClusterSummary(report: Pick<FilterClusterReport, 'nodeId' | 'threshold' | 'clusters'>): string {
  const filters = report.clusters.reduce((n, c) => n + c.filters.length, 0);
  const alike = report.clusters.filter((c) => c.filters.length > 1);
  const redundant = alike.reduce((n, c) => n + c.filters.length, 0);
  const verdict = alike.length ? `${redundant} filters in ${groups(alike.length)} of look-alikes (redundant capacity).` : 'no two filters respond alike.';
  return `${report.nodeId}'s ${filters} filters fall into ${groups(report.clusters.length)} at correlation ≥ ${report.threshold}: ${verdict}`;
}
