import { syntheticNine, syntheticSix } from '@convstudio/core';
import { grayToRgba, loadImageBytes, type ImageLoadResult } from '../images/load-image.js';
import chelseaUrl from './assets/chelsea.png';
import coffeeUrl from './assets/coffee.png';
import mnist from './assets/mnist-digits.json';

/** A built-in image the user can pick instead of opening a file. */
export interface Sample {
  id: string;
  title: string;
  load(): Promise<ImageLoadResult>;
}

const digit = (id: string, title: string, values: () => ArrayLike<number>): Sample => ({
  id,
  title,
  load: async () => ({ ok: true, name: title, image: grayToRgba(values(), 28, 28) }),
});

const photo = (id: string, title: string, url: string): Sample => ({
  id,
  title,
  load: async () => {
    const response = await fetch(url);
    if (!response.ok) return { ok: false, name: title, error: `the sample ${title} could not be read (${response.status})` };
    return loadImageBytes(new Uint8Array(await response.arrayBuffer()), title);
  },
});

/**
 * The studio's samples: the document's synthetic 6 and 9 (values 0..255), one MNIST digit of
 * each class, and two CC0 photographs from scikit-image (see assets/LICENSE.md).
 */
export const samples: readonly Sample[] = [
  digit('six', "The document's 6", () => syntheticSix().data),
  digit('nine', "The document's 9", () => syntheticNine().data),
  ...mnist.samples.map((s) => digit(`mnist-${s.label}`, `MNIST ${s.label}`, () => s.pixels)),
  photo('chelsea', 'Photo: Chelsea the cat', chelseaUrl),
  photo('coffee', 'Photo: coffee cup', coffeeUrl),
];

/** The sample with this id; throws for an unknown id (a programming error, not user input). */
export function sampleById(id: string): Sample {
  const found = samples.find((s) => s.id === id);
  if (!found) throw new Error(`no sample "${id}"; known: ${samples.map((s) => s.id).join(', ')}`);
  return found;
}
