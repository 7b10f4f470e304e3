import { describe, expect, it } from 'vitest';
import { planImageSize } from './image-limits.js';

describe('planImageSize', () => {
  it('keeps images within the limit as they are', () => {
    expect(planImageSize({ format: 'png', width: 451, height: 300 })).toEqual({ ok: true, width: 451, height: 300 });
  });

  it('scales the longer side down to the limit, keeping the aspect ratio, and says so', () => {
    const plan = planImageSize({ format: 'jpeg', width: 4000, height: 3000 });
    expect(plan).toMatchObject({ ok: true, width: 1024, height: 768 });
    expect(plan.ok && plan.notice).toContain('4000x3000 to 1024x768');
  });

  it('refuses images whose pixel count would exhaust memory, before decoding', () => {
    const plan = planImageSize({ format: 'png', width: 30_000, height: 30_000 });
    expect(plan).toEqual({ ok: false, error: '30000x30000 is 900 megapixels; the studio opens images up to 64 megapixels' });
  });

  it('refuses an empty size', () => {
    expect(planImageSize({ format: 'gif', width: 0, height: 10 })).toMatchObject({ ok: false });
  });
});
