import { decodeImage } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { parseProject } from '../../shared/project-schema.js';
import { sampleProject } from '../../shared/testing/sample-project.js';
import { embedImage, fromBase64, toBase64 } from './project-image.js';

const gradient = (width: number, height: number) => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([i % 256, (i * 7) % 256, (i * 13) % 256, 255], i * 4);
  return { width, height, data };
};

describe('the image saved with a project', () => {
  it('is the exact pixels as PNG in base64, valid in a project', async () => {
    const image = gradient(31, 17);
    const result = await embedImage('six.png', image);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.image).toMatchObject({ name: 'six.png', mimeType: 'image/png', width: 31, height: 17 });
    const decoded = decodeImage(fromBase64(result.image.data));
    expect([decoded.width, decoded.height]).toEqual([31, 17]);
    expect(Array.from(decoded.data)).toEqual(Array.from(image.data));
    expect(parseProject({ ...sampleProject(), image: result.image }).ok).toBe(true);
  });

  it('is left out above the cap, with a sentence saying so', async () => {
    const result = await embedImage('photo.png', gradient(64, 64), 100);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^The image photo\.png is 0\.0 MB as PNG, more than the 0\.0 MB a project holds, so the project was saved without it/) });
  });

  it('base64 round-trips bytes of every value and large arrays', () => {
    const bytes = new Uint8Array(100_003).map((_, i) => (i * 31) % 256);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(toBase64(new Uint8Array([255, 0, 1]))).toBe('/wAB');
  });
});
