import { Tensor } from '@convstudio/core';
import { FeatureMapGrid } from '@convstudio/ui';
import type { LiveRun } from '../run/useLiveRun.js';

/** Map `index` of sample 0 of a `[N, C, H, W]` tensor, as its own `[1, 1, H, W]` tensor. */
export function channelOf(tensor: Tensor | undefined, index: number): Tensor | undefined {
  if (!tensor || tensor.rank !== 4 || index >= tensor.shape[1]) return undefined;
  const [, , h, w] = tensor.shape;
  return new Tensor(tensor.data.slice(index * h * w, (index + 1) * h * w), [1, 1, h, w]);
}

function Panel({ title, tensor }: { title: string; tensor: Tensor | undefined }) {
  return (
    <figure className="studio-figure-panel" data-testid="figure-panel" data-title={title}>
      <figcaption>{title}</figcaption>
      {tensor ? <FeatureMapGrid tensor={tensor} defaultColormap="gray" tileSize={160} label={title} compact /> : <p className="studio-muted">not computed</p>}
    </figure>
  );
}

/**
 * The source document's figure, computed live: the 6, the diagonal kernel and its rotation,
 * both convolutions and both pooled maps, laid out as the document's 3x3 plot. It follows the
 * worked-example pipeline's nodes (`conv1`, `pool1`), so edits to it show here too.
 */
export function FigureView({ run, imageName, convId = 'conv1', poolId = 'pool1', inputId = 'input' }: { run: LiveRun; imageName?: string; convId?: string; poolId?: string; inputId?: string }) {
  // The document's captions name its "6"; another image gets captions that name it instead.
  const isSix = imageName === undefined || imageName === "The document's 6";
  const imageTitle = isSix ? "'6' Image" : `Image: ${imageName}`;
  const of = isSix ? ' (6)' : '';
  const weight = run.weights.get(convId);
  // [Cout, Cin, kH, kW] seen as one sample of Cout*Cin maps: kernel i is output channel i's (Cin = 1 here).
  const kernel = (i: number) => (weight?.rank === 4 ? channelOf(weight.reshape([1, -1, weight.shape[2], weight.shape[3]]), i) : undefined);
  return (
    <div className="studio-figure" data-testid="figure-view">
      <Panel title="Diagonal Edge Kernel" tensor={kernel(0)} />
      <Panel title={`Conv${of}`} tensor={channelOf(run.outputs.get(convId), 0)} />
      <Panel title={`Max Pooled${of}`} tensor={channelOf(run.outputs.get(poolId), 0)} />
      <Panel title={imageTitle} tensor={run.outputs.get(inputId)} />
      <div />
      <div />
      <Panel title="Rotated Diagonal Edge Kernel" tensor={kernel(1)} />
      <Panel title={`Conv${of}`} tensor={channelOf(run.outputs.get(convId), 1)} />
      <Panel title={`Max Pooled${of}`} tensor={channelOf(run.outputs.get(poolId), 1)} />
    </div>
  );
}
