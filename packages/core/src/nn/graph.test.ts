import { describe, expect, it } from 'vitest';
import { chainPipeline, fanInStarPipeline, fanOutStarPipeline } from './big-pipelines.fixture.js';
import { inputsOf, topologicalOrder } from './graph.js';
import { PIPELINE_LIMITS, parsePipeline } from './parse-pipeline.js';
import type { Pipeline } from './pipeline-types.js';
import { inferShapes } from './shape-inference.js';

const messages = (doc: unknown) => {
  const result = parsePipeline(doc);
  return result.ok ? [] : result.issues.map((i) => i.message);
};

describe('graph checks on big pipelines', () => {
  // The old check copied an array per edge: a 50,000-node star took minutes. These run in well
  // under a second now; the timeout is a watchdog, not a measurement (see bench/pipeline-load-bench.ts).
  it('accepts a 50,000-node star either way round and orders every node', { timeout: 30_000 }, () => {
    for (const doc of [fanOutStarPipeline(50_000), fanInStarPipeline(50_000)]) {
      const result = parsePipeline(doc);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const report = inferShapes(result.pipeline);
      expect(report.issues).toEqual([]);
      expect(report.nodes).toHaveLength(50_000);
    }
  });

  it(`accepts a chain of ${PIPELINE_LIMITS.nodes} nodes, the limit`, { timeout: 30_000 }, () => {
    const result = parsePipeline(chainPipeline(PIPELINE_LIMITS.nodes));
    expect(result.ok).toBe(true);
  });

  it('refuses more nodes or edges than the limits, naming the field, the limit and the count', () => {
    expect(messages(chainPipeline(PIPELINE_LIMITS.nodes + 1))).toEqual([`nodes: has ${PIPELINE_LIMITS.nodes + 1} nodes, above the limit of ${PIPELINE_LIMITS.nodes} nodes a pipeline may have`]);
    const doc = chainPipeline(3);
    doc.edges = Array.from({ length: PIPELINE_LIMITS.edges + 5 }, () => ({ source: 'in', target: 'n1' }));
    expect(messages(doc)).toEqual([`edges: has ${PIPELINE_LIMITS.edges + 5} edges, above the limit of ${PIPELINE_LIMITS.edges} edges a pipeline may have`]);
  });

  it('names at most ten nodes of a long cycle and counts the rest', () => {
    const doc = chainPipeline(40);
    doc.nodes.push({ id: 'join', kind: 'add', params: {} });
    // n39 feeds "join", which feeds n1 besides "in": n1..n39 and join form a cycle.
    doc.edges.push({ source: 'n39', target: 'join' }, { source: 'in', target: 'join' });
    doc.edges[0] = { source: 'join', target: 'n1' };
    doc.nodes.push({ id: 'n40', kind: 'relu', params: {} });
    doc.edges.push({ source: 'in', target: 'n40' });
    const [message] = messages(doc);
    expect(message).toMatch(/^edges: form a cycle through "n1", "n2", .*"n10" and 30 more$/);
  });

  it('keeps port order and edge order for the inputs of a node', () => {
    const pipeline = {
      format: 'convstudio-pipeline',
      version: 1,
      nodes: [
        { id: 'in', kind: 'input', params: { channels: 1, height: 2, width: 2 } },
        { id: 'a', kind: 'relu', params: {} },
        { id: 'b', kind: 'tanh', params: {} },
        { id: 'cat', kind: 'concat', params: {} },
      ],
      edges: [
        { source: 'in', target: 'a' },
        { source: 'in', target: 'b' },
        { source: 'b', target: 'cat' },
        { source: 'a', target: 'cat', port: 0 },
        { source: 'in', target: 'cat' },
      ],
    } as Pipeline;
    expect(inputsOf(pipeline).get('cat')).toEqual(['a', 'b', 'in']);
    expect(topologicalOrder(pipeline).order.map((n) => n.id)).toEqual(['in', 'a', 'b', 'cat']);
  });
});
