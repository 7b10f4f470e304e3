import type { Pipeline } from '@convstudio/core';
import type { EdgeChange, NodeChange, XYPosition } from '@xyflow/react';
import { useMemo, useState } from 'react';
import type { LayerFlowEdge, LayerFlowNode, Positions, Selection } from './graph-conversion.js';
import { ensurePositions, layoutKey, type LayoutDirection } from './layout.js';

type Size = { width: number; height: number };

/** Options of {@link useFlowViewState}: controlled positions when given. */
export interface FlowViewOptions {
  positions?: Positions;
  onPositionsChange?(positions: Positions): void;
  selectedNodeId?: string | null;
  onSelectNode?(id: string | null): void;
  direction: LayoutDirection;
}

const emptySelection: Selection = { nodes: new Set(), edges: new Set() };

/**
 * The canvas's view state, none of which is part of the document or its history: positions,
 * selection and the sizes React Flow measured (it needs them back on every node it is given).
 *
 * @example
 * const view = useFlowViewState(pipeline, { direction: 'TB' });
 * <ReactFlow onNodesChange={view.onNodesChange} ... />
 */
export function useFlowViewState(pipeline: Pipeline, options: FlowViewOptions) {
  const { positions: controlled, onPositionsChange, onSelectNode, direction } = options;
  const [own, setOwn] = useState<Positions>({});
  const [ownPrimary, setOwnPrimary] = useState<string | null>(null);
  // Uncontrolled selection (no selectedNodeId prop) still drives the parameter panel.
  const selectedNodeId = options.selectedNodeId !== undefined ? options.selectedNodeId : ownPrimary;
  const [selected, setSelected] = useState<Selection>(emptySelection);
  const [measured, setMeasured] = useState<Readonly<Record<string, Size>>>({});
  // Laid out again only when what the layout reads changes (ids, stored positions, edges): a
  // kernel edit makes a new pipeline of the same graph, and dagre took 16 ms of each keystroke
  // on the MNIST CNN.
  const graph = layoutKey(pipeline);
  const positions = useMemo(() => ensurePositions(pipeline, controlled ?? own, { direction }), [graph, controlled, own, direction]); // eslint-disable-line react-hooks/exhaustive-deps
  // A node chosen outside the canvas (the studio's feature maps) shows as selected here too.
  const selection = selectedNodeId && !selected.nodes.has(selectedNodeId) ? { nodes: new Set([selectedNodeId]), edges: new Set<string>() } : selected;

  const setPositions = (next: Positions) => {
    setOwn(next);
    onPositionsChange?.(next);
  };
  const select = (next: Selection, primary?: string | null) => {
    setSelected(next);
    const main = primary !== undefined ? primary : next.nodes.size === 0 ? null : selectedNodeId && next.nodes.has(selectedNodeId) ? selectedNodeId : [...next.nodes].at(-1) ?? null;
    setOwnPrimary(main);
    if (main !== (selectedNodeId ?? null)) onSelectNode?.(main);
  };

  const onNodesChange = (changes: NodeChange<LayerFlowNode>[]) => {
    let moved: Record<string, XYPosition> | undefined;
    let sized: Record<string, Size> | undefined;
    let nodes: Set<string> | undefined;
    for (const change of changes) {
      if (change.type === 'position' && change.position) (moved ??= { ...positions })[change.id] = change.position;
      if (change.type === 'dimensions' && change.dimensions) (sized ??= { ...measured })[change.id] = change.dimensions;
      if (change.type === 'select') {
        nodes ??= new Set(selection.nodes);
        if (change.selected) nodes.add(change.id);
        else nodes.delete(change.id);
      }
    }
    if (moved) setPositions(moved);
    if (sized) setMeasured(sized);
    if (nodes) select({ nodes, edges: selection.edges });
  };
  const onEdgesChange = (changes: EdgeChange<LayerFlowEdge>[]) => {
    const edges = new Set(selection.edges);
    let changed = false;
    for (const change of changes) {
      if (change.type !== 'select') continue;
      changed = true;
      if (change.selected) edges.add(change.id);
      else edges.delete(change.id);
    }
    if (changed) select({ nodes: selection.nodes, edges });
  };
  return { positions, setPositions, selection, select, selectedNodeId, measured, onNodesChange, onEdgesChange };
}
