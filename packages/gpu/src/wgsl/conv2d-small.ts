/**
 * Direct conv2d kernels for few output channels, where the GEMM's 32-row tile would be mostly
 * padding (the worked example has 2): no workgroup memory, no barriers, one thread per output
 * pixel and 4 output channels (forward) or per weight (filter gradient). Geometry arrives in
 * uniforms named as core's Conv2dInfo; kernels/conv2d.ts picks them by size.
 */

/**
 * Threads a workgroup of the direct kernels: with few threads in all (the worked example has
 * 784), 256-wide workgroups leave SwiftShader's cores unevenly loaded; 64 spreads them.
 */
export const DIRECT_WG = 64;

/** The entry point of a direct kernel; the body sees its thread index `i`. */
export const directMain = /* wgsl */ `
@compute @workgroup_size(${DIRECT_WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = i32((wid.y * nwg.x + wid.x) * ${DIRECT_WG}u + lid);`;

/** y = x ⊗ weight (+ bias): each x read serves the thread's 4 output channels. */
export const forwardDirectBody = (bias: boolean): string => /* wgsl */ `
${directMain}
  let outPlane = u.outH * u.outW;
  let cinG = u.inC / u.groups;
  let coutG = u.outC / u.groups;
  let blocks = (coutG + 3) / 4;
  if (i >= u.batch * u.groups * blocks * outPlane) { return; }
  let p = i % outPlane;
  let cb = (i / outPlane) % blocks;
  let g = (i / (outPlane * blocks)) % u.groups;
  let nb = i / (outPlane * blocks * u.groups);
  let co = g * coutG + cb * 4;
  // Channels past the group's end read a clamped weight row and are not stored.
  let last = coutG - 1 - cb * 4;
  let taps = u.kH * u.kW;
  let row = cinG * taps;
  let o1 = min(1, last) * row;
  let o2 = min(2, last) * row;
  let o3 = min(3, last) * row;
  let inPlane = u.inH * u.inW;
  let ih0 = (p / u.outW) * u.sH - u.padT;
  let iw0 = (p % u.outW) * u.sW - u.padL;
  var acc = vec4<f32>(0.0);
  for (var kh = 0; kh < u.kH; kh = kh + 1) {
    let ih = ih0 + kh * u.dH;
    if (ih < 0 || ih >= u.inH) { continue; }
    for (var kw = 0; kw < u.kW; kw = kw + 1) {
      let iw = iw0 + kw * u.dW;
      if (iw < 0 || iw >= u.inW) { continue; }
      var xi = ((nb * u.inC + g * cinG) * u.inH + ih) * u.inW + iw;
      var wi = co * row + kh * u.kW + kw;
      for (var ci = 0; ci < cinG; ci = ci + 1) {
        acc = acc + x[xi] * vec4<f32>(weight[wi], weight[wi + o1], weight[wi + o2], weight[wi + o3]);
        xi = xi + inPlane;
        wi = wi + taps;
      }
    }
  }
${bias ? '  acc = acc + vec4<f32>(bias[co], bias[co + min(1, last)], bias[co + min(2, last)], bias[co + min(3, last)]);' : ''}
  let base = (nb * u.outC + co) * outPlane + p;
  y[base] = acc.x;
  if (last >= 1) { y[base + outPlane] = acc.y; }
  if (last >= 2) { y[base + 2 * outPlane] = acc.z; }
  if (last >= 3) { y[base + 3 * outPlane] = acc.w; }
}
`;

/**
 * dL/dW[co, ci, kh, kw] = Σ over samples and output pixels of dy · x, one thread per weight
 * (as tfjs-webgpu's Conv2DDerFilterProgram): only for small sums, where the split-K GEMM's
 * tiles and second pass cost more than the work itself.
 */
export const filterDirectBody = /* wgsl */ `
${directMain}
  let cinG = u.inC / u.groups;
  let coutG = u.outC / u.groups;
  let taps = u.kH * u.kW;
  if (i >= u.outC * cinG * taps) { return; }
  let tap = i % taps;
  let ci = (i / taps) % cinG;
  let co = i / (taps * cinG);
  let g = co / coutG;
  let kh = tap / u.kW;
  let offH = kh * u.dH - u.padT;
  let offW = (tap - kh * u.kW) * u.dW - u.padL;
  var sum = 0.0;
  for (var nb = 0; nb < u.batch; nb = nb + 1) {
    let xc = (nb * u.inC + g * cinG + ci) * u.inH;
    let dc = (nb * u.outC + co) * u.outH;
    for (var oh = 0; oh < u.outH; oh = oh + 1) {
      let ih = oh * u.sH + offH;
      if (ih < 0 || ih >= u.inH) { continue; }
      for (var ow = 0; ow < u.outW; ow = ow + 1) {
        let iw = ow * u.sW + offW;
        if (iw < 0 || iw >= u.inW) { continue; }
        sum = sum + x[(xc + ih) * u.inW + iw] * dy[(dc + oh) * u.outW + ow];
      }
    }
  }
  dw[i] = sum;
}
`;
