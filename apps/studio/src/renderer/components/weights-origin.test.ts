import { templates } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { weightsOrigin } from './weights-origin.js';

const build = (id: string) => templates.find((t) => t.id === id)!.build();

describe('weightsOrigin', () => {
  it('says random and untrained for a fresh template, with its seed', () => {
    const mnist = build('mnist-cnn');
    const origin = weightsOrigin(mnist);
    expect(origin.kind).toBe('random');
    expect(origin.text).toBe(`Weights: random (seed ${mnist.seed ?? 0}), untrained`);
  });

  it('says the weights come from the file for an imported ONNX model', () => {
    const mnist = build('mnist-cnn');
    const values = { ...mnist, description: 'Imported from ONNX.', nodes: mnist.nodes.map((n) => (n.kind === 'conv2d' || n.kind === 'linear' ? { ...n, weight: { values: [1] } } : n)) } as typeof mnist;
    expect(weightsOrigin(values)).toMatchObject({ kind: 'imported', text: 'Weights: from the ONNX file' });
    expect(weightsOrigin({ ...values, description: 'mine' }).kind).toBe('hand-set');
  });

  it("says set by hand for the worked example's preset kernels", () => {
    expect(weightsOrigin(build('worked-example')).kind).toBe('hand-set');
  });

  it('counts the layers set by hand when the rest stay random', () => {
    const mnist = build('mnist-cnn');
    const first = mnist.nodes.find((n) => n.kind === 'conv2d')!;
    const edited = { ...mnist, nodes: mnist.nodes.map((n) => (n === first ? { ...n, weight: { values: [1] } } : n)) } as typeof mnist;
    const origin = weightsOrigin(edited);
    expect(origin.kind).toBe('mixed');
    expect(origin.detail).toContain(first.id);
  });

  it('says trained once training handed weights back', () => {
    expect(weightsOrigin(build('mnist-cnn'), { task: 'MNIST digits', epochs: 1 }).text).toBe('Weights: trained (1 epoch, MNIST digits)');
  });
});
