// Runs the MNIST CNN template on the WebGPU backend in Node: a forward pass whose node outputs
// are read back, then a few training steps with nothing read back but loss and logits.
//   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json npx tsx --conditions=@convstudio/source examples/train-on-gpu.ts
// (VK_ICD_FILENAMES picks SwiftShader, a CPU Vulkan, on machines without a GPU: slow but real.)
import { cpuBackend, createModel, loadMnist, mnistCnn, setBackend, Tensor, tidy, train, withBackend } from '@convstudio/core';
import { create } from 'webgpu';
import { createGpuBackend, type GpuBackend, GpuUnavailableError } from '@convstudio/gpu';

let gpu: GpuBackend;
try {
  gpu = await createGpuBackend({ gpu: create([]) });
} catch (error) {
  if (error instanceof GpuUnavailableError) {
    console.error(`no GPU (${error.reason}): ${error.message}`);
    process.exit(1);
  }
  throw error;
}
console.log(`adapter: ${gpu.adapter.description || gpu.adapter.vendor}`);
gpu.onDeviceLost((info) => {
  console.error(`GPU lost (${info.reason}): ${info.message}; back to the CPU`);
  setBackend(cpuBackend);
});

const { train: digits, test } = await loadMnist({ seed: 1, limit: 1000 });
const model = createModel(mnistCnn());

// Inference: every node's output stays on the GPU until read; tidy frees what is not returned.
const first = new Tensor(test.images.data.slice(0, 4 * 784), [4, 1, 28, 28]);
const outputs = withBackend(gpu, () => tidy(() => model.forward(first)));
const logits = await (outputs.get('fc2') as Tensor).read();
console.log('logits of the first test digit:', Array.from(logits.slice(0, 10), (v) => v.toFixed(2)).join(' '));
console.log('pool2 maps:', (outputs.get('pool2') as Tensor).shape.join('x'), 'on', (outputs.get('pool2') as Tensor).device);
for (const t of outputs.values()) t.dispose();

// Training: parameters move to the GPU for the run and come back to the CPU at the end.
const { history } = await withBackend(gpu, () =>
  train(model, { train: digits, validation: test }, {
    epochs: 1, batchSize: 32, optimizer: { kind: 'adam', learningRate: 2e-3 },
    onProgress: (p) => p.batch % 5 === 0 && console.log(`batch ${p.batch}/${p.batches}: loss ${p.loss.toFixed(4)}`),
  }),
);
console.log(`epoch 1: train loss ${history[0].trainLoss.toFixed(4)}, validation accuracy ${((history[0].validationAccuracy ?? 0) * 100).toFixed(1)}%`);
console.log('weights back on', model.parameters.get('conv1')?.weight?.device, '; GPU memory', gpu.memory());
gpu.destroy();
