import { Box, Calculator, Columns2, Dumbbell, FlaskConical, Grid3x3, Image as ImageIcon, Expand, Sigma } from 'lucide-react';
import type { ComponentType } from 'react';
import type { StudioView } from '../projects/projects.js';

// Each view says in one line what it shows (words beside pictures, as CNN Explainer does).
const views: { id: StudioView; label: string; caption: string; icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }> }[] = [
  { id: 'figure', label: 'Figure', caption: "The document's worked example: the 6, its two diagonal edge kernels, both convolutions and both pooled maps.", icon: ImageIcon },
  { id: 'maps', label: 'Feature maps', caption: 'Every layer’s output, one tile per channel; signed values on a blue–red scale centred on 0.', icon: Grid3x3 },
  { id: 'stack', label: '3D stack', caption: 'The feature maps as stacked planes, input to output; click a map to see the input region it looks at.', icon: Box },
  { id: 'gradients', label: 'Gradients', caption: 'Back-propagation on live numbers: dL/dX over the image, dL/dW of each kernel (click a cell for its sum) and dL/d(output) of every node.', icon: Sigma },
  { id: 'upconv', label: 'Up-convolution', caption: 'The document’s up-convolution step by step: zeros inserted into A give P, K slides over P one output at a time, and the same layer as a transposed convolution gives the same numbers.', icon: Expand },
  { id: 'compare', label: 'CNN vs FCN', caption: 'One input through a CNN and an FCN with the same front: one class vector against a class map per pixel.', icon: Columns2 },
  { id: 'cost', label: 'Cost', caption: 'Parameters, multiply-adds, FLOPs and activation memory per layer, as the document counts them.', icon: Calculator },
  { id: 'train', label: 'Train', caption: 'Train the pipeline on MNIST in a worker, with live loss and accuracy, and read its saturation indicators.', icon: Dumbbell },
  { id: 'lab', label: 'Lab', caption: "The document's saturation experiments: train variants in parallel, compare them over seeds, and read the conclusion the numbers give.", icon: FlaskConical },
];

/** The view pane's tabs and the caption of the open view. */
export function ViewTabs({ view, onView }: { view: StudioView; onView(view: StudioView): void }) {
  const current = views.find((v) => v.id === view) ?? views[0];
  return (
    <div className="studio-view-head">
      <nav className="studio-views" aria-label="Views" role="tablist">
        {views.map(({ id, label, icon: Icon }) => (
          <button key={id} type="button" role="tab" aria-selected={view === id} data-view={id} onClick={() => onView(id)}>
            <Icon size={14} aria-hidden /> {label}
          </button>
        ))}
      </nav>
      <p className="studio-caption" data-testid="view-caption">{current.caption}</p>
    </div>
  );
}
