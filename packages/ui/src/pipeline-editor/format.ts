/**
 * A shape as the canvas shows it.
 *
 * @example
 * formatShapeText([1, 6, 28, 28]); // '1×6×28×28'
 */
export const formatShapeText = (shape: readonly number[]): string => shape.join('×');
