/**
 * A tiled matrix multiply C[M,N] (+ per batch z) = Σ_k A[m,k]·B[k,n] in workgroup memory: each
 * workgroup of 8x8 threads computes a 32x32 tile of C, every thread a 4x4 block kept in
 * registers; K advances 16 at a time through tiles of A and B staged in workgroup memory, so
 * each value read from global memory serves 32 multiply-adds instead of one.
 *
 * The operands are never materialised: the program supplies `loadA(m, k, z)` and
 * `loadB(k, n, z)` (returning 0 outside the matrix) and `store(m, n, z, value)`. Convolutions
 * use this as an implicit GEMM, computing im2col indices inside `loadB`.
 * Uniforms `M`, `N`, `K` give the sizes.
 */
export const gemm = (operands: string): string => /* wgsl */ `
const TM: i32 = 32;
const TN: i32 = 32;
const TK: i32 = 16;
var<workgroup> tileA: array<array<f32, 32>, 16>;
var<workgroup> tileB: array<array<f32, 32>, 16>;

${operands}

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let z = i32(wid.z);
  let m0 = i32(wid.y) * TM;
  let n0 = i32(wid.x) * TN;
  let tx = i32(lid.x);
  let ty = i32(lid.y);
  let t = i32(li);
  var acc: array<array<f32, 4>, 4>;
  for (var k0 = 0; k0 < u.K; k0 = k0 + TK) {
    // 512 values per tile, 8 per thread; neighbouring threads take neighbouring m (n).
    for (var r = 0; r < 8; r = r + 1) {
      let e = t + r * 64;
      let kk = e / TM;
      let mm = e % TM;
      tileA[kk][mm] = loadA(m0 + mm, k0 + kk, z);
      tileB[kk][mm] = loadB(k0 + kk, n0 + mm, z);
    }
    workgroupBarrier();
    for (var kk = 0; kk < TK; kk = kk + 1) {
      var a: array<f32, 4>;
      var b: array<f32, 4>;
      for (var r = 0; r < 4; r = r + 1) {
        a[r] = tileA[kk][ty * 4 + r];
        b[r] = tileB[kk][tx * 4 + r];
      }
      for (var r = 0; r < 4; r = r + 1) {
        for (var c = 0; c < 4; c = c + 1) {
          acc[r][c] = fma(a[r], b[c], acc[r][c]);
        }
      }
    }
    workgroupBarrier();
  }
  for (var r = 0; r < 4; r = r + 1) {
    let m = m0 + ty * 4 + r;
    for (var c = 0; c < 4; c = c + 1) {
      let n = n0 + tx * 4 + c;
      if (m < u.M && n < u.N) { store(m, n, z, acc[r][c]); }
    }
  }
}
`;
