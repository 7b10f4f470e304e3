import { decodeImage, templates } from '@convstudio/core';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporaryDirectories, temporaryDirectory } from './test-io.fixture.js';

afterAll(removeTemporaryDirectories);

const launcher = fileURLToPath(new URL('../bin/convstudio.js', import.meta.url));

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs bin/convstudio.js as a user would; `onStdout` may act on the running process. */
function convstudio(args: string[], cwd: string, onStdout?: (text: string, pid: number) => void): Promise<Finished> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a test can send Ctrl-C to launcher and child together, as a terminal does.
    const child = spawn(process.execPath, [launcher, ...args], { cwd, detached: process.platform !== 'win32' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, child.pid ?? 0);
    });
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bin/convstudio.js', () => {
  it('runs cost on a template written by the template command', async () => {
    const cwd = temporaryDirectory();
    const written = await convstudio(['template', 'worked-example', '--out', 'net.json'], cwd);
    expect(written).toMatchObject({ code: 0, stderr: '' });
    const cost = await convstudio(['cost', 'net.json'], cwd);
    expect(cost.stderr).toBe('');
    expect(cost.code).toBe(0);
    expect(cost.stdout).toMatch(/^node +kind +output/);
    expect(cost.stdout).toMatch(/\nconv1 +conv2d +2x24x24 +50 +0 +50 +28,800 /);
  });

  it("draws the document's figure as a 960x720 PNG", async () => {
    const cwd = temporaryDirectory();
    const result = await convstudio(['example', 'seed', '--out', 'figures/figure.png', '--six', 'six.png'], cwd);
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: "wrote the worked example's figure (960x720) to figures/figure.png\nwrote the synthetic 6 (28x28) to six.png\n" });
    const png = decodeImage(new Uint8Array(await readFile(join(cwd, 'figures/figure.png'))));
    expect([png.format, png.width, png.height]).toEqual(['png', 960, 720]);
    const six = decodeImage(new Uint8Array(await readFile(join(cwd, 'six.png'))));
    expect([six.width, six.height]).toEqual([28, 28]);
  });

  it('prints one line and no stack for a user mistake, with a non-zero exit code', async () => {
    const cwd = temporaryDirectory();
    const missing = await convstudio(['cost', 'net.json'], cwd);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: 'cannot read net.json: no such file\n' });
    await writeFile(join(cwd, 'bad.json'), JSON.stringify({ ...templates[0].build(), version: 7 }));
    const newer = await convstudio(['cost', 'bad.json'], cwd);
    expect(newer.code).toBe(1);
    expect(newer.stderr).toMatch(/^bad\.json: version: this pipeline was saved by a newer ConvStudio \(format version 7\)[^\n]*\n$/);
    const usage = await convstudio(['cost', 'net.json', '--fast'], cwd);
    expect(usage).toEqual({ code: 2, stdout: '', stderr: 'convstudio cost: unknown option --fast (see convstudio cost --help)\n' });
  });

  it.skipIf(process.platform === 'win32')('on Ctrl-C saves a checkpoint and exits 130', async () => {
    const cwd = temporaryDirectory();
    await writeFile(join(cwd, 'net.json'), JSON.stringify(templates.find((t) => t.id === 'mnist-cnn')?.build()));
    let sent = false;
    const result = await convstudio(['train', 'net.json', '--dataset', 'synthetic', '--epochs', '100000', '--out', 'ckpt.json'], cwd, (stdout, pid) => {
      if (!sent && stdout.includes('epoch 2/')) {
        sent = true;
        process.kill(-pid, 'SIGINT');
      }
    });
    expect(result.stderr).toMatch(/^stopping after this batch to save a checkpoint \(Ctrl-C again quits without saving\)\ncancelled after epoch \d+; checkpoint with \d+ completed epoch\(s\) saved to ckpt\.json\n$/);
    expect(result.code).toBe(130);
    // A project of version 2 with the weights inline (mnist-cnn is small); the checkpoint's meta says why it stopped.
    const file = JSON.parse(await readFile(join(cwd, 'ckpt.json'), 'utf8'));
    expect(file).toMatchObject({ format: 'convstudio-project', version: 2, weights: { storage: 'inline', meta: { cancelled: true } } });
    expect(file.weights.meta.history.length).toBeGreaterThanOrEqual(2);
  });
});
