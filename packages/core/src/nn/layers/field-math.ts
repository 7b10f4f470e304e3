// Receptive-field algebra along one axis (the conventions are in analysis/receptive-field.ts).

/** The receptive field along one axis. */
export interface AxisField {
  /** Input pixels a unit sees (fractional after upsampling). */
  size: number;
  /** Input pixels between neighbouring units' centres. */
  jump: number;
  /** Centre of unit 0, in input pixel coordinates. */
  start: number;
}

/** A window layer: kernel k, stride s, padding p before the first pixel, dilation d. */
export function windowField(f: AxisField, kernel: number, stride: number, padBefore: number, dilation: number): AxisField {
  const extent = dilation * (kernel - 1) + 1;
  return { size: f.size + (extent - 1) * f.jump, jump: f.jump * stride, start: f.start + ((extent - 1) / 2 - padBefore) * f.jump };
}

/** An upsampling layer with stride (factor) s: it moves in fractions of a pixel. */
export function upsampleField(f: AxisField, kernel: number, stride: number, padBefore: number, dilation: number): AxisField {
  const extent = dilation * (kernel - 1) + 1;
  const jump = f.jump / stride;
  return { size: f.size + (extent - 1) * jump, jump, start: f.start + (padBefore - (extent - 1) / 2) * jump };
}

/** The hull of the fields of several inputs' unit 0 (add, concat). */
export function unionField(fields: AxisField[]): AxisField {
  const low = Math.min(...fields.map((f) => f.start - (f.size - 1) / 2));
  const high = Math.max(...fields.map((f) => f.start + (f.size - 1) / 2));
  return { size: high - low + 1, jump: Math.max(...fields.map((f) => f.jump)), start: (low + high) / 2 };
}
