import { inputArity } from '@convstudio/core';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect } from 'react';
import { useEditorView } from './editor-view-context.js';
import { formatSi } from '../charts/format-number.js';
import { formatShapeText } from './format.js';
import { inputHandle, OUTPUT_HANDLE, type LayerFlowNode } from './graph-conversion.js';
import { NODE_WIDTH } from './layout.js';
import { layerCatalog, layerTitle } from './layer-catalog.js';
import { issueSentence } from './param-validation.js';

// Looks live in styles.css (`.cs-layer-node`, coloured by `data-group`), so hosts theme them.

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
  return (
    <div
      data-testid="layer-node"
      data-node-id={id}
      data-kind={type}
      data-group={type === 'input' ? 'Input' : layerCatalog[type].group}
      data-invalid={issues.length > 0 ? 'true' : undefined}
      className={`cs-layer-node${issues.length > 0 ? ' cs-layer-node--invalid' : ''}`}
      data-selected={selected ? 'true' : undefined}
      style={{ width: NODE_WIDTH }}
      title={issues.map((i) => i.message).join('\n') || undefined /* the technical wording, on hover */}
    >
      {Array.from({ length: handles }, (_, slot) => {
        const at = `${((slot + 1) / (handles + 1)) * 100}%`;
        return <Handle key={slot} type="target" id={inputHandle(slot)} position={vertical ? Position.Top : Position.Left} style={vertical ? { left: at } : { top: at }} />;
      })}
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 6 }}>
        <strong className="cs-layer-node__kind">
          {issues.length > 0 && (
            <span className="cs-layer-node__badge" data-testid="node-error-badge" aria-label={`${issues.length} problem${issues.length > 1 ? 's' : ''}`}>
              {issues.length}
            </span>
          )}
          {layerTitle(type)}
        </strong>
        <span className="cs-layer-node__id" title={data.label}>{id}{data.frozen ? ' · frozen' : ''}</span>
      </div>
      <div className="cs-layer-node__shape" data-testid="node-shape">{summary?.output ? formatShapeText(summary.output) : '–'}</div>
      <div className="cs-layer-node__cost">
        <span data-testid="node-params">{summary?.params === undefined ? '–' : formatSi(summary.params)}</span> params ·{' '}
        <span data-testid="node-macs" title="multiply-accumulates per sample">{summary?.macs === undefined ? '–' : formatSi(summary.macs)}</span> MACs
      </div>
      {issues.length > 0 && (
        <div role="alert" data-testid="node-error" className="cs-layer-node__error">
          {issueSentence(issues[0])}
          {issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}
        </div>
      )}
      <Handle type="source" id={OUTPUT_HANDLE} position={vertical ? Position.Bottom : Position.Right} />
    </div>
  );
}

export const LayerNodeView = memo(LayerNodeViewImpl);
