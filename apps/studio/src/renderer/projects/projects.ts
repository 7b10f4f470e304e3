import { templates, type Pipeline } from '@convstudio/core';
import type { InputScale, MatrixInput } from '../run/run-protocol.js';
import { documentExamples } from './document-examples.js';

/** Which view a project opens to. */
export type StudioView = 'figure' | 'maps' | 'stack' | 'cost' | 'train' | 'gradients' | 'compare' | 'upconv' | 'lab';

/** A built-in project: a template with the image and view it is best seen with. */
export interface ProjectPreset {
  id: string;
  title: string;
  description: string;
  build: () => Pipeline;
  sampleId: string;
  scale: InputScale;
  view: StudioView;
  /** A typed-in input matrix instead of the image (the document's examples). */
  matrix?: MatrixInput;
}

// Which sample and view suit each template: digits for the 28x28 networks, the cat photo for
// the RGB ones, the worked example's own 6 for the document's figure.
const settings: Record<string, Pick<ProjectPreset, 'sampleId' | 'scale' | 'view'>> = {
  'worked-example': { sampleId: 'six', scale: '0-255', view: 'figure' },
  'mnist-cnn': { sampleId: 'mnist-3', scale: '0-1', view: 'maps' },
  lenet5: { sampleId: 'mnist-7', scale: '0-1', view: 'maps' },
  'tiny-vgg': { sampleId: 'chelsea', scale: '0-1', view: 'maps' },
  alexnet: { sampleId: 'chelsea', scale: '0-1', view: 'cost' },
  cnn: { sampleId: 'mnist-5', scale: '0-1', view: 'stack' },
  fcn: { sampleId: 'mnist-5', scale: '0-1', view: 'stack' },
  'small-fcn': { sampleId: 'mnist-2', scale: '0-1', view: 'maps' },
};

/**
 * Every built-in project, in the order of core's templates; the worked example comes first
 * and is what the studio opens to.
 *
 * @example
 * projects[0].id; // 'worked-example'
 */
export const projects: readonly ProjectPreset[] = [
  ...templates.map((t) => ({
    id: t.id,
    title: t.title,
    description: t.description,
    build: t.build,
    ...(settings[t.id] ?? { sampleId: 'six', scale: '0-1', view: 'maps' as const }),
  })),
  ...documentExamples,
];
