/** Tree reduction over the 256 threads of a workgroup in `partial`; the result ends in partial[0]. */
const treeSum = /* wgsl */ `
  workgroupBarrier();
  for (var stride = 128u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { partial[lid] = partial[lid] + partial[lid + stride]; }
    workgroupBarrier();
  }
`;

/** One workgroup per channel sums dy over every axis but 1 of [N, C, inner]. */
export const sumToChannelsBody = /* wgsl */ `
var<workgroup> partial: array<f32, 256>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let c = i32(wid.x);
  let count = u.batch * u.inner;
  var s = 0.0;
  for (var j = i32(lid); j < count; j = j + 256) {
    let n = j / u.inner;
    s = s + dy[(n * u.channels + c) * u.inner + j % u.inner];
  }
  partial[lid] = s;
${treeSum}
  if (lid == 0u) { out[c] = partial[0]; }
}
`;

/**
 * Per normalize group: its minimum and maximum, and for the backward pass also Σdy,
 * Σdy·(x-lo)/range and the counts of tied extremes. One workgroup per group; writes
 * stats[group * 6 + (lo, hi, sumG, sumGT, loCount, hiCount)].
 */
export const normalizeStatsBody = (withGradient: boolean): string => /* wgsl */ `
var<workgroup> lows: array<f32, 256>;
var<workgroup> highs: array<f32, 256>;
var<workgroup> partial: array<f32, 256>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let start = i32(wid.x) * u.group;
  var lo = x[start];
  var hi = x[start];
  for (var j = i32(lid); j < u.group; j = j + 256) {
    lo = min(lo, x[start + j]);
    hi = max(hi, x[start + j]);
  }
  lows[lid] = lo;
  highs[lid] = hi;
  workgroupBarrier();
  for (var stride = 128u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      lows[lid] = min(lows[lid], lows[lid + stride]);
      highs[lid] = max(highs[lid], highs[lid + stride]);
    }
    workgroupBarrier();
  }
  lo = lows[0];
  hi = highs[0];
  let s = i32(wid.x) * 6;
  if (lid == 0u) { stats[s] = lo; stats[s + 1] = hi; }
${
  withGradient
    ? `  let range = hi - lo;
  var sums = vec4<f32>(0.0);
  for (var j = i32(lid); j < u.group; j = j + 256) {
    let v = x[start + j];
    let g = dy[start + j];
    sums = sums + vec4<f32>(g, select(0.0, g * (v - lo) / range, range != 0.0), select(0.0, 1.0, v == lo), select(0.0, 1.0, v == hi));
  }
  for (var q = 0; q < 4; q = q + 1) {
    workgroupBarrier();
    partial[lid] = sums[q];
    workgroupBarrier();
    for (var stride = 128u; stride > 0u; stride = stride / 2u) {
      if (lid < stride) { partial[lid] = partial[lid] + partial[lid + stride]; }
      workgroupBarrier();
    }
    if (lid == 0u) { stats[s + 2 + q] = partial[0]; }
  }`
    : ''
}
}
`;
