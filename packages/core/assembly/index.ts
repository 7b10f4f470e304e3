// Entry point of the WebAssembly kernels: every export here becomes a function of the module that
// src/wasm/kernels.generated.ts embeds (see CONTEXT.md, "WebAssembly kernels").
export { gemm, gemmScratchBytes } from './gemm';
export { col2im, im2col } from './im2col';
export { convDirect } from './conv-direct';
export { maxPool, maxPool2x2, maxPool2x2Backward, maxPoolBackward } from './pool';
export { addChannelBias, addInto, sumToChannels } from './sum';
export { leakyRelu, leakyReluBackward, relu, reluBackward } from './activation';
export { zigguratFill } from './random';
export { adamStep } from './adam';

/** First byte the host may use: everything below belongs to the module's static data. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
