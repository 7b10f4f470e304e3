import type { Pipeline } from '@convstudio/core';

/**
 * Whether two pipelines differ at most in their nodes' weights (a kernel edit): the same edges
 * array, and each node the same object or one whose other fields are the same values. Views that
 * show a run's values, not the document's weights, need not re-render for such a change.
 *
 * @example
 * sameButWeights(pipeline, withWeightEdits(pipeline, 'conv1', base, [[0, 1]])); // true
 */
export function sameButWeights(a: Pipeline, b: Pipeline): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length) return false;
  return a.nodes.every((node, i) => {
    const other = b.nodes[i] as Record<string, unknown>;
    if (node === other) return true;
    const keys = Object.keys(node).filter((k) => k !== 'weight');
    return keys.length === Object.keys(other).filter((k) => k !== 'weight').length && keys.every((k) => (node as Record<string, unknown>)[k] === other[k]);
  });
}
