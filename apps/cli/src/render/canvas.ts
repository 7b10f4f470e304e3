import { encodePng, type RgbaImage } from '@convstudio/core';

/** An opaque colour, 0..255 per channel. */
export type Rgb = readonly [number, number, number];

export const WHITE: Rgb = [255, 255, 255];
export const BLACK: Rgb = [0, 0, 0];

/**
 * An RGBA pixel buffer to draw on: rectangles, images scaled by nearest neighbour, text (see
 * bitmap-font.ts). Drawing outside the canvas is clipped, never an error.
 *
 * @example
 * const canvas = new Canvas(100, 50, WHITE);
 * canvas.drawImage(tensorToImage(map), 10, 10, 4);
 * await writeFile('out.png', canvas.toPng());
 */
export class Canvas implements RgbaImage {
  readonly data: Uint8ClampedArray;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb = WHITE,
  ) {
    this.data = new Uint8ClampedArray(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  /** Sets one pixel; outside the canvas it does nothing. */
  setPixel(x: number, y: number, [r, g, b]: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const o = (y * this.width + x) * 4;
    this.data[o] = r;
    this.data[o + 1] = g;
    this.data[o + 2] = b;
    this.data[o + 3] = 255;
  }

  /** The colour at a pixel. */
  getPixel(x: number, y: number): Rgb {
    const o = (y * this.width + x) * 4;
    return [this.data[o], this.data[o + 1], this.data[o + 2]];
  }

  fillRect(x: number, y: number, width: number, height: number, color: Rgb): void {
    for (let j = Math.max(0, y); j < Math.min(this.height, y + height); j++) {
      for (let i = Math.max(0, x); i < Math.min(this.width, x + width); i++) this.setPixel(i, j, color);
    }
  }

  /** A one-pixel outline just outside the rectangle (x, y, width, height), like a plot's frame. */
  strokeRect(x: number, y: number, width: number, height: number, color: Rgb): void {
    this.fillRect(x - 1, y - 1, width + 2, 1, color);
    this.fillRect(x - 1, y + height, width + 2, 1, color);
    this.fillRect(x - 1, y, 1, height, color);
    this.fillRect(x + width, y, 1, height, color);
  }

  /** Copies `image` with its top-left corner at (x, y), each pixel drawn as a `scale` x `scale` block. */
  drawImage(image: RgbaImage, x: number, y: number, scale = 1): void {
    for (let j = 0; j < image.height * scale; j++) {
      const row = Math.floor(j / scale) * image.width;
      for (let i = 0; i < image.width * scale; i++) {
        const o = (row + Math.floor(i / scale)) * 4;
        this.setPixel(x + i, y + j, [image.data[o], image.data[o + 1], image.data[o + 2]]);
      }
    }
  }

  /** The canvas as PNG file bytes. */
  toPng(): Uint8Array {
    return encodePng(this);
  }
}
