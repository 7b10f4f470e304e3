import { templates } from '@convstudio/core';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { recordingIo, removeTemporaryDirectories } from '../test-io.fixture.js';

afterAll(removeTemporaryDirectories);

async function withTemplate(id: string) {
  const io = recordingIo();
  await writeFile(join(io.cwd, 'net.json'), JSON.stringify(templates.find((t) => t.id === id)?.build()));
  return io;
}

// Training for any input size and channel count: core's datasetFit decides, the CLI says what it changed.
describe('convstudio train fits the data to the input', () => {
  it('trains LeNet-5 (1x32x32) on MNIST digits padded from 28x28, with a notice', async () => {
    const io = await withTemplate('lenet5');
    const code = await main(['train', 'net.json', '--dataset', 'mnist', '--limit', '200', '--epochs', '1', '--out', 'w.json'], io);
    expect(io.err).toBe("notice: mnist: 28x28 images padded with a zero border to 32x32, the input's size\n");
    expect(code).toBe(0);
    expect(io.out).toMatch(/^training LeNet-5 on mnist: \d+ train, \d+ validation, \d+ test images/);
    expect(io.out).toMatch(/test loss \d\.\d{4}, accuracy \d+\.\d\d% on \d+ images/);
  });

  it('feeds grayscale digits to Tiny VGG (3x64x64) as three planes, with notices', async () => {
    const io = await withTemplate('tiny-vgg');
    expect(await main(['train', 'net.json', '--dataset', 'synthetic', '--epochs', '1', '--out', 'w.json'], io)).toBe(0);
    expect(io.err.trimEnd().split('\n')).toEqual(["notice: synthetic: 28x28 images resized to 64x64, the input's size", 'notice: synthetic: grayscale images fed to a 3-channel input as 3 equal planes']);
  });

  it('trains Tiny VGG on RGB patches of the bundled photographs, unchanged', async () => {
    const io = await withTemplate('tiny-vgg');
    expect(await main(['train', 'net.json', '--dataset', 'photo-patches', '--limit', '80', '--epochs', '1', '--out', 'w.json'], io)).toBe(0);
    expect(io.err).toBe('');
    expect(io.out).toMatch(/^training Tiny VGG on photo-patches: \d+ train, \d+ validation, 16 test images, 8 classes/);
  });

  it('trains the FCN per pixel on MNIST segmentation masks', async () => {
    const io = await withTemplate('fcn');
    expect(await main(['train', 'net.json', '--dataset', 'mnist-segmentation', '--limit', '100', '--epochs', '1', '--out', 'w.json'], io)).toBe(0);
    expect(io.out).toMatch(/11 classes; /);
  });
});
