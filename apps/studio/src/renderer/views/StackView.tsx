import type { Pipeline } from '@convstudio/core';
import { colormapLut, FeatureMapEnlarged, FeatureStack3D, featureMapsOf, mapRanges, type StackLayer } from '@convstudio/ui';
import { useMemo, useState } from 'react';
import type { LiveRun } from '../run/useLiveRun.js';

// The stack's colours: viridis, as the enlarged map opened from it (cached, so stable).
const COLORMAP = 'viridis';
const LUT = colormapLut(COLORMAP);
// The stack takes the view's whole height, whatever the pane gives: a column whose child grows.
const COLUMN = { display: 'flex', flexDirection: 'column' } as const;
const FILL = { flex: '1 1 auto', minHeight: 0 } as const;

/**
 * The whole pipeline as stacks of feature maps in 3D, in execution order. Clicking a plane
 * selects its node (the editor and the 2D grid follow), opens that map enlarged, and marks the
 * clicked unit's receptive field on every layer below it.
 */
export function StackView({ pipeline, run, onSelectNode }: { pipeline: Pipeline; run: LiveRun; onSelectNode(id: string): void }) {
  const [opened, setOpened] = useState<{ nodeId: string; channel: number } | null>(null);
  const layers = useMemo<StackLayer[]>(
    () => pipeline.nodes.flatMap((node) => {
      const tensor = run.outputs.get(node.id);
      return tensor ? [{ id: node.id, label: node.id, tensor, kind: node.kind }] : [];
    }),
    [pipeline, run.outputs],
  );
  const openedTensor = opened ? run.outputs.get(opened.nodeId) : undefined;
  const enlarged = useMemo(() => {
    if (!opened || !openedTensor) return null;
    const maps = featureMapsOf(openedTensor, 0);
    if (opened.channel >= maps.channels) return null;
    return { maps, range: mapRanges(maps, COLORMAP, 'per-map')[opened.channel] };
  }, [opened, openedTensor]);

  if (layers.length === 0) return <p className="studio-muted">Nothing computed yet.</p>;
  return (
    <div className="studio-stack" style={COLUMN} data-testid="stack-view">
      <FeatureStack3D
        layers={layers}
        pipeline={pipeline}
        lookupTable={LUT}
        onOpenMap={(nodeId, channel) => {
          onSelectNode(nodeId);
          setOpened({ nodeId, channel });
        }}
        style={FILL}
      />
      {enlarged && opened && (
        <FeatureMapEnlarged maps={enlarged.maps} channel={opened.channel} range={enlarged.range} colormap={COLORMAP} lut={LUT} onClose={() => setOpened(null)} />
      )}
    </div>
  );
}
