import { describe, expect, it } from 'vitest';
import type { FilterClusterReport } from '../../analysis/filter-clusters.js';
import { decodeBase64 } from '../../nn/base64.js';
import { divergingColour, filterPicture } from './filter-picture.js';

// Three 2x2 filters on one channel: filters 0 and 2 alike, filter 1 alone; a 4x4 probe image.
const report = (): FilterClusterReport => ({
  nodeId: 'conv<1>',
  threshold: 0.7,
  correlation: [[1, -0.2, 0.9], [-0.2, 1, 0.1], [0.9, 0.1, 1]],
  clusters: [
    { filters: [0, 2], cohesion: 0.9, peaks: [{ image: 5, y: 1, x: 2, value: 3, region: { top: 1, left: 2, bottom: 2, right: 3 } }] },
    { filters: [1], cohesion: 1, peaks: [{ image: 5, y: 0, x: 0, value: 2, region: { top: 0, left: 0, bottom: 1, right: 1 } }] },
  ],
  images: [{ index: 5, channels: 1, height: 4, width: 4, values: Array.from({ length: 16 }, (_, i) => i / 15) }],
});
// Filter 0 all +0.5 (the layer's largest |w|), filter 1 all -0.5, filter 2 zeros.
const kernels = { shape: [3, 1, 2, 2], data: Float32Array.from([0.5, 0.5, 0.5, 0.5, -0.5, -0.5, -0.5, -0.5, 0, 0, 0, 0]) };

/** The pixel (x, y) of a BMP data URL, as [r, g, b]. */
function pixelOf(url: string, x: number, y: number): number[] {
  const bytes = decodeBase64(url.replace('data:image/bmp;base64,', ''))!;
  const view = new DataView(bytes.buffer);
  const width = view.getInt32(18, true);
  const height = view.getInt32(22, true);
  const row = Math.ceil((width * 3) / 4) * 4;
  const at = 54 + (height - 1 - y) * row + x * 3;
  return [bytes[at + 2], bytes[at + 1], bytes[at]];
}
const images = (html: string, cls: string) => [...html.matchAll(new RegExp(`<img class="${cls}" src="([^"]+)"[^>]*alt="([^"]+)"`, 'g'))].map((m) => ({ src: m[1], alt: m[2] }));

describe('filterPicture', () => {
  it('says how the filters group and lists each group with its kernels, red for positive and blue for negative weights', () => {
    const html = filterPicture(report(), kernels);
    expect(html).toContain("conv&lt;1&gt;'s 3 filters fall into 2 groups at correlation ≥ 0.7: 2 filters in 1 group of look-alikes");
    expect(html).toMatch(/<b>filters 0, 2<\/b> <span class="muted">mean correlation 0\.90<\/span>/);
    expect(html).toMatch(/<b>filter 1<\/b> <span class="muted">alone<\/span>/);
    const tiles = images(html, 'kernel');
    expect(tiles.map((t) => t.alt)).toEqual(['filter 0', 'filter 2', 'filter 1']);
    expect(pixelOf(tiles[0].src, 1, 1)).toEqual(divergingColour(1));
    expect(pixelOf(tiles[1].src, 0, 0)).toEqual(divergingColour(0.5));
    expect(pixelOf(tiles[2].src, 0, 1)).toEqual(divergingColour(0));
    expect(divergingColour(1)[0]).toBeGreaterThan(divergingColour(1)[2]);
    expect(divergingColour(0)[2]).toBeGreaterThan(divergingColour(0)[0]);
  });

  it('outlines the input region each group responds to on its probe image, in the image\'s pixels', () => {
    const html = filterPicture(report(), kernels);
    const boxes = [...html.matchAll(/<span class="box" style="left:([\d.]+)px;top:([\d.]+)px;width:([\d.]+)px;height:([\d.]+)px"/g)].map((m) => m.slice(1).map(Number));
    // 4 image pixels on 80 screen pixels: 20 each. Region cols 2..3, rows 1..2.
    expect(boxes).toEqual([[40, 20, 40, 40], [0, 0, 40, 40]]);
    const peak = html.match(/<span class="peak"><img src="([^"]+)"/)![1];
    expect(pixelOf(peak, 3, 3)).toEqual([255, 255, 255]);
    expect(pixelOf(peak, 0, 0)).toEqual([0, 0, 0]);
    expect(pixelOf(peak, 1, 0)).toEqual([17, 17, 17]);
  });

  it('orders the correlation matrix by group, so look-alikes sit together on the diagonal', () => {
    const html = filterPicture(report(), kernels);
    const corr = html.match(/<img class="corr" src="([^"]+)"/)![1];
    // Order 0, 2, 1: cell (1, 0) is filters 2 and 0 (0.9), cell (2, 0) is filters 1 and 0 (-0.2).
    expect(pixelOf(corr, 1, 0)).toEqual(divergingColour(0.95));
    expect(pixelOf(corr, 2, 0)).toEqual(divergingColour(0.4));
    expect(html).toContain('filters ordered by group: 0, 2, 1');
  });

  it('draws no kernels for a weight of the wrong size, and says so when the run kept no probe images', () => {
    const bare = filterPicture({ ...report(), images: [] }, { shape: [3, 1, 2, 2], data: new Float32Array(5) });
    expect(images(bare, 'kernel')).toEqual([]);
    expect(bare).not.toContain('class="peak"');
    expect(bare).toContain('The probe images were not stored with this run');
  });
});
