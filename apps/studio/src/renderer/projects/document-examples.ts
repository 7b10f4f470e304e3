import type { Pipeline } from '@convstudio/core';
import type { ProjectPreset } from './projects.js';

// The source document's small examples, with a typed-in matrix as the input so that every map
// reads as the document's numbers. X and F of the 2x2 expansion are symbols in the document; we
// give them the values 1..9 and 1..4, so O11 = 1·1 + 2·2 + 4·3 + 5·4 = 37 can be checked by hand.
const X = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const F = [1, 2, 3, 4];

function convExpansion(name: string, description: string): Pipeline {
  return {
    format: 'convstudio-pipeline',
    version: 1,
    name,
    description,
    nodes: [
      { id: 'X', kind: 'input', params: { channels: 1, height: 3, width: 3 } },
      { id: 'O', kind: 'conv2d', params: { outChannels: 1, kernelSize: 2, bias: false }, weight: { values: F } },
    ],
    edges: [{ source: 'X', target: 'O' }],
  };
}

function upConvolutionExample(): Pipeline {
  return {
    format: 'convstudio-pipeline',
    version: 1,
    name: 'Up-convolution (document example)',
    description: 'A = [[1,2],[3,4]] zero-inserted, padded and convolved with K: [[1,0,2],[0,10,0],[3,0,4]].',
    nodes: [
      { id: 'A', kind: 'input', params: { channels: 1, height: 2, width: 2 } },
      { id: 'KP', kind: 'upConvolution', params: { outChannels: 1, kernelSize: 3, factor: 2, padding: 1, bias: false }, weight: { values: [1, 0, 1, 0, 1, 0, 1, 0, 1] } },
    ],
    edges: [{ source: 'A', target: 'KP' }],
  };
}

/**
 * The document's worked examples as built-in projects, each with its input matrix.
 *
 * @example
 * documentExamples.map((p) => p.id); // ['doc-conv-2x2', 'doc-backprop', 'doc-up-convolution']
 */
export const documentExamples: readonly ProjectPreset[] = [
  {
    id: 'doc-conv-2x2',
    title: 'Document: 2x2 convolution expansion',
    description: 'O = X ⊗ F for a 3x3 X and a 2x2 F: click a number of O to see O_ij = Σ X_{i+m, j+n} F_{m,n} with its terms.',
    build: () => convExpansion('2x2 convolution expansion (document example)', 'X = 1..9, F = [[1,2],[3,4]]: O = [[37,47],[67,77]].'),
    sampleId: 'six', scale: '0-1', view: 'maps',
    matrix: { shape: [1, 3, 3], values: X },
  },
  {
    id: 'doc-backprop',
    title: 'Document: back-propagation example',
    description: 'The same O = X ⊗ F, set up for ∂L/∂F11 = Σ ∂L/∂O_ij X_ij: F is trainable, no bias, so the gradients are the document\'s.',
    build: () => convExpansion('Back-propagation example (document)', 'The 2x2 expansion whose weight gradient the document writes out: ∂L/∂F11 = ∂L/∂O11 X11 + ∂L/∂O12 X12 + ∂L/∂O21 X21 + ∂L/∂O22 X22.'),
    sampleId: 'six', scale: '0-1', view: 'maps',
    matrix: { shape: [1, 3, 3], values: X },
  },
  {
    id: 'doc-up-convolution',
    title: 'Document: up-convolution',
    description: 'A = [[1,2],[3,4]], zero insertion and padding to P, then K ⊗ P = [[1,0,2],[0,10,0],[3,0,4]].',
    build: upConvolutionExample,
    sampleId: 'six', scale: '0-1', view: 'upconv',
    matrix: { shape: [1, 2, 2], values: [1, 2, 3, 4] },
  },
];
