import { templates } from '@convstudio/core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_EMBEDDED_IMAGE_BYTES, parseProject, parseProjectText, serializeProject } from './project-schema.js';
import { sampleProject } from './testing/sample-project.js';

// Written by the CLI itself: `npx convstudio template worked-example --out cli-worked-example.convstudio.json`
// (from apps/cli), committed as it came out.
const cliFile = readFileSync(new URL('./testing/cli-worked-example.convstudio.json', import.meta.url), 'utf8');

describe('project files from the CLI', () => {
  it('opens a pipeline file the CLI wrote as a project of the same pipeline, under its template id', () => {
    const result = parseProjectText(cliFile);
    expect(result.ok, result.ok ? '' : result.error).toBe(true);
    if (!result.ok) return;
    expect(result.project).toMatchObject({ format: 'convstudio-project', version: 1, projectId: 'worked-example', title: 'Worked example', viewState: { view: 'maps', scale: '0-1', backend: 'cpu' } });
    expect(result.project.pipeline).toEqual(templates[0].build());
    // What the studio then saves is an ordinary project that reads back the same.
    expect(parseProjectText(serializeProject(result.project))).toEqual(result);
  });

  it("names a pipeline that is not a template by its name, and checks it with core's rules", () => {
    const named = parseProject({ ...templates[0].build(), name: 'My edge net!' });
    expect(named.ok && named.project.projectId).toBe('my-edge-net');
    const unnamed = parseProject({ ...templates[0].build(), name: undefined });
    expect(unnamed.ok && [unnamed.project.projectId, unnamed.project.title]).toEqual(['pipeline', 'Untitled pipeline']);
    const broken = parseProject({ ...templates[0].build(), edges: [{ source: 'input', target: 'nowhere' }] });
    expect(broken).toMatchObject({ ok: false, error: expect.stringMatching(/^the pipeline file is invalid: .*nowhere/) });
  });
});

describe('the embedded image', () => {
  const image = { name: 'six.png', mimeType: 'image/png' as const, width: 28, height: 28, data: 'iVBORw0KGgo=' };

  it('is optional and round-trips through the text', () => {
    const project = { ...sampleProject(), image };
    expect(parseProjectText(serializeProject(project))).toEqual({ ok: true, project });
    expect(parseProject(sampleProject())).toEqual({ ok: true, project: sampleProject() });
  });

  it('refuses an image over the cap, or that is not base64, naming the field', () => {
    const tooLarge = parseProject({ ...sampleProject(), image: { ...image, data: 'A'.repeat(Math.ceil(MAX_EMBEDDED_IMAGE_BYTES / 3) * 4 + 4) } });
    expect(tooLarge).toMatchObject({ ok: false, error: expect.stringMatching(/image\.data: expected at most 8 MB of PNG bytes/) });
    expect(parseProject({ ...sampleProject(), image: { ...image, data: 'not base64!' } })).toMatchObject({ ok: false, error: expect.stringMatching(/image\.data: expected base64/) });
  });
});
