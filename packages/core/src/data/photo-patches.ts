import { fail } from '../errors.js';
import { decodeBase64 } from '../nn/base64.js';
import type { LabelledData } from '../nn/train.js';
import { createRandom } from '../random.js';
import { Tensor } from '../tensor.js';
import { resizePlanes } from './image-resize.js';
import { bundledPhotos } from './photos.generated.js';

const QUADRANTS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;

/** The classes of {@link photoPatches}: each bundled photograph's four quadrants. */
export const photoPatchClasses: readonly string[] = bundledPhotos.flatMap((p) => QUADRANTS.map((q) => `${p.name} ${q}`));

let decoded: Float32Array[] | undefined;
/** The photographs as planar RGB in 0..1, decoded once (from base64: any host, no file paths). */
function photoPlanes(): Float32Array[] {
  decoded ??= bundledPhotos.map((p) => {
    const bytes = decodeBase64(p.rgbPlanes);
    if (!bytes || bytes.length !== 3 * p.width * p.height) throw new Error(`photoPatches: the bundled photo "${p.name}" is damaged; rerun scripts/build-photos.ts`);
    return Float32Array.from(bytes, (v) => v / 255);
  });
  return decoded;
}

/** Options of {@link photoPatches}. */
export interface PhotoPatchOptions {
  /** Patches in all, the same number per class (rounded down). Default 2,400. */
  count?: number;
  /** Side of each square patch. Default 64 (Tiny VGG's input). */
  size?: number;
  seed?: number;
}

/**
 * An RGB image-classification set cut from the two bundled photographs (192x128 copies of the
 * studio's CC0 samples): each patch is a random square crop (55-100 % of a quadrant's height)
 * inside one quadrant of one photo, resized to `size` x `size`, its brightness scaled by 0.8-1.2;
 * the class is the photo and quadrant (8 classes: cat's face, ears, fur; cup, saucer, table…).
 * A net must tell colours and textures apart, which grayscale digits never ask of an RGB net.
 *
 * @example
 * const { data, classes } = photoPatches({ count: 800, seed: 1 }); // images [800, 3, 64, 64], 8 classes
 */
export function photoPatches(options: PhotoPatchOptions = {}): { data: LabelledData; classes: string[] } {
  const { count = 2400, size = 64, seed = 0 } = options;
  if (!Number.isInteger(count) || count < photoPatchClasses.length) fail('photoPatches', 'count', `must be an integer of at least ${photoPatchClasses.length} (one per class), got ${count}`);
  if (!Number.isInteger(size) || size < 4 || size > 256) fail('photoPatches', 'size', `must be an integer in [4, 256], got ${size}`);
  const planes = photoPlanes();
  const rng = createRandom(seed);
  const classes = photoPatchClasses.length;
  const n = Math.floor(count / classes) * classes;
  const pixels = size * size;
  const images = new Float32Array(n * 3 * pixels);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % classes;
    const photo = bundledPhotos[Math.floor(label / 4)];
    const source = planes[Math.floor(label / 4)];
    const quadrant = label % 4;
    const cellH = Math.floor(photo.height / 2);
    const cellW = Math.floor(photo.width / 2);
    const side = Math.max(4, Math.round((0.55 + 0.45 * rng.next()) * Math.min(cellH, cellW)));
    const top = (quadrant >= 2 ? cellH : 0) + Math.floor(rng.next() * (cellH - side + 1));
    const left = (quadrant % 2 ? cellW : 0) + Math.floor(rng.next() * (cellW - side + 1));
    const crop = new Float32Array(3 * side * side);
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < side; y++) {
        const from = (c * photo.height + top + y) * photo.width + left;
        crop.set(source.subarray(from, from + side), (c * side + y) * side);
      }
    }
    const brightness = 0.8 + 0.4 * rng.next();
    const patch = resizePlanes(crop, 3, side, side, size, size);
    for (let k = 0; k < patch.length; k++) images[i * 3 * pixels + k] = Math.min(1, patch[k] * brightness);
    labels[i] = label;
  }
  return { data: { images: new Tensor(images, [n, 3, size, size]), labels }, classes: [...photoPatchClasses] };
}
