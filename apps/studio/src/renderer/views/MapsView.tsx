import type { Pipeline, PipelineNode, Tensor } from '@convstudio/core';
import { DEFAULT_MAX_TILES, FeatureMapGrid } from '@convstudio/ui';
import { isExplainable } from '@convstudio/core';
import { memo, useCallback, useMemo, useState, type ReactNode } from 'react';
import { CopyButtons, fitsNumberTable, mapCsv, mapJson, MapNumbers, type CopyFormat } from '../inspector/MapNumbers.js';
import { UnitInspector } from '../inspector/UnitInspector.js';
import { explainPicked, type PickedUnit } from '../inspector/unit-sources.js';
import type { LiveRun } from '../run/useLiveRun.js';
import { useElementWidth } from './useElementWidth.js';
import { useSeen } from './useSeen.js';
import { sameButWeights } from './same-but-weights.js';

/**
 * Every node's output as a grid of feature maps, in pipeline order; the selected node's grid is
 * marked and scrolled to. Nodes the last run could not compute say so instead of showing stale maps.
 */
export const MapsView = memo(function MapsView({ pipeline, run, selectedNodeId, onSelectNode }: MapsViewProps) {
  // A stable callback ref, so the selected grid is scrolled to when the selection changes, not on
  // every render (each run re-rendered the view and forced a layout through scrollIntoView).
  const scrollOnSelect = useCallback((element: HTMLElement | null) => element?.scrollIntoView({ block: 'nearest' }), [selectedNodeId]); // eslint-disable-line react-hooks/exhaustive-deps
  // Numbers by default only where the whole pipeline works on small matrices (the document's
  // examples, typed-in matrices); image pipelines open on pictures, and a deep net's many small
  // maps would otherwise become thousands of table cells.
  const [numbersChoice, setNumbers] = useState<boolean | undefined>();
  const inputNode = pipeline.nodes.find((n) => n.kind === 'input');
  const inputTensor = inputNode ? run.outputs.get(inputNode.id) : undefined;
  const numbers = numbersChoice ?? (inputTensor !== undefined && fitsNumberTable(inputTensor));
  const [picked, setPicked] = useState<PickedUnit | undefined>();
  const [copied, setCopied] = useState('');
  // The scroller: grids of many maps far below what it shows are drawn when scrolled near.
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  const scrollerWidth = useElementWidth(scroller);
  const explanation = useMemo(() => (picked ? explainPicked(pipeline, { outputs: run.outputs, weights: run.weights, biases: run.biases }, picked) : undefined), [picked, pipeline, run.outputs, run.weights, run.biases]);
  const copy = useCallback(async (nodeId: string, channel: number, format: CopyFormat) => {
    const tensor = run.outputs.get(nodeId);
    if (!tensor) return;
    try {
      await navigator.clipboard.writeText(format === 'csv' ? mapCsv(tensor, channel) : mapJson(tensor, channel));
      setCopied(`Copied ${nodeId} channel ${channel} as ${format.toUpperCase()}`);
    } catch (error) {
      setCopied(`Could not copy: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, [run.outputs]);
  // Linked views: the picked unit and the input cells its terms read are marked in the tables.
  const sourceId = picked && pipeline.edges.find((e) => e.target === picked.nodeId)?.source;
  const read = useMemo(() => new Set(explanation?.ok ? explanation.unit.terms.filter((t) => t.source === 'input').map((t) => `${t.channel}:${t.row}:${t.col}`) : []), [explanation]);
  return (
    <div className="studio-maps-layout">
    <div className="studio-maps-toolbar">
      <label><input type="checkbox" checked={numbers} onChange={(e) => setNumbers(e.target.checked)} /> Show small maps as numbers</label>
      <span className="studio-muted" role="status" data-testid="copy-status">{copied}</span>
    </div>
    <div className="studio-maps" data-testid="maps-view" ref={setScroller}>
      {pipeline.nodes.map((node) => {
        const tensor = run.outputs.get(node.id);
        const selected = node.id === selectedNodeId;
        return (
          <MapsSection key={node.id} node={node} tensor={tensor} selected={selected} scroller={scroller} scrollerWidth={scrollerWidth} sectionRef={selected ? scrollOnSelect : undefined} onSelectNode={onSelectNode}>
            {tensor && numbers && fitsNumberTable(tensor) ? (
              <MapNumbers tensor={tensor} nodeId={node.id} read={node.id === sourceId ? read : undefined} picked={picked?.nodeId === node.id ? `${picked.channel}:${picked.row}:${picked.col}` : undefined} onCopy={(c, format) => void copy(node.id, c, format)} onPick={isExplainable(node.kind) ? (channel, row, col) => setPicked({ nodeId: node.id, channel, row, col }) : undefined} />
            ) : tensor ? (
              <FeatureMapGrid
                tensor={tensor}
                label={node.id}
                tileSize={tileSizeOf(node)}
                // A clicked value of an enlarged map opens the same inspector as a number does; a flat
                // output's strip is one feature per column.
                onPickCell={isExplainable(node.kind) ? (cell) => setPicked(tensor.rank === 4 ? { nodeId: node.id, channel: cell.channel, row: cell.y, col: cell.x } : { nodeId: node.id, channel: cell.x, row: 0, col: 0 }) : undefined}
                enlargedActions={(c) => <CopyButtons nodeId={node.id} channel={c} onCopy={(channel, format) => void copy(node.id, channel, format)} />}
              />
            ) : <p className="studio-muted">{run.issuesByNode.get(node.id)?.[0]?.message ?? 'not computed yet'}</p>}
          </MapsSection>
        );
      })}
    </div>
    {picked && explanation && <UnitInspector picked={picked} explanation={explanation} onClose={() => setPicked(undefined)} />}
    </div>
  );
}, sameMaps);

interface MapsViewProps {
  pipeline: Pipeline;
  run: LiveRun;
  selectedNodeId?: string;
  onSelectNode(id: string): void;
}

/**
 * Whether the view would draw the same: it reads only these parts of a run, and of the pipeline
 * everything but the weights (it shows the run's), so a run that starts (status "running") or a
 * kernel edit does not re-render every grid: AlexNet's keystrokes took 55 ms in that render.
 */
function sameMaps(a: MapsViewProps, b: MapsViewProps): boolean {
  return sameButWeights(a.pipeline, b.pipeline) && a.selectedNodeId === b.selectedNodeId && a.onSelectNode === b.onSelectNode
    && a.run.outputs === b.run.outputs && a.run.weights === b.run.weights && a.run.biases === b.run.biases && a.run.issuesByNode === b.run.issuesByNode;
}

/** Grids of up to this many maps are drawn at once wherever they are; larger ones when scrolled near. */
const ALWAYS_DRAWN_MAPS = 32;
const tileSizeOf = (node: PipelineNode) => (node.kind === 'input' ? 128 : 72);

/**
 * One node's maps under its name. A grid of many maps (AlexNet's layers: 96 to 256 each, 3,000
 * canvases in all) waits until it comes near the scroller's view, in a placeholder about its
 * height: building and drawing every grid at once took seconds before conv1 showed.
 */
function MapsSection({ node, tensor, selected, scroller, scrollerWidth, sectionRef, onSelectNode, children }: { node: PipelineNode; tensor?: Tensor; selected: boolean; scroller: HTMLElement | null; scrollerWidth?: number; sectionRef?: (element: HTMLElement | null) => void; onSelectNode(id: string): void; children: ReactNode }) {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const maps = tensor ? (tensor.rank === 4 ? Math.min(tensor.shape[1], DEFAULT_MAX_TILES) : 1) : 0;
  const seen = useSeen(element, scroller, maps <= ALWAYS_DRAWN_MAPS);
  const ref = useCallback((el: HTMLElement | null) => {
    setElement(el);
    sectionRef?.(el);
  }, [sectionRef]);
  const size = tileSizeOf(node);
  const columns = Math.max(1, Math.floor(((scrollerWidth ?? 600) - 16) / (size + 12)));
  return (
    <section className={`studio-maps-node${selected ? ' studio-selected' : ''}`} data-testid="maps-node" data-node-id={node.id} data-drawn={seen} ref={ref}>
      <h3>
        <button type="button" className="studio-link" onClick={() => onSelectNode(node.id)}>{node.id}</button>{' '}
        <span className="studio-muted">{node.kind}{tensor ? ` · ${tensor.shape.slice(1).join('×')}` : ''}</span>
      </h3>
      {seen ? children : <p className="studio-muted" style={{ minHeight: Math.ceil(maps / columns) * (size + 24) + 70 }}>{maps} maps, drawn when scrolled into view</p>}
    </section>
  );
}
