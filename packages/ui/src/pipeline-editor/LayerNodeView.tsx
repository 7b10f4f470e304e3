import { inputArity } from '@convstudio/core';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, type CSSProperties } from 'react';
import { useEditorView } from './editor-view-context.js';
import { formatSi } from '../charts/format-number.js';
import { formatShapeText } from './format.js';
import { inputHandle, OUTPUT_HANDLE, type LayerFlowNode } from './graph-conversion.js';
import { NODE_WIDTH } from './layout.js';

const box: CSSProperties = {
  width: NODE_WIDTH, boxSizing: 'border-box', padding: '6px 8px', borderRadius: 6, background: '#fff',
  border: '1px solid #8a8f98', font: '12px/1.35 system-ui, sans-serif', color: '#1d2127',
};
const invalidBox: CSSProperties = { ...box, border: '2px solid #d32f2f', background: '#fff5f5' };
const muted: CSSProperties = { color: '#5b6270' };
const badge: CSSProperties = { display: 'inline-block', minWidth: 16, marginRight: 4, borderRadius: 8, background: '#d32f2f', color: '#fff', textAlign: 'center', fontSize: 11 };

/**
 * The canvas view of one pipeline node: kind, id, output shape, parameters and MACs, and, when
 * the core reports a problem, a red border and the core's message. add and concat show one
 * input handle per input plus a free one, so another branch can always be dropped on.
 *
 * @example
 * const nodeTypes = { conv2d: LayerNodeView }; // at module scope, see `layerNodeTypes`
 */
function LayerNodeViewImpl({ id, type, data, selected }: NodeProps<LayerFlowNode>) {
  const { summaries, inputCounts, direction } = useEditorView();
  const summary = summaries.get(id);
  const issues = summary?.issues ?? [];
  const arity = inputArity(type);
  const handles = arity === 'none' ? 0 : arity === 'one' ? 1 : (inputCounts.get(id) ?? 0) + 1;
  const vertical = direction === 'TB';
  const updateNodeInternals = useUpdateNodeInternals();
  // React Flow measures handles once; a handle added or moved must be measured again.
  useEffect(() => updateNodeInternals(id), [id, handles, vertical, updateNodeInternals]);
  const style = issues.length > 0 ? invalidBox : box;
  return (
    <div
      data-testid="layer-node"
      data-node-id={id}
      data-kind={type}
      data-invalid={issues.length > 0 ? 'true' : undefined}
      className={`cs-layer-node${issues.length > 0 ? ' cs-layer-node--invalid' : ''}`}
      style={selected ? { ...style, boxShadow: '0 0 0 2px #2f6fde' } : style}
      title={issues.map((i) => i.message).join('\n') || undefined}
    >
      {Array.from({ length: handles }, (_, slot) => {
        const at = `${((slot + 1) / (handles + 1)) * 100}%`;
        return <Handle key={slot} type="target" id={inputHandle(slot)} position={vertical ? Position.Top : Position.Left} style={vertical ? { left: at } : { top: at }} />;
      })}
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 6 }}>
        <strong className="cs-layer-node__kind">
          {issues.length > 0 && (
            <span className="cs-layer-node__badge" data-testid="node-error-badge" aria-label={`${issues.length} problem${issues.length > 1 ? 's' : ''}`} style={badge}>
              {issues.length}
            </span>
          )}
          {type}
        </strong>
        <span className="cs-layer-node__id" style={muted} title={data.label}>{id}{data.frozen ? ' · frozen' : ''}</span>
      </div>
      <div className="cs-layer-node__shape" data-testid="node-shape">{summary?.output ? formatShapeText(summary.output) : '–'}</div>
      <div className="cs-layer-node__cost" style={muted}>
        <span data-testid="node-params">{summary?.params === undefined ? '–' : formatSi(summary.params)}</span> params ·{' '}
        <span data-testid="node-macs" title="multiply-accumulates per sample">{summary?.macs === undefined ? '–' : formatSi(summary.macs)}</span> MACs
      </div>
      {issues.length > 0 && (
        <div role="alert" data-testid="node-error" className="cs-layer-node__error" style={{ color: '#b71c1c', marginTop: 4, overflowWrap: 'anywhere' }}>
          {issues[0].message}
          {issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}
        </div>
      )}
      <Handle type="source" id={OUTPUT_HANDLE} position={vertical ? Position.Bottom : Position.Right} />
    </div>
  );
}

export const LayerNodeView = memo(LayerNodeViewImpl);
