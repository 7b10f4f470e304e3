import { inferShapes, type Pipeline, type PipelineNode } from '@convstudio/core';
import { KernelEditor, PipelineEditor } from '@convstudio/ui';
import { useCallback, useMemo } from 'react';
import type { LiveRun } from '../run/useLiveRun.js';
import { weightsFitNode, withNodeFrozen, withNodeWeights } from './node-weights.js';

export interface EditorPanelProps {
  pipeline: Pipeline;
  onChange(pipeline: Pipeline): void;
  selectedNodeId?: string;
  onSelectNode(id: string | undefined): void;
  run: LiveRun;
}

/**
 * The node editor with a kernel editor in each weighted node's parameter panel. The weights it
 * shows come from the last run (presets and seeded initialisation resolved by the core);
 * editing them stores the values in the pipeline.
 */
export function EditorPanel({ pipeline, onChange, selectedNodeId, onSelectNode, run }: EditorPanelProps) {
  const input = pipeline.nodes.find((n) => n.kind === 'input')?.params as { channels: number; height: number; width: number } | undefined;
  const inputShape = useMemo(() => (input ? [1, input.channels, input.height, input.width] : undefined), [input]);

  // The weight shape each node needs now, to tell the last run's weights from stale ones.
  const shapes = useMemo(() => inferShapes(pipeline), [pipeline]);
  const renderWeights = useCallback((node: PipelineNode) => {
    const weight = run.weights.get(node.id);
    if (!weight || !weightsFitNode(weight.shape, shapes.byId.get(node.id)?.shapes.weight)) return <p className="studio-muted">Weights appear after the next run{run.status === 'failed' ? ' (the last one failed)' : ''}; layers above 65,536 weights are not shown.</p>;
    return (
      <KernelEditor
        value={weight.data}
        shape={weight.shape}
        label={node.id}
        onChange={(values) => onChange(withNodeWeights(pipeline, node.id, values))}
        frozen={node.kind !== 'input' && node.frozen === true}
        onFrozenChange={(frozen) => onChange(withNodeFrozen(pipeline, node.id, frozen))}
      />
    );
  }, [run.weights, run.status, pipeline, shapes, onChange]);

  return (
    <PipelineEditor
      pipeline={pipeline}
      onChange={onChange}
      inputShape={inputShape}
      selectedNodeId={selectedNodeId ?? null}
      onSelectNode={(id) => onSelectNode(id ?? undefined)}
      renderWeights={renderWeights}
      style={{ flex: 1, minHeight: 0 }}
    />
  );
}
