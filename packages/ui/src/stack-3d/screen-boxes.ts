/**
 * Projects boxes given by 8 corners each (x, y, z; 24 numbers a box, see `stackCorners`) to the
 * screen and writes each one's bounding rectangle in CSS pixels (left, top, right, bottom; y
 * down) into `out`, and, when `points` is given, each corner's screen position (16 numbers a
 * box). `matrix` is a view-projection matrix in column-major order (three.js's
 * `Matrix4.elements`). A box with a corner behind the camera gets NaN. Allocates nothing: it
 * runs every frame.
 *
 * @example
 * const out = new Float32Array(4);
 * projectBoxes(corners, camera.projectionMatrix.clone().multiply(camera.matrixWorldInverse).elements, 800, 600, out);
 */
export function projectBoxes(corners: ArrayLike<number>, matrix: ArrayLike<number>, width: number, height: number, out: Float32Array, points?: Float32Array): void {
  const boxes = corners.length / 24;
  const m = matrix;
  for (let b = 0; b < boxes; b++) {
    // Plain locals, no destructuring: nothing here may allocate.
    let left = Infinity;
    let top = Infinity;
    let right = -Infinity;
    let bottom = -Infinity;
    for (let c = 0; c < 8; c++) {
      const i = b * 24 + c * 3;
      const x = corners[i];
      const y = corners[i + 1];
      const z = corners[i + 2];
      const w = m[3] * x + m[7] * y + m[11] * z + m[15];
      if (!(w > 0)) {
        left = NaN;
        break;
      }
      const sx = ((m[0] * x + m[4] * y + m[8] * z + m[12]) / w + 1) * 0.5 * width;
      const sy = (1 - (m[1] * x + m[5] * y + m[9] * z + m[13]) / w) * 0.5 * height;
      if (points) {
        points[b * 16 + c * 2] = sx;
        points[b * 16 + c * 2 + 1] = sy;
      }
      left = Math.min(left, sx);
      right = Math.max(right, sx);
      top = Math.min(top, sy);
      bottom = Math.max(bottom, sy);
    }
    out[b * 4] = left;
    out[b * 4 + 1] = Number.isNaN(left) ? NaN : top;
    out[b * 4 + 2] = Number.isNaN(left) ? NaN : right;
    out[b * 4 + 3] = Number.isNaN(left) ? NaN : bottom;
  }
}
