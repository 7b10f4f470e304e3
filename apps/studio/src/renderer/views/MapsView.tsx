import type { Pipeline } from '@convstudio/core';
import { FeatureMapGrid } from '@convstudio/ui';
import { isExplainable } from '@convstudio/core';
import { useCallback, useMemo, useState } from 'react';
import { CopyButtons, fitsNumberTable, mapCsv, mapJson, MapNumbers, type CopyFormat } from '../inspector/MapNumbers.js';
import { UnitInspector } from '../inspector/UnitInspector.js';
import { explainPicked, type PickedUnit } from '../inspector/unit-sources.js';
import type { LiveRun } from '../run/useLiveRun.js';

/**
 * Every node's output as a grid of feature maps, in pipeline order; the selected node's grid is
 * marked and scrolled to. Nodes the last run could not compute say so instead of showing stale maps.
 */
export function MapsView({ pipeline, run, selectedNodeId, onSelectNode }: { pipeline: Pipeline; run: LiveRun; selectedNodeId?: string; onSelectNode(id: string): void }) {
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
    <div className="studio-maps" data-testid="maps-view">
      {pipeline.nodes.map((node) => {
        const tensor = run.outputs.get(node.id);
        const selected = node.id === selectedNodeId;
        return (
          <section
            key={node.id}
            className={`studio-maps-node${selected ? ' studio-selected' : ''}`}
            data-testid="maps-node"
            data-node-id={node.id}
            ref={selected ? scrollOnSelect : undefined}
          >
            <h3>
              <button type="button" className="studio-link" onClick={() => onSelectNode(node.id)}>{node.id}</button>{' '}
              <span className="studio-muted">{node.kind}{tensor ? ` · ${tensor.shape.slice(1).join('×')}` : ''}</span>
            </h3>
            {tensor && numbers && fitsNumberTable(tensor) ? (
              <MapNumbers tensor={tensor} nodeId={node.id} read={node.id === sourceId ? read : undefined} picked={picked?.nodeId === node.id ? `${picked.channel}:${picked.row}:${picked.col}` : undefined} onCopy={(c, format) => void copy(node.id, c, format)} onPick={isExplainable(node.kind) ? (channel, row, col) => setPicked({ nodeId: node.id, channel, row, col }) : undefined} />
            ) : tensor ? (
              <FeatureMapGrid
                tensor={tensor}
                label={node.id}
                tileSize={node.kind === 'input' ? 128 : 72}
                // A clicked value of an enlarged map opens the same inspector as a number does; a flat
                // output's strip is one feature per column.
                onPickCell={isExplainable(node.kind) ? (cell) => setPicked(tensor.rank === 4 ? { nodeId: node.id, channel: cell.channel, row: cell.y, col: cell.x } : { nodeId: node.id, channel: cell.x, row: 0, col: 0 }) : undefined}
                enlargedActions={(c) => <CopyButtons nodeId={node.id} channel={c} onCopy={(channel, format) => void copy(node.id, channel, format)} />}
              />
            ) : <p className="studio-muted">{run.issuesByNode.get(node.id)?.[0]?.message ?? 'not computed yet'}</p>}
          </section>
        );
      })}
    </div>
    {picked && explanation && <UnitInspector picked={picked} explanation={explanation} onClose={() => setPicked(undefined)} />}
    </div>
  );
}
