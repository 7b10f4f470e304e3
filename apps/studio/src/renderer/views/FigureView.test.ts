import { templates } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { figureApplies } from './FigureView.js';

describe('figureApplies', () => {
  const build = (id: string) => templates.find((t) => t.id === id)!.build();
  it("is true for the worked example and false where the figure's layers are missing", () => {
    expect(figureApplies(build('worked-example'), 'conv1', 'pool1')).toBe(true);
    expect(figureApplies(build('mnist-cnn'), 'conv9', 'pool1')).toBe(false);
  });

  it('is false once the convolution has fewer than two kernels', () => {
    const p = build('worked-example');
    const one = { ...p, nodes: p.nodes.map((n) => (n.id === 'conv1' ? { ...n, params: { ...n.params, outChannels: 1 } } : n)) } as typeof p;
    expect(figureApplies(one, 'conv1', 'pool1')).toBe(false);
    expect(figureApplies({ ...p, nodes: p.nodes.filter((n) => n.id !== 'pool1') }, 'conv1', 'pool1')).toBe(false);
  });
});
