import { loadSweepDataset, splitData, Tensor, type LabelledData, type RunData, type SweepSpec } from '@convstudio/core';

function first(data: LabelledData, count: number): LabelledData {
  const [n, ...sample] = data.images.shape;
  const take = Math.min(n, count);
  const size = sample.reduce((a, b) => a * b, 1);
  const perImage = data.labels.length / n;
  return { images: new Tensor(data.images.data.slice(0, take * size), [take, ...sample]), labels: data.labels.slice(0, take * perImage) };
}

/**
 * A sweep's data in the studio, through core's loadSweepDataset (MNIST digits, 6 vs 9, the
 * segmentation masks, RGB photo patches, or the document's two digits); split as the CLI splits
 * it (test by `testFraction`, then validation off the rest), so the same spec sees the same images
 * in both. Each run fits the images to its model (core's datasetFit). Fashion-MNIST is CLI-only:
 * its package is 149 MB of JSON, too much to bundle into a page.
 */
export async function loadLabData(data: SweepSpec['data'], probeSize: number): Promise<RunData> {
  if (data.dataset === 'fashion-mnist') throw new Error('Fashion-MNIST runs from the command line only (convstudio lab … --dataset fashion-mnist): its 149 MB package is not bundled into the studio');
  const loaded = await loadSweepDataset(data.dataset, { limit: data.limit, testFraction: data.testFraction, seed: data.seed });
  if (loaded.testIsTrain) {
    const all = loaded.train;
    return { train: all, validation: all, test: all, probe: all, info: loaded.info };
  }
  const split = splitData(loaded.train, data.validationFraction, data.seed);
  return { train: split.train, validation: split.validation, test: loaded.test, probe: first(split.validation, probeSize), info: loaded.info };
}
