import type { Pipeline } from '@convstudio/core';
import { colormapLut, FeatureStack3D, type StackLayer } from '@convstudio/ui';
import { useMemo } from 'react';
import type { LiveRun } from '../run/useLiveRun.js';

const VIRIDIS = colormapLut('viridis');

/**
 * The whole pipeline as stacks of feature maps in 3D, in execution order. Clicking a plane
 * selects its node (the editor and the 2D grid follow) and marks the unit's receptive field on
 * every layer below it.
 */
export function StackView({ pipeline, run, onSelectNode }: { pipeline: Pipeline; run: LiveRun; onSelectNode(id: string): void }) {
  const layers = useMemo<StackLayer[]>(
    () => pipeline.nodes.flatMap((node) => {
      const tensor = run.outputs.get(node.id);
      return tensor ? [{ id: node.id, label: node.id, tensor }] : [];
    }),
    [pipeline, run.outputs],
  );
  if (layers.length === 0) return <p className="studio-muted">Nothing computed yet.</p>;
  return (
    <div className="studio-stack" data-testid="stack-view">
      <FeatureStack3D layers={layers} pipeline={pipeline} lookupTable={VIRIDIS} onOpenMap={(id) => onSelectNode(id)} style={{ height: '100%' }} />
    </div>
  );
}
