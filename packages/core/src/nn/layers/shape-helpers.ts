import { fail, formatShape } from '../../errors.js';
import type { Pair } from '../../shape.js';
import type { LayerShapes } from './spec.js';

export const pairOf = (value: Pair): [number, number] => (typeof value === 'number' ? [value, value] : [value[0], value[1]]);

export const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The input as feature maps [C, H, W], or a clear error naming the kind. */
export function expectMaps(kind: string, shape: number[]): [number, number, number] {
  if (shape.length !== 3) {
    fail(kind, 'input', `expects feature maps [C,H,W], got flat features ${formatShape(shape)}; put it before flatten/linear`);
  }
  return shape as [number, number, number];
}

/** The input as flat features [F], or a clear error naming the kind. */
export function expectFlat(kind: string, shape: number[]): number {
  if (shape.length !== 1) fail(kind, 'input', `expects flat features [F], got maps ${formatShape(shape)}; insert a flatten node before it`);
  return shape[0];
}

export const sameShape = (shape: number[]): LayerShapes => ({ output: [...shape] });

/** The bias shape when the layer has one (the default). */
export const biasShape = (useBias: boolean | undefined, channels: number): number[] | undefined => (useBias ?? true ? [channels] : undefined);
