import { layerRegistry, nodeKinds } from '@convstudio/core';
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

  it("reads every entry from the core's layer registry", () => {
    expect(layerCatalog.conv2d).toEqual({ title: layerRegistry.conv2d.editor.title, group: layerRegistry.conv2d.group, description: layerRegistry.conv2d.editor.description });
    expect(layerGroups).toContain('Regularisation');
  });

  it('gives readable titles, the input node included', () => {
    expect(layerTitle('conv2d')).toBe('Conv 2D');
    expect(layerTitle('input')).toBe('Input');
  });
});
