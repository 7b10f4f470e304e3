import { templates } from '@convstudio/core';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { recordingIo, removeTemporaryDirectories } from '../test-io.fixture.js';
import { parseAt } from './receptive.js';

afterAll(removeTemporaryDirectories);

async function cli(templateId: string, args: string[]) {
  const io = recordingIo();
  await writeFile(join(io.cwd, 'net.json'), JSON.stringify(templates.find((t) => t.id === templateId)?.build()));
  const code = await main(['receptive', 'net.json', ...args], io);
  return { code, out: io.out, err: io.err };
}

/** A mistake: exit `code`, nothing on stdout, one line on stderr. */
function expectOneLine(result: { code: number; out: string; err: string }, code: number, line: RegExp) {
  expect(result.code).toBe(code);
  expect(result.out).toBe('');
  const lines = result.err.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
}

describe('convstudio receptive', () => {
  it("prints AlexNet's fields in execution order: pool5 sees 195 pixels, 32 apart", async () => {
    const { code, out, err } = await cli('alexnet', []);
    expect(err).toBe('');
    expect(code).toBe(0);
    const rows = out.split('\n\n')[0].split('\n');
    expect(rows[0]).toMatch(/^node +kind +output +size +jump +start$/);
    expect(rows.slice(1).map((r) => r.split(/\s+/)[0])).toEqual(['input', 'conv1', 'relu1', 'pool1', 'conv2', 'relu2', 'pool2', 'conv3', 'relu3', 'conv4', 'relu4', 'conv5', 'relu5', 'pool5', 'flatten', 'fc1', 'relu6', 'fc2', 'relu7', 'fc3']);
    expect(rows.find((r) => r.startsWith('pool5 '))).toMatch(/^pool5 +maxPool2d +256x6x6 +195x195 +32x32 +31, 31$/);
    expect(rows.find((r) => r.startsWith('fc3 '))).toMatch(/ global$/);

    const json = await cli('alexnet', ['--json', '--node', 'pool5']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out);
    expect(parsed.input).toEqual({ height: 224, width: 224 });
    expect(parsed.nodes).toHaveLength(1);
    expect(parsed.nodes[0]).toMatchObject({ id: 'pool5', height: { size: 195, jump: 32 }, width: { size: 195, jump: 32 }, global: false });
  });

  it("gives the input rectangle of the worked example's pool1 unit (0, 0): rows and columns 0..6", async () => {
    const { code, out } = await cli('worked-example', ['--node', 'pool1', '--at', '0,0']);
    expect(code).toBe(0);
    expect(out).toMatch(/^node +kind +output +size +jump +start\npool1 +maxPool2d +2x8x8 +7x7 +3x3 +3, 3\n/);
    expect(out).toContain('pool1 unit (0, 0) sees input\n  field    rows 0..6, columns 0..6 (7x7 pixels): inside the 28x28 image\n  clipped  rows 0..6, columns 0..6 (7x7 pixels)\n');

    const json = JSON.parse((await cli('worked-example', ['--node', 'pool1', '--at', '7,7', '--json'])).out);
    expect(json.unit).toEqual({ node: 'pool1', y: 7, x: 7, region: { top: 21, left: 21, bottom: 27, right: 27 }, clipped: { top: 21, left: 21, bottom: 27, right: 27 }, beyondImage: false });
  });

  it('says when a field reaches beyond the image and prints the clipped part', async () => {
    const { code, out } = await cli('alexnet', ['--node', 'conv1', '--at', '0,0']);
    expect(code).toBe(0);
    expect(out).toContain('  field    rows -2..8, columns -2..8 (11x11 pixels): reaches beyond the 224x224 image at the top and left edges (padding there)\n');
    expect(out).toContain('  clipped  rows 0..8, columns 0..8 (9x9 pixels)\n');
  });

  it('refuses an unknown node, a unit outside the output and a bad --at in one line each', async () => {
    expectOneLine(await cli('worked-example', ['--node', 'pool9']), 1, /^net\.json: no node "pool9" \(--node\); its nodes are input, conv1, normalize1, relu1, pool1$/);
    expectOneLine(await cli('worked-example', ['--node', 'pool1', '--at', '8,0']), 1, /^net\.json: node "pool1" \(maxPool2d\) outputs 8x8 units: rows 0\.\.7, columns 0\.\.7; --at 8,0 is outside it$/);
    expectOneLine(await cli('alexnet', ['--node', 'fc1', '--at', '0,1']), 1, /^net\.json: node "fc1" \(linear\) outputs flat features with one field: --at 0,0; --at 0,1 is outside it$/);
    expectOneLine(await cli('worked-example', ['--node', 'pool1', '--at', '1x2']), 2, /^convstudio receptive: --at must be <y>,<x>: two integers from 0, e.g\. --at 0,0; got 1x2 \(see convstudio receptive --help\)$/);
    expectOneLine(await cli('worked-example', ['--at', '0,0']), 2, /^convstudio receptive: --at needs --node <id>/);
  });

  it('parses --at as <y>,<x>', () => {
    expect(parseAt('3,4')).toEqual([3, 4]);
    expect(parseAt(' 0 , 12 ')).toEqual([0, 12]);
    for (const bad of ['3', '3,4,5', '-1,0', '1.5,2', 'a,b', '']) expect(() => parseAt(bad)).toThrow(/--at must be <y>,<x>/);
  });
});
