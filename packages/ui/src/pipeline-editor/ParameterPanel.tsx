import { parameterizedKinds, type Pipeline, type PipelineIssue, type PipelineNode } from '@convstudio/core';
import type { ReactNode } from 'react';
import { layerTitle } from './layer-catalog.js';
import { NodeInputs } from './NodeInputs.js';
import { paramFields } from './param-fields.js';
import { issueMatchesField } from './param-validation.js';
import { ParamField } from './ParamField.js';

/** Props of {@link ParameterPanel}. */
export interface ParameterPanelProps {
  pipeline: Pipeline;
  /** The node to edit; nothing is shown for none or an unknown id. */
  nodeId: string | null | undefined;
  /**
   * The pipeline with the edited node. `editKey` names the field (`params:conv1.stride`), so a
   * history can merge the keystrokes of one field into one undo step.
   */
  onChange(pipeline: Pipeline, editKey: string): void;
  /** The core's issues for this node in the whole pipeline (from `summarizePipeline`), shown at their fields. */
  issues?: readonly PipelineIssue[];
  /** A slot under the fields for learnable layers, where the studio puts its kernel editor. */
  renderWeights?(node: PipelineNode): ReactNode;
}

/**
 * Typed fields for one node's params, generated from the field table and the core's schemas.
 * A value the core rejects is not committed: it stays in its field with the core's error text.
 *
 * @example
 * <ParameterPanel pipeline={p} nodeId="conv1" onChange={(next) => setPipeline(next)} />
 */
export function ParameterPanel({ pipeline, nodeId, onChange, issues = [], renderWeights }: ParameterPanelProps) {
  const node = pipeline.nodes.find((n) => n.id === nodeId);
  if (!node) {
    return <div className="cs-parameter-panel cs-parameter-panel--empty">Select a layer to edit its parameters.</div>;
  }
  const fields = paramFields(node.kind);
  const commit = (name: string) => (next: PipelineNode) => {
    onChange({ ...pipeline, nodes: pipeline.nodes.map((n) => (n.id === node.id ? next : n)) }, `params:${node.id}.${name}`);
  };
  // Issues about the node as a whole (its inputs, a shape it cannot take) go above the fields.
  const general = issues.filter((i) => !fields.some((f) => issueMatchesField(i, f.name)));
  const learnable = (parameterizedKinds as readonly string[]).includes(node.kind);
  return (
    <form className="cs-parameter-panel" data-node-id={node.id} aria-label={`Parameters of ${node.id}`} onSubmit={(e) => e.preventDefault()}>
      <h3>
        {layerTitle(node.kind)} <small>{node.id}</small>
      </h3>
      {general.map((i) => (
        <div key={`${i.field}|${i.detail}`} role="alert" className="cs-node-issue" style={{ color: '#b71c1c' }}>
          {i.message}
        </div>
      ))}
      <NodeInputs pipeline={pipeline} node={node} onChange={onChange} />
      {fields.length === 0 && <p className="cs-parameter-panel__none">{layerTitle(node.kind)} has no parameters.</p>}
      {fields.map((field) => (
        <ParamField
          key={`${node.id}.${field.name}`}
          node={node}
          field={field}
          onCommit={commit(field.name)}
          issues={issues.filter((i) => issueMatchesField(i, field.name))}
        />
      ))}
      {learnable && renderWeights ? <div className="cs-parameter-panel__weights">{renderWeights(node)}</div> : null}
    </form>
  );
}
