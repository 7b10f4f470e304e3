import { describe, expect, it } from 'vitest';
import { sortChosenFiles } from './chosen-files.js';

describe('sortChosenFiles', () => {
  const project = { name: 'net.convstudio.json' };
  const weights = { name: 'net.convstudio.json.weights-0123456789abcdef.bin' };

  it('takes the one project and keeps the weights files chosen with it by name, in either order', () => {
    for (const files of [[project, weights], [weights, project]]) {
      const chosen = sortChosenFiles(files);
      expect(chosen).toEqual({ ok: true, project, beside: new Map([[weights.name, weights]]) });
    }
    expect(sortChosenFiles([project])).toEqual({ ok: true, project, beside: new Map() });
  });

  it('refuses a weights file alone and two projects, naming the files', () => {
    expect(sortChosenFiles([weights])).toEqual({ ok: false, error: expect.stringContaining(`${weights.name}: a weights file opens only with its project`) });
    expect(sortChosenFiles([project, { name: 'other.json' }])).toEqual({ ok: false, error: 'choose one project at a time (with its weights file), got net.convstudio.json, other.json' });
  });
});
