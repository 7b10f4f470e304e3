import { fail } from '../errors.js';
import type { Model } from '../nn/model.js';
import { Tensor } from '../tensor.js';
import { inputRegion, receptiveFields, type Region } from './receptive-field.js';

/** One group of filters whose feature maps move together, and where in the images they fire most. */
export interface FilterCluster {
  /** Output channels of the layer, ascending. */
  filters: number[];
  /** Mean correlation between the members' maps (1 for a filter alone). */
  cohesion: number;
  /** The strongest responses of the cluster's mean (standardised) map, one per image, strongest first. */
  peaks: { image: number; y: number; x: number; value: number; region: Region }[];
}

/** {@link clusterFilters}' answer: the review of a layer's filters by what they respond to. */
export interface FilterClusterReport {
  nodeId: string;
  threshold: number;
  /** Pearson correlation of every pair of filters' maps over the batch, [C][C]. */
  correlation: number[][];
  clusters: FilterCluster[];
  /** The images the peaks point into, by batch index: planar [channels, height, width] values. */
  images: { index: number; channels: number; height: number; width: number; values: number[] }[];
}

/** Options of {@link clusterFilters}. */
export interface FilterClusterOptions {
  /** The conv2d layer to review; default the first one. */
  nodeId?: string;
  /** Clusters merge while their average correlation is at least this. Default 0.7. */
  threshold?: number;
  /** Strongest responses kept per cluster (distinct images). Default 4. */
  peaks?: number;
}

function correlationMatrix(maps: Float32Array, n: number, c: number, plane: number): number[][] {
  // Each filter's responses over every image and position, centred and scaled to unit length.
  const unit: Float64Array[] = [];
  for (let k = 0; k < c; k++) {
    const v = new Float64Array(n * plane);
    for (let i = 0; i < n; i++) for (let p = 0; p < plane; p++) v[i * plane + p] = maps[(i * c + k) * plane + p];
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    let norm = 0;
    for (let j = 0; j < v.length; j++) norm += (v[j] -= mean) ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let j = 0; j < v.length; j++) v[j] /= norm;
    unit.push(v);
  }
  return unit.map((a, i) =>
    unit.map((b, j) => {
      if (i === j) return 1;
      let dot = 0;
      for (let t = 0; t < a.length; t++) dot += a[t] * b[t];
      return dot;
    }),
  );
}

/** Average-linkage agglomeration: merge the two most correlated groups while that correlation reaches `threshold`. */
function agglomerate(corr: number[][], threshold: number): { members: number[]; cohesion: number }[] {
  let groups = corr.map((_, i) => [i]);
  const link = (a: number[], b: number[]) => a.reduce((s, i) => s + b.reduce((t, j) => t + corr[i][j], 0), 0) / (a.length * b.length);
  for (;;) {
    let best = -Infinity;
    let pair: [number, number] = [0, 0];
    for (let a = 0; a < groups.length; a++) for (let b = a + 1; b < groups.length; b++) {
      const l = link(groups[a], groups[b]);
      if (l > best) [best, pair] = [l, [a, b]];
    }
    if (groups.length < 2 || best < threshold) break;
    const merged = [...groups[pair[0]], ...groups[pair[1]]].sort((x, y) => x - y);
    groups = [...groups.filter((_, i) => i !== pair[0] && i !== pair[1]), merged];
  }
  return groups
    .map((members) => {
      const pairs = members.flatMap((i, a) => members.slice(a + 1).map((j) => corr[i][j]));
      return { members, cohesion: pairs.length ? pairs.reduce((s, v) => s + v, 0) / pairs.length : 1 };
    })
    .sort((a, b) => b.members.length - a.members.length || a.members[0] - b.members[0]);
}

/**
 * The source document's human indicator of saturation, "first-layer filters that look at the
 * same thing", measured: each filter's feature maps over a batch of images are correlated with
 * every other filter's (Pearson, over all images and positions), and filters are grouped by
 * average-linkage clustering until no two groups correlate at `threshold` or more. A group of
 * several filters is redundancy. For each group, its strongest responses (the members' maps
 * standardised and averaged) point to the input region each one sees (its receptive field).
 *
 * @example
 * const review = clusterFilters(model, probe.images, { threshold: 0.8 });
 * review.clusters.filter((c) => c.filters.length > 1); // filters that respond alike
 */
export function clusterFilters(model: Model, images: Tensor, options: FilterClusterOptions = {}): FilterClusterReport {
  const { threshold = 0.7, peaks = 4 } = options;
  if (!(threshold > -1 && threshold <= 1)) fail('clusterFilters', 'threshold', `must be in (-1, 1], got ${threshold}`);
  const nodeId = options.nodeId ?? model.shapes.nodes.find((n) => n.node.kind === 'conv2d')?.node.id;
  if (!nodeId) fail('clusterFilters', 'model', 'has no conv2d layer whose filters could be reviewed');
  if (model.shapes.byId.get(nodeId)?.node.kind !== 'conv2d') fail('clusterFilters', 'nodeId', `must name a conv2d node, got "${nodeId}"`);
  const out = model.forward(images, { mode: 'eval' }).get(nodeId) as Tensor;
  const [n, c, h, w] = out.shape;
  const plane = h * w;
  const maps = out.data;
  const correlation = correlationMatrix(maps, n, c, plane);
  const fields = receptiveFields(model.pipeline);
  if (!fields.ok) fail('clusterFilters', 'model', `has no receptive fields: ${fields.issues.map((i) => i.message).join('; ')}`);
  // Per filter mean and spread, so members with different scales weigh alike in the group's map.
  const stats = Array.from({ length: c }, (_, k) => {
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) for (let p = 0; p < plane; p++) {
      const v = maps[(i * c + k) * plane + p];
      sum += v;
      sq += v * v;
    }
    const mean = sum / (n * plane);
    return { mean, std: Math.sqrt(Math.max(sq / (n * plane) - mean * mean, 0)) || 1 };
  });
  const used = new Set<number>();
  const clusters: FilterCluster[] = agglomerate(correlation, threshold).map(({ members, cohesion }) => {
    const best: FilterCluster['peaks'] = [];
    for (let i = 0; i < n; i++) {
      let top = { value: -Infinity, y: 0, x: 0 };
      for (let p = 0; p < plane; p++) {
        let v = 0;
        for (const k of members) v += (maps[(i * c + k) * plane + p] - stats[k].mean) / stats[k].std;
        v /= members.length;
        if (v > top.value) top = { value: v, y: Math.floor(p / w), x: p % w };
      }
      const { region, clipped } = inputRegion(fields.report, nodeId, top.y, top.x);
      best.push({ image: i, ...top, region: clipped ?? region });
    }
    const kept = best.sort((a, b) => b.value - a.value).slice(0, peaks);
    for (const p of kept) used.add(p.image);
    return { filters: members, cohesion, peaks: kept };
  });
  const [, ic, ih, iw] = images.shape;
  const size = ic * ih * iw;
  const picked = [...used].sort((a, b) => a - b).map((index) => ({ index, channels: ic, height: ih, width: iw, values: Array.from(images.data.subarray(index * size, (index + 1) * size)) }));
  return { nodeId, threshold, correlation, clusters, images: picked };
}
