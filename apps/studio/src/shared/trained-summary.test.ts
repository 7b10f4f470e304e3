import { describe, expect, it } from 'vitest';
import { trainedFromMeta } from './trained-summary.js';

describe('trainedFromMeta', () => {
  it('reads convstudio train\'s meta (data set, epochs done) and a lab run\'s', () => {
    expect(trainedFromMeta({ dataset: 'mnist', epochs: 5, epoch: 3, history: [{}, {}, {}] })).toEqual({ task: 'mnist', epochs: 3 });
    expect(trainedFromMeta({ dataset: 'fashion-mnist', history: [{}, {}] })).toEqual({ task: 'fashion-mnist', epochs: 2 });
    expect(trainedFromMeta({ source: 'convstudio lab', run: 27, epoch: 3 })).toEqual({ task: 'lab run 27', epochs: 3 });
  });

  it('says nothing for weights that were not trained, or whose meta it cannot read', () => {
    expect(trainedFromMeta(undefined)).toBeUndefined();
    expect(trainedFromMeta({})).toBeUndefined();
    expect(trainedFromMeta({ dataset: 'mnist', epoch: 0 })).toBeUndefined();
    expect(trainedFromMeta({ dataset: 'mnist', epoch: 1.5 })).toBeUndefined();
    expect(trainedFromMeta({ epoch: 2 })).toBeUndefined();
  });
});
