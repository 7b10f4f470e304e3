import { inferShapes, templates } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { projects } from './projects.js';

describe('projects', () => {
  it('offers every core template, the worked example first, each opening to a valid pipeline', () => {
    expect(projects.map((p) => p.id)).toEqual([...templates.map((t) => t.id), 'doc-conv-2x2', 'doc-backprop', 'doc-up-convolution']);
    expect(projects[0]).toMatchObject({ id: 'worked-example', view: 'figure', sampleId: 'six', scale: '0-255' });
    for (const project of projects) expect(inferShapes(project.build()).issues).toEqual([]);
  });

  it('pairs RGB networks with a photo and grayscale ones with a digit', () => {
    const photos = ['chelsea', 'coffee'];
    for (const project of projects) {
      const channels = (project.build().nodes[0].params as { channels: number }).channels;
      expect(photos.includes(project.sampleId), project.id).toBe(channels === 3);
    }
  });
});
