import { templates } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { architectureThumb } from './architecture-thumb.js';

const build = (id: string) => templates.find((t) => t.id === id)!.build();

describe('architectureThumb', () => {
  it('draws one block per node inside the box, left to right', () => {
    for (const template of templates) {
      const pipeline = template.build();
      const blocks = architectureThumb(pipeline, 200, 60);
      expect(blocks, template.id).toHaveLength(pipeline.nodes.length);
      for (let i = 1; i < blocks.length; i++) expect(blocks[i].x, template.id).toBeGreaterThan(blocks[i - 1].x);
      const last = blocks.at(-1)!;
      expect(last.x + last.width, template.id).toBeLessThanOrEqual(200 + 1.5 * blocks.length);
      expect(Math.max(...blocks.map((b) => b.height)), template.id).toBeLessThanOrEqual(60);
    }
  });

  it("makes AlexNet's 224x224 input taller than its 13x13 maps and its 256-channel layers wider than the input", () => {
    const blocks = architectureThumb(build('alexnet'), 240, 60);
    const input = blocks.find((b) => b.group === 'Input')!;
    const conv5 = blocks.find((b) => b.id === 'conv5')!;
    expect(input.height).toBeGreaterThan(conv5.height);
    expect(conv5.width).toBeGreaterThan(input.width);
  });
});
