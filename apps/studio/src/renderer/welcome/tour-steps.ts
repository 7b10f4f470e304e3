import type { StudioView } from '../projects/projects.js';

/** One stop of the guided tour: what it points at, what it says, and what it shows first. */
export interface TourStep {
  title: string;
  text: string;
  /** CSS selector of the region the callout points at. */
  target: string;
  /** The view to open before pointing (the tour shows, not only tells). */
  view?: StudioView;
  /** A layer to select first, so the inspector has something to show. */
  selectNode?: string;
}

/** The tour of the worked example: the editor, the kernels, the maps, the 3D stack, the figure. */
export const tourSteps: readonly TourStep[] = [
  {
    title: '1 · Build the network',
    text: 'This is the document’s worked example as a pipeline: a 28x28 image, a convolution with two diagonal edge kernels, min-max normalisation, ReLU and 3x3 max pooling. Drag layers in from the palette on the left; select a layer to edit it.',
    target: 'section[aria-label="Pipeline editor"]',
  },
  {
    title: '2 · Edit the kernels',
    text: 'The inspector shows the selected layer’s parameters and weights. These kernels are frozen (kept out of training): unfreeze them and type any number, and every map downstream changes as you type.',
    target: '[data-testid=inspector]',
    selectNode: 'conv1',
  },
  {
    title: '3 · Read every feature map',
    text: 'Each layer’s output, one tile per channel. Signed values are blue (negative) to red (positive) around white zero; point at a map to read a value, click to enlarge it.',
    target: 'section[aria-label="View"]',
    view: 'maps',
  },
  {
    title: '4 · See the stack in 3D',
    text: 'The same maps as planes from input to output. Drag to orbit; click a map to see the patch of the input it looks at (its receptive field).',
    target: 'section[aria-label="View"]',
    view: 'stack',
  },
  {
    title: '5 · The document’s figure, live',
    text: 'The figure at the end of the document, computed from this pipeline: edit a kernel and it changes. Open other networks (AlexNet, LeNet-5, Tiny VGG) from Projects.',
    target: 'section[aria-label="View"]',
    view: 'figure',
  },
];
