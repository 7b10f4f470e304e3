import { createModel, templates, weightsOfModel, writeProject } from '@convstudio/core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_EMBEDDED_IMAGE_BYTES, parseProject, readProjectContent, writeProjectContent } from './project-schema.js';
import { sampleProject } from './testing/sample-project.js';

// Written by the CLI itself before the one format: `npx convstudio template worked-example --out
// cli-worked-example.convstudio.json` (from apps/cli), committed as it came out.
const cliFile = readFileSync(new URL('./testing/cli-worked-example.convstudio.json', import.meta.url), 'utf8');

describe('project files from the CLI', () => {
  it('opens a pipeline file the CLI wrote as a project of the same pipeline, under its template id', async () => {
    const result = await readProjectContent(cliFile, 'cli.json');
    expect(result.ok, result.ok ? '' : result.error).toBe(true);
    if (!result.ok) return;
    expect(result.project).toMatchObject({ format: 'convstudio-project', version: 2, projectId: 'worked-example', title: 'Worked example', viewState: { view: 'maps', scale: '0-1', backend: 'cpu' } });
    expect(result.project.pipeline).toEqual(templates[0].build());
    // What the studio then saves is an ordinary project that reads back the same.
    expect(await readProjectContent((await writeProjectContent(result.project, 'x.json')).text, 'x.json')).toEqual(result);
  });

  it('reads a CLI-trained project\'s weights as trained (data set, epochs done), not as set by hand', async () => {
    const model = createModel(templates[1].build());
    const weights = weightsOfModel(model, { dataset: 'mnist', epochs: 4, epoch: 2, history: [{}, {}] });
    const written = await writeProject({ title: 'MNIST CNN', pipeline: model.pipeline, weights }, { fileName: 'trained.convstudio.json', inlineLimit: 1e6 });
    const result = await readProjectContent(written.text, 'trained.convstudio.json');
    expect(result.ok && result.project.viewState.trained).toEqual({ task: 'mnist', epochs: 2 });
    const untrained = await writeProject({ title: 'MNIST CNN', pipeline: model.pipeline, weights: weightsOfModel(model) }, { fileName: 'w.convstudio.json', inlineLimit: 1e6 });
    const plain = await readProjectContent(untrained.text, 'w.convstudio.json');
    expect(plain.ok && plain.project.viewState.trained).toBeUndefined();
  });

  it('names a pipeline that is not a template by its name, and checks it with core\'s rules', async () => {
    const named = await readProjectContent(JSON.stringify({ ...templates[0].build(), name: 'My edge net!' }), 'a.json');
    expect(named.ok && named.project.projectId).toBe('my-edge-net');
    const broken = await readProjectContent(JSON.stringify({ ...templates[0].build(), edges: [{ source: 'input', target: 'nowhere' }] }), 'a.json');
    expect(broken).toMatchObject({ ok: false, error: expect.stringMatching(/^a\.json: .*nowhere/) });
  });
});

describe('the embedded image', () => {
  const image = { name: 'six.png', mimeType: 'image/png' as const, width: 28, height: 28, data: 'iVBORw0KGgo=' };

  it('is optional and round-trips through the text', async () => {
    const project = { ...sampleProject(), image };
    expect(await readProjectContent((await writeProjectContent(project, 'a.json')).text, 'a.json')).toEqual({ ok: true, project });
    expect(parseProject(sampleProject())).toEqual({ ok: true, project: sampleProject() });
  });

  it('refuses an image over the cap, or that is not base64, naming the field', () => {
    const tooLarge = parseProject({ ...sampleProject(), image: { ...image, data: 'A'.repeat(Math.ceil(MAX_EMBEDDED_IMAGE_BYTES / 3) * 4 + 4) } });
    expect(tooLarge).toMatchObject({ ok: false, error: expect.stringMatching(/image\.data: expected at most 8 MB of PNG bytes/) });
    expect(parseProject({ ...sampleProject(), image: { ...image, data: 'not base64!' } })).toMatchObject({ ok: false, error: expect.stringMatching(/image\.data: expected base64/) });
  });
});
