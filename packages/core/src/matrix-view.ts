// The strided matrix both matrix multiplies read: the TypeScript one (src/cpu/gemm.ts) and the
// WebAssembly one (src/wasm/gemm-wasm.ts).

/** A strided view of a matrix inside a flat array. */
export interface MatrixView {
  data: Float32Array;
  offset: number;
  rowStride: number;
  colStride: number;
}
