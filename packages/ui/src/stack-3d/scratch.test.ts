import { inferShapesOrThrow, templates } from '@convstudio/core';
import { Matrix4, PerspectiveCamera } from 'three';
import { it } from 'vitest';
import { fitCamera, viewDirection } from './camera-fit.js';
import { layoutStacks, stackCorners } from './layout.js';
import { projectBoxes } from './screen-boxes.js';

const FOV = Number(process.env.FOV ?? 45);
it('scratch', () => {
  for (const id of (process.env.NETS ?? 'tiny-vgg,alexnet').split(',')) { for (const AZ of [40, 50]) for (const EL of [30, 40]) {
    const t = templates.find((x) => x.id === id)!;
    const p = t.build();
    const shapes = inferShapesOrThrow(p);
    const layers = shapes.nodes.map((n: any) => ({ id: n.node.id, label: n.node.id, shape: [1, ...n.shapes.output] }));
    const layout = layoutStacks(layers, JSON.parse(process.env.OPTS ?? '{}'));
    const corners = stackCorners(layout.stacks);
    for (const [w, h] of (process.env.SIZE ?? '527x650').split(',').map((x) => x.split('x').map(Number))) {
      const fit = fitCamera(corners, { direction: viewDirection(AZ, EL), fov: FOV, width: w, height: h, margins: { top: 40, right: 12, bottom: 12, left: 12 } });
      const cam = new PerspectiveCamera(FOV, w / h, fit.distance / 100, fit.distance * 10);
      cam.position.set(...fit.position); cam.lookAt(...fit.target); cam.updateMatrixWorld(); cam.updateProjectionMatrix();
      const m = new Matrix4().multiplyMatrices(cam.projectionMatrix, cam.matrixWorldInverse);
      const out = new Float32Array(layout.stacks.length * 4);
      projectBoxes(corners, m.elements, w, h, out);
      const hs = layout.stacks.map((s, i) => Math.round(out[4 * i + 3] - out[4 * i + 1]));
      const ov = layout.stacks.map((s, i) => { if (i === 0) return 0; const a = [out[4*i], out[4*i+1], out[4*i+2], out[4*i+3]]; const b = [out[4*i-4], out[4*i-3], out[4*i-2], out[4*i-1]];
        const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])), iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1])); return ix * iy / ((a[2]-a[0])*(a[3]-a[1])); });
      const meanH = hs.reduce((x, y) => x + y, 0) / hs.length;
      const minX = Math.min(...layout.stacks.map((_, i) => out[4*i])), maxX = Math.max(...layout.stacks.map((_, i) => out[4*i+2]));
      const minY = Math.min(...layout.stacks.map((_, i) => out[4*i+1])), maxY = Math.max(...layout.stacks.map((_, i) => out[4*i+3]));
      console.log(id, w, h, AZ, EL, 'min', Math.min(...hs), 'mean', meanH.toFixed(0), 'maxOverlap', Math.max(...ov).toFixed(2), 'meanOv', (ov.reduce((x,y)=>x+y,0)/ov.length).toFixed(2), 'heights', hs.join(' '), 'x', minX.toFixed(0), maxX.toFixed(0), 'y', minY.toFixed(0), maxY.toFixed(0), 'depth', layout.bounds.min[2].toFixed(1));
    }
  }}
});
