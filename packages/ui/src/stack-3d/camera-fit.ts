/** A 3-vector as a tuple. */
export type Vec3 = readonly [number, number, number];

/** Free space to leave at each edge of the viewport, in CSS pixels. */
export interface FitMargins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** What {@link fitCamera} needs of the view: direction, field of view and the canvas size. */
export interface FitView {
  /** From the target towards the camera (any length). */
  direction: Vec3;
  /** Vertical field of view, degrees. */
  fov: number;
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
  margins?: FitMargins;
  /** World up (default +y). */
  up?: Vec3;
}

/** A framing: the camera sits at `position` looking at `target`, `distance` apart. */
export interface CameraFit {
  target: [number, number, number];
  position: [number, number, number];
  distance: number;
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: Vec3): Vec3 => {
  const length = Math.hypot(...a);
  if (!(length > 0)) throw new Error(`fitCamera: direction must not be zero, got [${a.join(',')}]`);
  return [a[0] / length, a[1] / length, a[2] / length];
};

/**
 * The camera's axes for looking along -`direction` with `up` (as three.js's `lookAt`): right,
 * up and back (towards the camera).
 *
 * @example
 * cameraBasis([0, 0, 1]); // [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
 */
export function cameraBasis(direction: Vec3, up: Vec3 = [0, 1, 0]): [Vec3, Vec3, Vec3] {
  const back = unit(direction);
  const right = unit(cross(up, back));
  return [right, cross(back, right), back];
}

/**
 * The tightest perspective framing of `points` (x, y, z triples) seen along `direction`: the
 * nearest camera position from which every point projects inside the canvas less its margins,
 * centred where the binding axis has slack. Exact, not iterated: for a lateral shift s and
 * distance d, a point (x, z) in camera axes is inside the right edge when
 * x - s <= a_r (d - z), with a_r the edge's tangent; a shift that satisfies every point's left
 * and right bounds exists exactly when d >= (max(x + a_r z) + max(-x + a_l z)) / (a_r + a_l).
 *
 * @example
 * // A 2x2 square at the origin, seen head on through a 90° square view with no margins: 1 + 1 away.
 * fitCamera(new Float32Array([-1, -1, 0, 1, 1, 0]), { direction: [0, 0, 1], fov: 90, width: 100, height: 100 }).distance; // 2
 */
export function fitCamera(points: ArrayLike<number>, view: FitView): CameraFit {
  const { fov, width, height, margins = { top: 0, right: 0, bottom: 0, left: 0 } } = view;
  if (!(width > 0 && height > 0)) throw new Error(`fitCamera: canvas must have a size, got ${width}x${height}`);
  if (!(fov > 0 && fov < 180)) throw new Error(`fitCamera: fov must be in (0, 180) degrees, got ${fov}`);
  if (points.length < 3 || points.length % 3 !== 0) throw new Error(`fitCamera: points must be x, y, z triples, got ${points.length} numbers`);
  const [right, up, back] = cameraBasis(view.direction, view.up);
  const tanV = Math.tan((fov * Math.PI) / 360);
  const tanH = tanV * (width / height);
  // Tangents to each edge: a margin of m pixels moves the edge in by m / (half the size).
  const edge = {
    right: tanH * (1 - (2 * margins.right) / width),
    left: tanH * (1 - (2 * margins.left) / width),
    top: tanV * (1 - (2 * margins.top) / height),
    bottom: tanV * (1 - (2 * margins.bottom) / height),
  };
  if (Object.values(edge).some((t) => !(t > 0))) throw new Error(`fitCamera: margins ${JSON.stringify(margins)} leave nothing of a ${width}x${height} canvas`);

  // Camera axes about the points' mean, so the numbers stay small.
  const count = points.length / 3;
  const origin: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < points.length; i++) origin[i % 3] += points[i] / count;
  let [maxXR, maxXL, maxYT, maxYB] = [-Infinity, -Infinity, -Infinity, -Infinity];
  const local = new Float64Array(points.length);
  for (let i = 0; i < count; i++) {
    const q: Vec3 = [points[3 * i] - origin[0], points[3 * i + 1] - origin[1], points[3 * i + 2] - origin[2]];
    const [x, y, z] = [dot(q, right), dot(q, up), dot(q, back)];
    local.set([x, y, z], 3 * i);
    maxXR = Math.max(maxXR, x + edge.right * z);
    maxXL = Math.max(maxXL, -x + edge.left * z);
    maxYT = Math.max(maxYT, y + edge.top * z);
    maxYB = Math.max(maxYB, -y + edge.bottom * z);
  }
  const distance = Math.max((maxXR + maxXL) / (edge.right + edge.left), (maxYT + maxYB) / (edge.top + edge.bottom));
  // The feasible shifts along each axis; within them, the one that leaves equal room in pixels
  // on both sides (the gaps change monotonically with the shift, so bisection finds it).
  let [loX, hiX, loY, hiY] = [-Infinity, Infinity, -Infinity, Infinity];
  for (let i = 0; i < count; i++) {
    const [x, y, z] = [local[3 * i], local[3 * i + 1], local[3 * i + 2]];
    loX = Math.max(loX, x - edge.right * (distance - z));
    hiX = Math.min(hiX, x + edge.left * (distance - z));
    loY = Math.max(loY, y - edge.top * (distance - z));
    hiY = Math.min(hiY, y + edge.bottom * (distance - z));
  }
  const sx = balance(local, 0, distance, loX, hiX, edge.right, edge.left);
  const sy = balance(local, 1, distance, loY, hiY, edge.top, edge.bottom);
  const target = [0, 1, 2].map((k) => origin[k] + sx * right[k] + sy * up[k]) as [number, number, number];
  const position = [0, 1, 2].map((k) => target[k] + distance * back[k]) as [number, number, number];
  return { target, position, distance };
}

/**
 * The shift in [lo, hi] along camera axis `axis` (0: x, 1: y) at which the points' nearest
 * approach to the high edge (tangent `high`) equals that to the low edge (tangent `low`), both
 * measured as a fraction of the view at the point's depth, as pixels are.
 */
function balance(local: Float64Array, axis: 0 | 1, distance: number, lo: number, hi: number, high: number, low: number): number {
  if (!(hi > lo)) return (lo + hi) / 2;
  // Room to the high edge minus room to the low one: it grows with the shift, which moves
  // every point towards the low edge.
  const excess = (shift: number) => {
    let [toHigh, toLow] = [Infinity, Infinity];
    for (let i = 0; i < local.length; i += 3) {
      const depth = distance - local[i + 2];
      const v = (local[i + axis] - shift) / depth;
      toHigh = Math.min(toHigh, high - v);
      toLow = Math.min(toLow, low + v);
    }
    return toHigh - toLow;
  };
  let [a, b] = [lo, hi];
  for (let k = 0; k < 50; k++) {
    const mid = (a + b) / 2;
    if (excess(mid) > 0) b = mid;
    else a = mid;
  }
  return (a + b) / 2;
}

/**
 * A unit view direction from azimuth (degrees about +y, 0 looking from +z, positive towards +x)
 * and elevation (degrees above the horizon), as OrbitControls measures its angles.
 *
 * @example
 * viewDirection(90, 0); // [1, 0, 0] (up to rounding)
 */
export function viewDirection(azimuth: number, elevation: number): Vec3 {
  const [a, e] = [(azimuth * Math.PI) / 180, (elevation * Math.PI) / 180];
  return [Math.cos(e) * Math.sin(a), Math.sin(e), Math.cos(e) * Math.cos(a)];
}
