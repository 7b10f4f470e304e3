import { inferShapes, Tensor, type Pipeline, type PipelineNode } from '@convstudio/core';
import { KernelEditor, PipelineEditor } from '@convstudio/ui';
import { useCallback, useMemo } from 'react';
import { WeightGradients } from '../gradients/WeightGradients.js';
import type { LiveRun } from '../run/useLiveRun.js';
import { changedCells, documentWeights, weightsFitNode, withNodeFrozen } from './node-weights.js';

export interface EditorPanelProps {
  pipeline: Pipeline;
  onChange(pipeline: Pipeline): void;
  /** Cell edits of one node's weights, applied by the caller to the latest document (see `withWeightEdits`). */
  onEditWeights(nodeId: string, base: Float32Array, edits: readonly (readonly [number, number])[]): void;
  selectedNodeId?: string;
  onSelectNode(id: string | undefined): void;
  run: LiveRun;
  /** Where the selected layer's parameters and kernels are drawn (the studio's inspector pane). */
  inspector: HTMLElement | null;
  /** Said once where the user looks, e.g. why a connection was refused. */
  onNotice(message: string): void;
  /** Gradient mode: a dL/dW cell clicked in the inspector, to spell out in the Gradients view. */
  onGradientCell?(nodeId: string, index: number): void;
}

/**
 * The node editor, with the selected layer's parameters and kernel editor drawn in the
 * inspector pane. The kernel editor shows the document's own weights once any were typed, else
 * the ones the last run resolved (presets, seeded initialisation); edits go to the document.
 */
export function EditorPanel({ pipeline, onChange, onEditWeights, selectedNodeId, onSelectNode, run, inspector, onNotice, onGradientCell }: EditorPanelProps) {
  const input = pipeline.nodes.find((n) => n.kind === 'input')?.params as { channels: number; height: number; width: number } | undefined;
  const inputShape = useMemo(() => (input ? [1, input.channels, input.height, input.width] : undefined), [input]);

  // The weight shape each node needs now, to tell the last run's weights from stale ones.
  const shapes = useMemo(() => inferShapes(pipeline), [pipeline]);
  const renderWeights = useCallback((node: PipelineNode) => {
    const ranWeights = run.weights.get(node.id);
    const expected = shapes.byId.get(node.id)?.shapes.weight;
    if (!ranWeights || !weightsFitNode(ranWeights.shape, expected)) {
      return <p className="studio-muted">Weights appear after the next run{run.status === 'failed' ? ' (the last one failed)' : ''}; layers above 65,536 weights are not shown.</p>;
    }
    const own = documentWeights(node, ranWeights.data.length);
    const shown = own ? Float32Array.from(own) : ranWeights.data;
    const frozen = node.kind !== 'input' && node.frozen === true;
    const ranGradient = run.gradients?.weights.find((w) => w.id === node.id);
    const gradient = ranGradient && ranGradient.data.length === ranWeights.data.length ? new Tensor(ranGradient.data, ranGradient.shape) : undefined;
    // Whether the maps on screen were computed with exactly these weights (typed values wait for the next run).
    const inSync = !own || own.every((v, i) => Object.is(Math.fround(v), ranWeights.data[i]));
    return (
      <>
        <p className="studio-muted studio-kernel-sync" data-testid="kernel-sync" data-in-sync={inSync}>
          {inSync ? 'The maps show these weights.' : 'Updating the maps with your edits…'}
        </p>
        {frozen && (
          <p className="studio-frozen-note" role="note" data-testid="frozen-note">
            These weights are frozen: training leaves them alone and the cells are locked.{' '}
            <button type="button" className="studio-link" onClick={() => onChange(withNodeFrozen(pipeline, node.id, false))}>
              Unfreeze to edit
            </button>
          </p>
        )}
        <KernelEditor
          value={shown}
          shape={ranWeights.shape}
          label={node.id}
          onChange={(next) => onEditWeights(node.id, ranWeights.data, changedCells(shown, next))}
          frozen={frozen}
          onFrozenChange={(value) => onChange(withNodeFrozen(pipeline, node.id, value))}
        />
        {gradient && (
          // Gradient mode: dL/dW beside the kernels, on the diverging scale; a cell opens its sum in the Gradients view.
          <section className="studio-inspector-grads" aria-label={`dL/dW of ${node.id}`} data-testid="inspector-weight-grads">
            <h3 className="studio-inspector-subtitle">dL/dW <span className="studio-muted">({run.gradients?.target.description})</span></h3>
            <WeightGradients nodeId={node.id} kind={node.kind} weight={ranWeights} grad={gradient} onCell={(index) => onGradientCell?.(node.id, index)} compact />
          </section>
        )}
      </>
    );
  }, [run.weights, run.status, run.gradients, pipeline, shapes, onChange, onEditWeights, onGradientCell]);

  return (
    <PipelineEditor
      pipeline={pipeline}
      onChange={onChange}
      inputShape={inputShape}
      selectedNodeId={selectedNodeId ?? null}
      onSelectNode={(id) => onSelectNode(id ?? undefined)}
      renderWeights={renderWeights}
      parameterPanelContainer={inspector}
      onNotice={onNotice}
      style={{ flex: 1, minHeight: 0 }}
    />
  );
}
