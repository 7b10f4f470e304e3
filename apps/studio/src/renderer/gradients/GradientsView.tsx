import { Tensor, inferShapes, parameterizedKinds, type Pipeline } from '@convstudio/core';
import { FeatureMapGrid, formatValue } from '@convstudio/ui';
import { useEffect, useMemo } from 'react';
import type { LiveRun } from '../run/useLiveRun.js';
import { CellArithmeticPanel } from './CellArithmeticPanel.js';
import { classifierHeadOf } from './classifier-head.js';
import { classNamesOf } from './gradient-choices.js';
import type { GradientRequest, GradientResult } from './gradient-protocol.js';
import { exposeGradients } from './gradients-test-hook.js';
import { PredictionBars } from './PredictionBars.js';
import { SaliencyOverlay } from './SaliencyOverlay.js';
import { TargetPicker } from './TargetPicker.js';
import { WeightGradients } from './WeightGradients.js';
import { predictionOf } from './prediction-of.js';
import './gradients.css';

export interface GradientsViewProps {
  pipeline: Pipeline;
  run: LiveRun;
  request: GradientRequest;
  onRequest(request: GradientRequest): void;
  selectedNodeId?: string;
  onSelectNode(id: string): void;
  weightsText: string;
  trainedTask?: string;
}

const tensorOf = (list: GradientResult['nodes'], id: string) => {
  const found = list.find((o) => o.id === id);
  return found ? new Tensor(found.data, found.shape) : undefined;
};

/**
 * Gradient mode: back-propagation on live numbers. L (a class score, a label's loss or a node's
 * sum) is back-propagated in the pipeline worker on the forward's backend after every edit; the
 * view shows dL/dX over the image, dL/dW of the selected layer (a conv cell worked out term by
 * term) and dL/d(output) of every node, all on one diverging scale centred on 0.
 */
export function GradientsView({ pipeline, run, request, onRequest, selectedNodeId, onSelectNode, weightsText, trainedTask }: GradientsViewProps) {
  const head = useMemo(() => classifierHeadOf(pipeline, inferShapes(pipeline)), [pipeline]);
  const names = useMemo(() => (head ? classNamesOf(pipeline, head, trainedTask) : undefined), [pipeline, head, trainedTask]);
  const prediction = useMemo(() => predictionOf(pipeline, run.outputs), [pipeline, run.outputs]);
  const gradients = run.gradients;
  const learnable = pipeline.nodes.filter((n) => (parameterizedKinds as readonly string[]).includes(n.kind) && n.kind !== 'input');
  // The selected layer when it has weights, else the first convolution: the one a learner edits first.
  const layer = learnable.find((n) => n.id === selectedNodeId) ?? learnable.find((n) => n.kind === 'conv2d') ?? learnable[0];
  const layerGrad = layer && gradients ? tensorOf(gradients.weights, layer.id) : undefined;
  const inputId = pipeline.nodes.find((n) => n.kind === 'input')?.id;
  const inputTensor = inputId ? run.outputs.get(inputId) : undefined;
  useEffect(() => exposeGradients(gradients, inputTensor && { shape: [...inputTensor.shape], data: inputTensor.data }), [gradients, inputTensor]);
  const saliency = gradients ? new Tensor(gradients.input.data, gradients.input.shape) : undefined;
  const cell = gradients?.cell && gradients.cell.nodeId === request.cell?.nodeId && gradients.cell.index === request.cell.index ? gradients.cell : undefined;

  return (
    <div className="studio-gradients" data-testid="gradients-view" data-status={run.status}>
      {prediction && names && <PredictionBars prediction={prediction} names={names.names} namesSource={names.source} weightsText={weightsText} />}
      <section className="studio-grad-card" aria-label="Back-propagation target">
        <TargetPicker pipeline={pipeline} target={request.target} names={names?.names} onTarget={(target) => onRequest({ ...request, target })} />
        <p data-testid="gradient-description">
          {gradients ? <>{gradients.target.description} = <strong data-testid="gradient-value" data-value={gradients.value}>{formatValue(gradients.value)}</strong>.</> : run.status === 'failed' ? run.failure?.message : 'Back-propagating…'}
        </p>
        <p className="studio-muted studio-grad-legend">
          Every map below is a gradient dL/d(value): <span className="studio-swatch studio-swatch-pos" /> red where raising the value raises L,{' '}
          <span className="studio-swatch studio-swatch-neg" /> blue where it lowers L, white where it has no effect (0 is always white).
          Computed by back-propagation in the pipeline worker{run.backend === 'webgpu' ? ' on WebGPU' : ' on the CPU'}: dL/dF = X ⊗ dL/dO, dL/dX = the full convolution of dL/dO with the rotated kernel.
        </p>
      </section>
      {gradients && inputTensor && saliency && (
        <section className="studio-grad-card" aria-labelledby="saliency-title">
          <h3 id="saliency-title">Saliency: dL/dX over the input</h3>
          <div className="studio-grad-row">
            <SaliencyOverlay input={inputTensor} gradient={saliency} />
            <div className="studio-grad-grow" data-testid="gradient-node" data-node-id={inputId}>
              <FeatureMapGrid tensor={saliency} label={`dL/dX of ${inputId}`} defaultColormap="diverging" defaultScaling="per-layer" tileSize={128} />
            </div>
          </div>
        </section>
      )}
      {gradients && layer && (
        <section className="studio-grad-card" aria-labelledby="weights-title">
          <h3 id="weights-title">
            dL/dW of{' '}
            <select className="cs-select" value={layer.id} onChange={(e) => onSelectNode(e.target.value)} aria-label="Layer whose weight gradient is shown">
              {learnable.map((n) => <option key={n.id} value={n.id}>{n.id} ({n.kind})</option>)}
            </select>
            {layer.kind === 'conv2d' && <span className="studio-muted"> · click a kernel cell to see its sum</span>}
          </h3>
          {layerGrad ? (
            <WeightGradients nodeId={layer.id} kind={layer.kind} weight={run.weights.get(layer.id)} grad={layerGrad} selectedIndex={request.cell?.nodeId === layer.id ? request.cell.index : undefined} onCell={(index) => onRequest({ ...request, cell: { nodeId: layer.id, index } })} />
          ) : (
            <p className="studio-muted">{layer.id} is not on L's path, or its weights are too many to show.</p>
          )}
          {cell && <CellArithmeticPanel cell={cell} input={run.outputs.get(cell.inputId)} />}
        </section>
      )}
      {gradients && (
        <section className="studio-grad-card" aria-labelledby="node-grads-title">
          <h3 id="node-grads-title">dL/d(output) of every node</h3>
          {pipeline.nodes.map((node) => {
            const grad = tensorOf(gradients.nodes, node.id);
            return (
              <div key={node.id} className="studio-maps-node" data-testid="gradient-node" data-node-id={node.id}>
                <h4>
                  <button type="button" className="studio-link" onClick={() => onSelectNode(node.id)}>{node.id}</button>{' '}
                  <span className="studio-muted">{node.kind}{grad ? ` · ${grad.shape.slice(1).join('×')}` : ''}</span>
                </h4>
                {grad ? <FeatureMapGrid tensor={grad} label={`dL/d(output) of ${node.id}`} defaultColormap="diverging" defaultScaling="per-layer" tileSize={node.kind === 'input' ? 128 : 72} /> : <p className="studio-muted">L does not depend on this node (it comes after {gradients.target.nodeId} or off its path).</p>}
              </div>
            );
          })}
        </section>
      )}
    </div>
  );
}
