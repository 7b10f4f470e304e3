/**
 * The three convolution GEMMs as operand functions for {@link gemm}: forward (M = output
 * channels of a group, N = samples x output pixels, K = input channels x kernel taps), input
 * gradient (M = input channels, N = samples x input pixels, K = output channels x taps) and
 * filter gradient (M = output channels, N = input channels x taps, K = samples x output
 * pixels). The batch axis `z` of the GEMM is the group. Geometry arrives in uniforms named as
 * core's Conv2dInfo.
 */
const geometry = /* wgsl */ `
fn cinG() -> i32 { return u.inC / u.groups; }
fn coutG() -> i32 { return u.outC / u.groups; }
fn taps() -> i32 { return u.kH * u.kW; }

// The im2col matrix, never stored: row (ci, kh, kw), column (sample, oh, ow) of group g.
fn im2col(row: i32, col: i32, g: i32) -> f32 {
  let ci = row / taps();
  let r = row % taps();
  let plane = u.outH * u.outW;
  let nb = col / plane;
  let p = col % plane;
  let ih = (p / u.outW) * u.sH - u.padT + (r / u.kW) * u.dH;
  let iw = (p % u.outW) * u.sW - u.padL + (r % u.kW) * u.dW;
  if (ih < 0 || ih >= u.inH || iw < 0 || iw >= u.inW) { return 0.0; }
  return x[((nb * u.inC + g * cinG() + ci) * u.inH + ih) * u.inW + iw];
}
`;

export const conv2dForwardOperands = (bias: boolean): string => /* wgsl */ `
${geometry}
fn loadA(m: i32, k: i32, z: i32) -> f32 {
  if (m >= u.M || k >= u.K) { return 0.0; }
  return weight[(z * coutG() + m) * u.K + k];
}
fn loadB(k: i32, n: i32, z: i32) -> f32 {
  if (k >= u.K || n >= u.N) { return 0.0; }
  return im2col(k, n, z);
}
fn store(m: i32, n: i32, z: i32, v: f32) {
  let co = z * coutG() + m;
  let plane = u.outH * u.outW;
  y[((n / plane) * u.outC + co) * plane + n % plane] = v${bias ? ' + bias[co]' : ''};
}
`;

export const conv2dBackwardFilterOperands = /* wgsl */ `
${geometry}
fn loadA(m: i32, k: i32, z: i32) -> f32 {
  if (m >= u.M || k >= u.K) { return 0.0; }
  let plane = u.outH * u.outW;
  return dy[((k / plane) * u.outC + z * coutG() + m) * plane + k % plane];
}
fn loadB(k: i32, n: i32, z: i32) -> f32 {
  if (k >= u.K || n >= u.N) { return 0.0; }
  return im2col(n, k, z);
}
fn store(m: i32, n: i32, z: i32, v: f32) {
  dw[(z * coutG() + m) * u.N + n] = v;
}
`;

/** op(a)[M,K] · op(b)[K,N]; a transposed operand is read as stored, with swapped indices. */
export const matMulOperands = (transposeA: boolean, transposeB: boolean): string => /* wgsl */ `
fn loadA(m: i32, k: i32, z: i32) -> f32 {
  if (m >= u.M || k >= u.K) { return 0.0; }
  return a[${transposeA ? 'k * u.M + m' : 'm * u.K + k'}];
}
fn loadB(k: i32, n: i32, z: i32) -> f32 {
  if (k >= u.K || n >= u.N) { return 0.0; }
  return b[${transposeB ? 'n * u.K + k' : 'k * u.N + n'}];
}
fn store(m: i32, n: i32, z: i32, v: f32) {
  c[m * u.N + n] = v;
}
`;
