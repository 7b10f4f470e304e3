import { describe, expect, it } from 'vitest';
import { foldShapeNode, shapeConstant, ShapeFoldError, type ShapeNode, type ShapeValue } from './shape-folding.js';

const node = (opType: string, inputs: ShapeNode['inputs'], attributes: ShapeNode['attributes'] = {}, opset = 13): ShapeNode => ({ opType, opset, attributes, inputs });
const constant = (values: number[], shape = [values.length]) => ({ constant: { shape, data: Float32Array.from(values) } });
const shapeOf = (dataShape: number[], attributes: ShapeNode['attributes'] = {}) => foldShapeNode(node('Shape', [{ dataShape }], attributes, 15));

describe('foldShapeNode', () => {
  it('reads Shape as the batch size (marked, stored 0) and the per-sample sizes, with start and end', () => {
    expect(shapeOf([16, 7, 7])).toEqual({ shape: [4], values: [0, 16, 7, 7], batch: [true, false, false, false] });
    expect(shapeOf([16, 7, 7], { start: 1 })).toEqual({ shape: [3], values: [16, 7, 7], batch: [false, false, false] });
    expect(shapeOf([16, 7, 7], { start: -2, end: -1 }).values).toEqual([7]);
    expect(() => foldShapeNode(node('Shape', [constant([1])]))).toThrow(ShapeFoldError);
  });

  it('folds x.view(x.size(0), x.size(1) * x.size(2) * x.size(3)) to Reshape\'s [0, 784]', () => {
    const shape = shapeOf([16, 7, 7]);
    const size = (i: number) => foldShapeNode(node('Gather', [shape, constant([i], [])]));
    expect(size(0)).toEqual({ shape: [], values: [0], batch: [true] });
    const product = foldShapeNode(node('Mul', [foldShapeNode(node('Mul', [size(1), size(2)])), size(3)]));
    expect(product).toEqual({ shape: [], values: [784], batch: [false] });
    const unsqueeze = (v: ShapeValue) => foldShapeNode(node('Unsqueeze', [v, constant([0])]));
    const target = foldShapeNode(node('Concat', [unsqueeze(size(0)), unsqueeze(product)], { axis: 0 }));
    expect(target).toEqual({ shape: [2], values: [0, 784], batch: [true, false] });
    expect(shapeConstant(target)).toEqual({ shape: [2], data: Float32Array.of(0, 784) });
    // Opset 11 keeps Unsqueeze's axes in an attribute.
    expect(foldShapeNode(node('Unsqueeze', [size(0)], { axes: [0] }, 11))).toEqual({ shape: [1], values: [0], batch: [true] });
  });

  it('slices, casts, squeezes and gathers with negative indices, keeping the batch mark where it goes', () => {
    const shape = shapeOf([3, 32, 32]);
    expect(foldShapeNode(node('Slice', [shape, constant([0]), constant([1])]))).toEqual({ shape: [1], values: [0], batch: [true] });
    expect(foldShapeNode(node('Slice', [shape, constant([2]), constant([2 ** 63])])).values).toEqual([32, 32]);
    expect(foldShapeNode(node('Slice', [shape], { starts: [-1], ends: [4] }, 9)).values).toEqual([32]);
    expect(foldShapeNode(node('Gather', [shape, constant([-1, 1])]))).toEqual({ shape: [2], values: [32, 3], batch: [false, false] });
    expect(foldShapeNode(node('Cast', [shape], { to: 7 }))).toEqual(shape);
    expect(foldShapeNode(node('Squeeze', [foldShapeNode(node('Gather', [shape, constant([0])]))])).shape).toEqual([]);
  });

  it('divides as int64 does (toward zero) and adds and subtracts with scalar broadcasting', () => {
    const sizes: ShapeValue = { shape: [2], values: [7, -7], batch: [false, false] };
    expect(foldShapeNode(node('Div', [sizes, constant([2], [])])).values).toEqual([3, -3]);
    expect(foldShapeNode(node('Add', [sizes, constant([1], [])])).values).toEqual([8, -6]);
    expect(foldShapeNode(node('Sub', [constant([10], []), sizes])).values).toEqual([3, 17]);
  });

  it('refuses what is not plain shape arithmetic, saying why', () => {
    const shape = shapeOf([16, 7, 7]);
    const batch = foldShapeNode(node('Gather', [shape, constant([0], [])]));
    expect(() => foldShapeNode(node('Mul', [batch, constant([2], [])]))).toThrow('computes with the batch size, which is not known until the model runs');
    expect(() => foldShapeNode(node('Div', [constant([4], []), { shape: [], values: [0], batch: [false] }]))).toThrow('divides by zero');
    expect(() => foldShapeNode(node('Gather', [shape, constant([4], [])]))).toThrow('index 4 is outside the 4 values');
    expect(() => foldShapeNode(node('Gather', [shape, constant([0], [])], { axis: 1 }))).toThrow(/only from a vector/);
    expect(() => foldShapeNode(node('Add', [shapeOf([16, 7, 7], { start: 1 }), constant([1, 2])]))).toThrow('cannot broadcast shapes [3] and [2]');
    expect(() => foldShapeNode(node('Concat', [shape, constant([1, 2, 3, 4], [2, 2])]))).toThrow('reads a constant of shape [2,2]');
    expect(() => foldShapeNode(node('Slice', [shape, constant([0]), constant([2]), constant([0]), constant([2])]))).toThrow(/step 1/);
    expect(() => foldShapeNode(node('Unsqueeze', [shape, constant([0])]))).toThrow(/rank 2/);
    expect(() => foldShapeNode(node('Reshape', [shape]))).toThrow('is not shape arithmetic');
  });
});
