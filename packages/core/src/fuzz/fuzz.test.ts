import { describe, expect, it } from 'vitest';
import { runFuzz } from './run-fuzz.fixture.js';

// A few thousand seeded cases through the parsers of pipeline documents, weights files and
// images: every input is taken or refused with a typed error, none hangs (a watchdog stops a
// case after 10 s) and none allocates more than the limits allow. bench/fuzz-long.ts runs the
// same with 10,000+ cases of each kind.
describe('hostile files are refused with typed errors, fast, within the limits', () => {
  it('pipelines, weights files and images', { timeout: 120_000 }, async () => {
    const { reports, hang } = await runFuzz({ seed: 17, runs: { pipelines: 1200, weights: 1200, images: 1500 } });
    expect(hang).toBeUndefined();
    for (const report of reports) {
      expect(report.failure, report.kind).toBeUndefined();
      // Both outcomes occur: the generators neither only break nor only keep files.
      expect(report.refused, report.kind).toBeGreaterThan(0);
    }
    expect(reports.map((r) => [r.kind, r.cases])).toEqual([['pipelines', 1200], ['weights', 1200], ['images', 1500]]);
  });
});
