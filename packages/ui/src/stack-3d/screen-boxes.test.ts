import { Matrix4, PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { projectBoxes } from './screen-boxes.js';

// A unit cube's 8 corners at the origin.
const cube = new Float32Array([-1, 1, 1, 1, 1, 1, -1, -1, 1, 1, -1, 1, -1, 1, -1, 1, 1, -1, -1, -1, -1, 1, -1, -1].map((v) => v * 0.5));

describe('projectBoxes', () => {
  it("matches three.js's Vector3.project for every corner (the oracle)", () => {
    const camera = new PerspectiveCamera(40, 2, 0.1, 100);
    camera.position.set(2, 1.5, 3);
    camera.lookAt(0, 0, 0);
    camera.updateMatrixWorld();
    const matrix = new Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
    const out = new Float32Array(4);
    projectBoxes(cube, matrix.elements, 800, 400, out);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < 24; i += 3) {
      const p = new Vector3(cube[i], cube[i + 1], cube[i + 2]).project(camera);
      xs.push((p.x + 1) * 400);
      ys.push((1 - p.y) * 200);
    }
    expect(out[0]).toBeCloseTo(Math.min(...xs), 3);
    expect(out[1]).toBeCloseTo(Math.min(...ys), 3);
    expect(out[2]).toBeCloseTo(Math.max(...xs), 3);
    expect(out[3]).toBeCloseTo(Math.max(...ys), 3);
  });

  it('marks a box reaching behind the camera with NaN', () => {
    const camera = new PerspectiveCamera(40, 1, 0.1, 100);
    camera.position.set(0, 0, 0.2);
    camera.updateMatrixWorld();
    const out = new Float32Array(4);
    projectBoxes(cube, new Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).elements, 100, 100, out);
    expect([...out].every(Number.isNaN)).toBe(true);
  });
});
