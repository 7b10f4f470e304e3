// The source document's worked example in the terminal: the synthetic 6, the two diagonal
// edge kernels, convolution, min-max normalisation, ReLU and 3x3 max pooling.
// Run: npm start (at the repository root) or npm run example -w @convstudio/core
import { type Tensor, conv2d, diagonalEdgeKernel, maxPool2d, normalize, relu, rotatedDiagonalEdgeKernel, syntheticSix } from '@convstudio/core';

const SHADES = ' .:-=+*#%@';

/** Draws a [1, 1, H, W] map as text, darkest to brightest, two characters per pixel. */
function draw(title: string, map: Tensor): string {
  const [, , height, width] = map.shape;
  const values = Array.from(map.data);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const rows = [`${title} ${map.shape.slice(2).join('x')}`];
  for (let y = 0; y < height; y++) {
    let line = '';
    for (let x = 0; x < width; x++) {
      const level = hi === lo ? 0 : (map.get(0, 0, y, x) - lo) / (hi - lo);
      line += SHADES[Math.min(SHADES.length - 1, Math.floor(level * SHADES.length))].repeat(2);
    }
    rows.push(line);
  }
  return rows.join('\n');
}

const six = syntheticSix();
console.log(draw("'6' image", six));
for (const [name, kernel] of [['Diagonal edge kernel', diagonalEdgeKernel()], ['Rotated diagonal edge kernel', rotatedDiagonalEdgeKernel()]] as const) {
  const conv = normalize(conv2d(six, kernel), { min: 0, max: 255 });
  const pooled = maxPool2d(relu(conv), { kernelSize: 3, stride: 3 });
  console.log(`\n${draw(`${name}: conv (6)`, conv)}\n\n${draw('Max pooled (6)', pooled)}`);
  const [, , rows, cols] = pooled.shape;
  for (let y = 0; y < rows; y++) {
    console.log(Array.from({ length: cols }, (_, x) => pooled.get(0, 0, y, x).toFixed(0).padStart(4)).join(''));
  }
}
console.log('\nThe studio (drag layers, see every feature map in 2D and 3D) is being built; see the README.');
