import { describe, expect, it } from 'vitest';
import { rand, Tensor, tensor } from '../tensor.js';
import { convTranspose2d, convTranspose2dBackward } from './conv-transpose2d.js';
import { upConvolution, upConvolutionBackward, zeroInsert } from './up-convolution.js';

/** Rotates each kernel 180 degrees and swaps its first two axes: conv layout to transposed-conv layout. */
function rotateForTranspose(kernel: Tensor): Tensor {
  const [cout, cin, kh, kw] = kernel.shape;
  const out = new Float32Array(kernel.size);
  for (let o = 0; o < cout; o++)
    for (let i = 0; i < cin; i++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++) out[((i * cout + o) * kh + y) * kw + x] = kernel.get(o, i, kh - 1 - y, kw - 1 - x);
  return new Tensor(out, [cin, cout, kh, kw]);
}

const close = (a: Tensor, b: Tensor) => {
  expect(a.shape).toEqual(b.shape);
  a.data.forEach((v, i) => expect(v).toBeCloseTo(b.data[i], 5));
};

describe('upConvolution: the source document', () => {
  const A = tensor([[1, 2], [3, 4]]).reshape([1, 1, 2, 2]);
  const K = tensor([[1, 0, 1], [0, 1, 0], [1, 0, 1]]);

  it('inserts zeros between entries', () => {
    expect(zeroInsert(A, 2).toArray()).toEqual([[[[1, 0, 2], [0, 0, 0], [3, 0, 4]]]]);
  });

  it('turns [[1,2],[3,4]] with the 3x3 cross kernel into [[1,0,2],[0,10,0],[3,0,4]]', () => {
    expect(upConvolution(A, K, { factor: 2 }).toArray()).toEqual([[[[1, 0, 2], [0, 10, 0], [3, 0, 4]]]]);
  });

  it('equals convTranspose2d with the kernel rotated 180 degrees, for an asymmetric kernel', () => {
    const x = rand([2, 3, 4, 3], { seed: 1, low: -1, high: 1 });
    const kernel = rand([2, 3, 3, 2], { seed: 2, low: -1, high: 1 });
    const bias = tensor([0.5, -0.25]);
    for (const [factor, padding] of [[2, [1, 0]], [3, [2, 1]], [1, [0, 0]]] as const) {
      const options = { factor, padding: [padding[0], padding[1]] as [number, number], bias };
      const transposed = rotateForTranspose(kernel);
      const viaTranspose = { stride: factor, padding: [2 - padding[0], 1 - padding[1]] as [number, number], bias };
      close(upConvolution(x, kernel, options), convTranspose2d(x, transposed, viaTranspose));
      // The gradients agree too (the weight gradient after the same rotation).
      const dy = rand(upConvolution(x, kernel, options).shape, { seed: 3 });
      const up = upConvolutionBackward(dy, x, kernel, options);
      const tr = convTranspose2dBackward(dy, x, transposed, viaTranspose);
      close(up.dx, tr.dx);
      close(rotateForTranspose(up.dweight), tr.dweight);
      close(up.dbias as Tensor, tr.dbias as Tensor);
    }
  });

  it('refuses a 2D kernel for a multi-channel input', () => {
    expect(() => upConvolution(rand([1, 2, 2, 2]), K)).toThrow('upConvolution: kernel of shape [3,3] (a single 2D kernel) needs a 1-channel input, got [1,2,2,2]');
  });
});
