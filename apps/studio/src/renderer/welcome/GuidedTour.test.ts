import { describe, expect, it } from 'vitest';
import { calloutPosition } from './GuidedTour.js';
import { tourSteps } from './tour-steps.js';

describe('calloutPosition', () => {
  const viewport = { width: 1440, height: 900 };
  it('goes beside the target when there is room on its right', () => {
    expect(calloutPosition({ left: 0, top: 60, width: 500, height: 800 }, viewport)).toEqual({ left: 512, top: 72 });
  });
  it('goes to the left of a target at the right edge, and stays in the window', () => {
    const at = calloutPosition({ left: 900, top: 60, width: 540, height: 800 }, viewport);
    expect(at.left + 320).toBeLessThanOrEqual(900);
    const narrow = calloutPosition({ left: 0, top: 60, width: 1024, height: 600 }, { width: 1024, height: 700 });
    expect(narrow.left).toBeGreaterThanOrEqual(12);
    expect(narrow.left + 320).toBeLessThanOrEqual(1024 - 12);
  });
});

describe('tourSteps', () => {
  it('points at the editor, the kernels, the maps, the 3D stack and the figure', () => {
    expect(tourSteps.map((s) => s.view ?? s.selectNode ?? s.target)).toEqual(['section[aria-label="Pipeline editor"]', 'conv1', 'maps', 'stack', 'figure']);
  });
});
