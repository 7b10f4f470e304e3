import { Tensor, type Pipeline } from '@convstudio/core';
import { FeatureMapGrid } from '@convstudio/ui';
import { useState } from 'react';
import type { LiveRun } from '../run/useLiveRun.js';
import { useElementWidth } from './useElementWidth.js';

/** Map `index` of sample 0 of a `[N, C, H, W]` tensor, as its own `[1, 1, H, W]` tensor. */
export function channelOf(tensor: Tensor | undefined, index: number): Tensor | undefined {
  if (!tensor || tensor.rank !== 4 || index >= tensor.shape[1]) return undefined;
  const [, , h, w] = tensor.shape;
  return new Tensor(tensor.data.slice(index * h * w, (index + 1) * h * w), [1, 1, h, w]);
}

// Three panels a row, as the document's 3x3 plot: each tile takes a third of the width it has.
const tileFor = (width: number | undefined) => Math.max(72, Math.min(220, Math.floor(((width ?? 560) - 2 * 12) / 3) - 18));

function Panel({ title, tensor, tileSize }: { title: string; tensor: Tensor | undefined; tileSize: number }) {
  return (
    <figure className="studio-figure-panel" data-testid="figure-panel" data-title={title}>
      <figcaption>{title}</figcaption>
      {tensor ? <FeatureMapGrid tensor={tensor} defaultColormap="gray" tileSize={tileSize} label={title} compact /> : <p className="studio-muted">not computed</p>}
    </figure>
  );
}

/**
 * The source document's figure, computed live: the 6, the diagonal kernel and its rotation,
 * both convolutions and both pooled maps, laid out as the document's 3x3 plot. It follows the
 * worked-example pipeline's nodes (`conv1`, `pool1`), so edits to it show here too.
 */
export function FigureView({ run, pipeline, imageName, onOpenWorkedExample, convId = 'conv1', poolId = 'pool1', inputId = 'input' }: { run: LiveRun; pipeline: Pipeline; imageName?: string; onOpenWorkedExample(): void; convId?: string; poolId?: string; inputId?: string }) {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const tileSize = tileFor(useElementWidth(element));
  if (!figureApplies(pipeline, convId, poolId)) {
    // The figure's titles name the document's kernels; on another pipeline they would not be true.
    return (
      <div className="studio-empty" data-testid="figure-not-applicable">
        <h2>The figure belongs to the worked example</h2>
        <p>
          It reproduces the document's 3x3 figure: the 6, two diagonal edge kernels, their convolutions and max-pooled maps. This pipeline has no
          two-kernel convolution <code>{convId}</code> followed by a pooling <code>{poolId}</code>, so the Feature maps view shows it instead.
        </p>
        <button type="button" onClick={onOpenWorkedExample}>Open the worked example</button>
      </div>
    );
  }
  // The document's captions name its "6"; another image gets captions that name it instead.
  const isSix = imageName === undefined || imageName === "The document's 6";
  const imageTitle = isSix ? "'6' Image" : `Image: ${imageName}`;
  const of = isSix ? ' (6)' : '';
  const weight = run.weights.get(convId);
  // [Cout, Cin, kH, kW] seen as one sample of Cout*Cin maps: kernel i is output channel i's (Cin = 1 here).
  const kernel = (i: number) => (weight?.rank === 4 ? channelOf(weight.reshape([1, -1, weight.shape[2], weight.shape[3]]), i) : undefined);
  return (
    <div className="studio-figure" data-testid="figure-view" ref={setElement}>
      <Panel title="Diagonal Edge Kernel" tensor={kernel(0)} tileSize={tileSize} />
      <Panel title={`Conv${of}`} tensor={channelOf(run.outputs.get(convId), 0)} tileSize={tileSize} />
      <Panel title={`Max Pooled${of}`} tensor={channelOf(run.outputs.get(poolId), 0)} tileSize={tileSize} />
      <Panel title={imageTitle} tensor={run.outputs.get(inputId)} tileSize={tileSize} />
      <div />
      <div />
      <Panel title="Rotated Diagonal Edge Kernel" tensor={kernel(1)} tileSize={tileSize} />
      <Panel title={`Conv${of}`} tensor={channelOf(run.outputs.get(convId), 1)} tileSize={tileSize} />
      <Panel title={`Max Pooled${of}`} tensor={channelOf(run.outputs.get(poolId), 1)} tileSize={tileSize} />
    </div>
  );
}

/**
 * Whether a pipeline has the figure's shape: a convolution with two or more kernels and a
 * pooling layer fed from it (through any element-wise steps), under the ids the figure reads.
 *
 * @example
 * figureApplies(templates[0].build(), 'conv1', 'pool1'); // true for the worked example
 */
export function figureApplies(pipeline: Pipeline, convId: string, poolId: string): boolean {
  const conv = pipeline.nodes.find((n) => n.id === convId);
  const pool = pipeline.nodes.find((n) => n.id === poolId);
  if (conv?.kind !== 'conv2d' || (pool?.kind !== 'maxPool2d' && pool?.kind !== 'avgPool2d')) return false;
  return (conv.params as { outChannels: number }).outChannels >= 2;
}
