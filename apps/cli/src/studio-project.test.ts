import { templates } from '@convstudio/core';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.js';
import { recordingIo, removeTemporaryDirectories } from './test-io.fixture.js';

afterAll(removeTemporaryDirectories);

// A project as the studio saves it (apps/studio/src/shared/project-schema.ts): the pipeline
// inside an envelope with the view state and, optionally, the image.
const studioProject = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'convstudio-project',
    version: 1,
    projectId: 'lenet5',
    title: 'LeNet-5',
    pipeline: templates.find((t) => t.id === 'lenet5')?.build(),
    viewState: { view: 'maps', scale: '0-1', backend: 'cpu' },
    image: { name: 'six.png', mimeType: 'image/png', width: 1, height: 1, data: '' },
    ...extra,
  });

async function cli(argv: string[], files: Record<string, string>) {
  const io = recordingIo();
  for (const [name, text] of Object.entries(files)) await writeFile(join(io.cwd, name), text);
  return { code: await main(argv, io), out: io.out, err: io.err, cwd: io.cwd };
}

describe('projects saved by the studio', () => {
  it('are read for their pipeline, as the pipeline file would be', async () => {
    const fromProject = await cli(['cost', 'net.convstudio.json', '--json'], { 'net.convstudio.json': studioProject() });
    expect(fromProject).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(fromProject.out).totals.params).toBe(61_706);
    const receptive = await cli(['receptive', 'net.convstudio.json'], { 'net.convstudio.json': studioProject() });
    expect(receptive).toMatchObject({ code: 0, err: '' });
  });

  it('are refused in one line when their weights sit in a file beside them', async () => {
    const result = await cli(['cost', 'net.convstudio.json'], { 'net.convstudio.json': studioProject({ weightsFile: 'net.convstudio.json.weights-0123456789abcdef.bin' }) });
    expect(result.code).toBe(1);
    expect(result.err).toBe('net.convstudio.json: weightsFile: this studio project keeps its weights in "net.convstudio.json.weights-0123456789abcdef.bin" beside it, which the CLI does not read; open it in the desktop studio\n');
    expect(await readFile(join(result.cwd, 'net.convstudio.json'), 'utf8')).toContain('convstudio-project');
  });
});
