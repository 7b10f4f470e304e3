// Entry point of the WebAssembly kernels (see ../src/wasm/README in CONTEXT.md): every export here
// becomes a function of the module that src/wasm/kernels.generated.ts embeds.
export { gemm, gemmScratchBytes } from './gemm';

/** First byte the host may use: everything below belongs to the module's static data. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
