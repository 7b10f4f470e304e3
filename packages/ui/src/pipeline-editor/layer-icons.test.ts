import { layerKinds } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { layerIcons } from './layer-icons.js';

describe('layerIcons', () => {
  it("has an icon for every kind of the core's registry, and none for kinds it lacks", () => {
    for (const kind of layerKinds) expect(layerIcons[kind], `icon of ${kind}`).toBeDefined();
    expect(Object.keys(layerIcons).sort()).toEqual([...layerKinds].sort());
  });
});
