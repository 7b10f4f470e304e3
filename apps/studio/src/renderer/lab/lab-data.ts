import { loadMnist, splitData, syntheticSixNine, Tensor, type LabelledData, type RunData, type SweepSpec } from '@convstudio/core';

function first(data: LabelledData, count: number): LabelledData {
  const [n, ...sample] = data.images.shape;
  const take = Math.min(n, count);
  const size = sample.reduce((a, b) => a * b, 1);
  return { images: new Tensor(data.images.data.slice(0, take * size), [take, ...sample]), labels: data.labels.slice(0, take) };
}

/**
 * A sweep's data in the studio: MNIST (digits or 6 vs 9) from the bundled package, or the
 * document's two digits; split as the CLI splits it (test by `testFraction`, then validation off
 * the rest), so the same spec sees the same images in both. Fashion-MNIST is CLI-only: its
 * package is 149 MB of JSON, too much to bundle into a page.
 */
export async function loadLabData(data: SweepSpec['data'], probeSize: number): Promise<RunData> {
  if (data.dataset === 'fashion-mnist') throw new Error('Fashion-MNIST runs from the command line only (convstudio lab … --dataset fashion-mnist): its 149 MB package is not bundled into the studio');
  if (data.dataset === 'synthetic') {
    const { images, labels } = syntheticSixNine();
    const all = { images, labels };
    return { train: all, validation: all, test: all, probe: all };
  }
  const { train, test } = await loadMnist({ task: data.dataset === 'mnist' ? 'digits' : 'sixVsNine', limit: data.limit, testFraction: data.testFraction, seed: data.seed });
  const split = splitData(train, data.validationFraction, data.seed);
  return { train: split.train, validation: split.validation, test, probe: first(split.validation, probeSize) };
}
