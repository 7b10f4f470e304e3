import { nodeKinds } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { layerCatalog, layerGroups, layerTitle } from './layer-catalog.js';

describe('layerCatalog', () => {
  it('names, groups and describes every layer kind of the core', () => {
    const kinds = nodeKinds.filter((k) => k !== 'input');
    expect(Object.keys(layerCatalog).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) {
      const entry = layerCatalog[kind];
      expect(layerGroups, kind).toContain(entry.group);
      expect(entry.title, kind).not.toBe(kind); // a name for people, not the kind's identifier
      expect(entry.description.length, kind).toBeGreaterThan(10);
    }
  });

  it('gives readable titles, the input node included', () => {
    expect(layerTitle('conv2d')).toBe('Conv 2D');
    expect(layerTitle('input')).toBe('Input');
  });
});
