import { describe, expect, it } from 'vitest';
import { closePrompt } from './close-prompt.js';
import { projectFromArgv } from './command-line.js';

describe('projectFromArgv', () => {
  it('finds the project file, resolved against the working folder', () => {
    expect(projectFromArgv(['/opt/ConvStudio/convstudio', '--no-sandbox', 'net.convstudio.json'], '/home/ada')).toBe('/home/ada/net.convstudio.json');
    expect(projectFromArgv(['electron', '.', '/tmp/a.CONVSTUDIO.json'], '/x')).toBe('/tmp/a.CONVSTUDIO.json');
    expect(projectFromArgv(['convstudio', 'notes.txt', '--flag=x.convstudio.json'], '/x')).toBeUndefined();
  });
});

describe('closePrompt', () => {
  it('maps the buttons to save, discard and cancel; closing the box cancels', async () => {
    const answers = await Promise.all([0, 1, 2, 9].map((response) => closePrompt(async () => ({ response }))));
    expect(answers).toEqual(['save', 'discard', 'cancel', 'cancel']);
  });
});
