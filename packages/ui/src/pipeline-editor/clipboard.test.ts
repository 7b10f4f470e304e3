import { parsePipeline } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { copyNodes, pasteNodes } from './clipboard.js';
import { smallChain } from './test-pipelines.fixture.js';

describe('clipboard', () => {
  const positions = { input: { x: 0, y: 0 }, conv1: { x: 0, y: 100 }, relu1: { x: 0, y: 200 }, pool1: { x: 0, y: 300 } };

  it('copies the selection with its internal edges only, never the input node', () => {
    const clip = copyNodes(smallChain(), positions, ['input', 'conv1', 'relu1']);
    expect(clip.nodes.map((n) => n.id)).toEqual(['conv1', 'relu1']);
    expect(clip.edges).toEqual([{ source: 'conv1', target: 'relu1' }]);
    expect(clip.positions).toEqual({ conv1: { x: 0, y: 100 }, relu1: { x: 0, y: 200 } });
  });

  it('pastes with fresh ids, renamed internal edges and offset positions; pasting twice stays unique', () => {
    const base = smallChain();
    const clip = copyNodes(base, positions, ['conv1', 'relu1']);
    const first = pasteNodes(base, positions, clip);
    expect(first.ids).toEqual(['conv2', 'relu2']);
    expect(first.pipeline.edges.at(-1)).toEqual({ source: 'conv2', target: 'relu2' });
    expect(first.positions.conv2).toEqual({ x: 40, y: 140 });
    expect(first.pipeline.nodes.find((n) => n.id === 'conv2')?.params).toEqual({ outChannels: 4, kernelSize: 3 });
    const second = pasteNodes(first.pipeline, first.positions, clip);
    expect(second.ids).toEqual(['conv3', 'relu3']);
    const ids = second.pipeline.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The pasted conv has no input yet: the core names exactly that, and nothing else.
    const parsed = parsePipeline(second.pipeline);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(new Set(parsed.issues.map((i) => `${i.nodeId}:${i.field}`))).toEqual(new Set(['conv2:inputs', 'conv3:inputs']));
  });

  it('is a snapshot: editing the document after copying does not change the clipboard', () => {
    const base = smallChain();
    const clip = copyNodes(base, positions, ['conv1']);
    (base.nodes[1].params as { outChannels: number }).outChannels = 99;
    expect(clip.nodes[0].params).toEqual({ outChannels: 4, kernelSize: 3 });
  });
});
