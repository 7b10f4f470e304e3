import { experimentById, generateVariants, parseSweepSpec, runVariant, syntheticSixNine, type ValidVariant } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { labReportHtml, reviewedKernels, runAsPipeline } from './lab-export.js';
import { labEvidence, type LabRun } from './lab-runs.js';

describe('reopening a lab run and exporting its report', async () => {
  const parsed = parseSweepSpec(experimentById('stride')?.spec({ epochs: 1, seeds: [0], dataset: 'synthetic' }));
  if (!parsed.ok) throw new Error('the stride spec must parse');
  const variants = generateVariants(parsed.base, parsed.spec).filter((v): v is ValidVariant => v.ok);
  const { images, labels } = syntheticSixNine();
  const all = { images, labels };
  const runs: LabRun[] = [];
  for (const v of variants) {
    const result = await runVariant({ key: `${v.id}/s0`, variantId: v.id, pipeline: v.pipeline, seed: 0, training: parsed.spec.training }, { train: all, validation: all, test: all, probe: all });
    runs.push({ key: `${v.id}/s0`, variantId: v.id, seed: 0, status: 'done', history: result.history, snapshots: [], test: result.test, weights: result.weights, filters: result.filters });
  }

  it('puts the run’s final weights into the variant’s pipeline, node by node', async () => {
    const pipeline = runAsPipeline(variants[1], runs[1]);
    const conv1 = pipeline.nodes.find((n) => n.id === 'conv1') as { weight?: { values: number[] } };
    expect(conv1.weight?.values).toHaveLength(8 * 9);
    expect(pipeline.nodes.map((n) => n.id)).toEqual(variants[1].pipeline.nodes.map((n) => n.id));
    expect(() => runAsPipeline(variants[0], runs[1])).toThrow(/its weights belong to pipeline/);
    expect(() => runAsPipeline(variants[0], { ...runs[0], weights: undefined })).toThrow('run v0/s0 kept no weights');
  });

  it('writes the same self-contained report as the CLI: no script, no outside resource, the plots inline', () => {
    const evidence = labEvidence(variants, runs);
    const experiment = experimentById('stride');
    const html = labReportHtml({ title: 'What does stride cost?', claim: experiment?.claim ?? '', spec: parsed.spec, evidence, conclusion: experiment!.conclude(evidence), runs });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/<script|src="http|href="http/);
    expect(html).toContain('Made by the ConvStudio studio.');
    // Each variant's filter review, its kernels drawn from the run's own weights.
    const reviews = html.split('<div class="filter-review">').slice(1);
    expect(reviews).toHaveLength(variants.length);
    for (const [i, review] of reviews.entries()) {
      expect(review.match(/<img class="kernel" /g)).toHaveLength(runs[i].filters!.clusters.reduce((n, c) => n + c.filters.length, 0));
      expect(review.match(/<span class="peak">/g)?.length).toBeGreaterThan(0);
    }
    expect(reviewedKernels(runs[0])?.shape).toEqual([8, 1, 3, 3]);
    expect(reviewedKernels({ ...runs[0], weights: undefined })).toBeUndefined();
  });
});
