/**
 * Large pipeline documents for the loading benchmark and the graph tests: a long chain, a star
 * whose centre feeds every other node, and one whose centre is fed by every other node.
 */

type Doc = { format: 'convstudio-pipeline'; version: 1; nodes: object[]; edges: { source: string; target: string; port?: number }[] };

const input = (size = 4) => ({ id: 'in', kind: 'input', params: { channels: 1, height: size, width: size } });
const activations = ['relu', 'tanh', 'sigmoid'] as const;

/** `in` and `nodes - 1` activations, each feeding the next. */
export function chainPipeline(nodes: number): Doc {
  const doc: Doc = { format: 'convstudio-pipeline', version: 1, nodes: [input()], edges: [] };
  let previous = 'in';
  for (let i = 1; i < nodes; i++) {
    const id = `n${i}`;
    doc.nodes.push({ id, kind: activations[i % 3], params: {} });
    doc.edges.push({ source: previous, target: id });
    previous = id;
  }
  return doc;
}

/** `in` feeding `nodes - 1` ReLUs: one node with 49,999 consumers at 50,000 nodes. */
export function fanOutStarPipeline(nodes: number): Doc {
  const doc: Doc = { format: 'convstudio-pipeline', version: 1, nodes: [input()], edges: [] };
  for (let i = 1; i < nodes; i++) {
    doc.nodes.push({ id: `r${i}`, kind: 'relu', params: {} });
    doc.edges.push({ source: 'in', target: `r${i}` });
  }
  return doc;
}

/** `in` feeding `nodes - 2` ReLUs that all feed one concat: one node with 49,998 inputs. */
export function fanInStarPipeline(nodes: number): Doc {
  const doc = fanOutStarPipeline(nodes - 1);
  doc.nodes.push({ id: 'cat', kind: 'concat', params: {} });
  for (let i = 1; i < nodes - 1; i++) doc.edges.push({ source: `r${i}`, target: 'cat', port: i });
  return doc;
}
