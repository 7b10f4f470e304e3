import { Matrix4, PerspectiveCamera } from 'three';
import { describe, expect, it } from 'vitest';
import { cameraBasis, fitCamera, viewDirection, type CameraFit, type FitMargins } from './camera-fit.js';
import { layoutStacks, stackCorners, type LayerShape } from './layout.js';
import { projectBoxes } from './screen-boxes.js';

// three.js is the oracle: its camera, looking from the fit's position at its target, projects.
function project(points: Float32Array, fit: CameraFit, fov: number, width: number, height: number): number[][] {
  const camera = new PerspectiveCamera(fov, width / height, fit.distance / 100, fit.distance * 10);
  camera.position.set(...fit.position);
  camera.lookAt(...fit.target);
  camera.updateMatrixWorld();
  const matrix = new Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
  const out: number[][] = [];
  for (let i = 0; i < points.length; i += 3) {
    const v = { x: points[i], y: points[i + 1], z: points[i + 2] };
    const e = matrix.elements;
    const w = e[3] * v.x + e[7] * v.y + e[11] * v.z + e[15];
    out.push([((e[0] * v.x + e[4] * v.y + e[8] * v.z + e[12]) / w + 1) * 0.5 * width, (1 - (e[1] * v.x + e[5] * v.y + e[9] * v.z + e[13]) / w) * 0.5 * height]);
  }
  return out;
}

const conv = (id: string, c: number, h: number): LayerShape => ({ id, label: id, shape: [1, c, h, h] });
const workedExample = [conv('input', 1, 28), conv('conv1', 2, 24), conv('relu1', 2, 24), conv('pool1', 2, 8)];
const alexNet: LayerShape[] = [
  conv('input', 3, 224), conv('conv1', 64, 55), conv('relu1', 64, 55), conv('pool1', 64, 27), conv('conv2', 192, 27), conv('relu2', 192, 27),
  conv('pool2', 192, 13), conv('conv3', 384, 13), conv('relu3', 384, 13), conv('conv4', 256, 13), conv('relu4', 256, 13), conv('conv5', 256, 13),
  conv('relu5', 256, 13), conv('pool5', 256, 6), { id: 'flatten', label: 'flatten', shape: [1, 9216] }, { id: 'fc1', label: 'fc1', shape: [1, 4096] },
  { id: 'relu6', label: 'relu6', shape: [1, 4096] }, { id: 'fc2', label: 'fc2', shape: [1, 4096] }, { id: 'relu7', label: 'relu7', shape: [1, 4096] },
  { id: 'fc3', label: 'fc3', shape: [1, 1000] },
];
const margins: FitMargins = { top: 40, right: 12, bottom: 12, left: 12 };

describe('fitCamera', () => {
  it('frames a square head on at the textbook distance', () => {
    const fit = fitCamera(new Float32Array([-1, -1, 0, 1, 1, 0]), { direction: [0, 0, 1], fov: 90, width: 100, height: 100 });
    expect(fit.distance).toBeCloseTo(1);
    expect(fit.target).toEqual([0, 0, 0]);
    expect(fit.position[2]).toBeCloseTo(1);
  });

  it('uses the wider side of a wide canvas: the same square is framed by its height', () => {
    const square = new Float32Array([-1, -1, 0, 1, 1, 0]);
    const wide = fitCamera(square, { direction: [0, 0, 1], fov: 90, width: 300, height: 100 });
    const tall = fitCamera(square, { direction: [0, 0, 1], fov: 90, width: 100, height: 300 });
    expect(wide.distance).toBeCloseTo(1);
    expect(tall.distance).toBeCloseTo(3);
  });

  for (const [name, layers] of [['a 4-layer worked example', workedExample], ['20-layer AlexNet', alexNet]] as const) {
    for (const [width, height] of [[520, 640], [900, 420], [320, 320]]) {
      it(`puts every corner of ${name} inside a ${width}x${height} canvas less its margins, touching two opposite edges`, () => {
        const corners = stackCorners(layoutStacks(layers).stacks);
        const fit = fitCamera(corners, { direction: viewDirection(50, 28), fov: 30, width, height, margins });
        const points = project(corners, fit, 30, width, height);
        const xs = points.map((p) => p[0]);
        const ys = points.map((p) => p[1]);
        const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
        expect(left).toBeGreaterThanOrEqual(margins.left - 1e-3);
        expect(right).toBeLessThanOrEqual(width - margins.right + 1e-3);
        expect(top).toBeGreaterThanOrEqual(margins.top - 1e-3);
        expect(bottom).toBeLessThanOrEqual(height - margins.bottom + 1e-3);
        // Tight: the binding axis touches both of its edges, the other is centred in its room.
        const touchesX = Math.abs(left - margins.left) < 0.01 && Math.abs(right - (width - margins.right)) < 0.01;
        const touchesY = Math.abs(top - margins.top) < 0.01 && Math.abs(bottom - (height - margins.bottom)) < 0.01;
        expect(touchesX || touchesY).toBe(true);
        if (touchesX) expect((top - margins.top) - (height - margins.bottom - bottom)).toBeCloseTo(0, 1);
        else expect((left - margins.left) - (width - margins.right - right)).toBeCloseTo(0, 1);
      });
    }
  }

  it('refuses a canvas with no size, a zero direction and margins that leave nothing', () => {
    const p = new Float32Array([0, 0, 0]);
    expect(() => fitCamera(p, { direction: [0, 0, 1], fov: 30, width: 0, height: 10 })).toThrow(/canvas must have a size, got 0x10/);
    expect(() => fitCamera(p, { direction: [0, 0, 0], fov: 30, width: 10, height: 10 })).toThrow(/direction must not be zero/);
    expect(() => fitCamera(p, { direction: [0, 0, 1], fov: 30, width: 10, height: 10, margins: { top: 5, right: 0, bottom: 5, left: 0 } })).toThrow(/leave nothing/);
  });
});

describe('viewDirection and cameraBasis', () => {
  it('measures azimuth from +z towards +x and elevation up from the horizon, as OrbitControls does', () => {
    const [x, y, z] = viewDirection(90, 0);
    expect([x, y, z].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([1, 0, 0]);
    expect(viewDirection(0, 90)[1]).toBeCloseTo(1);
  });
  it('gives three.js lookAt axes: right, up, back', () => {
    expect(cameraBasis([0, 0, 1])).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  });
});

describe('AlexNet framed at 1440x900 (a 520 x 640 canvas)', () => {
  it('shows every stack at least 20 px tall', () => {
    const { stacks } = layoutStacks(alexNet);
    const corners = stackCorners(stacks);
    const fit = fitCamera(corners, { direction: viewDirection(50, 28), fov: 30, width: 520, height: 640, margins });
    const camera = new PerspectiveCamera(30, 520 / 640, 0.1, 1000);
    camera.position.set(...fit.position);
    camera.lookAt(...fit.target);
    camera.updateMatrixWorld();
    const boxes = new Float32Array(stacks.length * 4);
    projectBoxes(corners, new Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).elements, 520, 640, boxes);
    const heights = stacks.map((_, i) => boxes[4 * i + 3] - boxes[4 * i + 1]);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(20);
  });
});
