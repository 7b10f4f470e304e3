import { inputArity, type Pipeline, type PipelineNode } from '@convstudio/core';
import { useId } from 'react';
import { inputHandle, slottedEdges } from './graph-conversion.js';
import { layerTitle } from './layer-catalog.js';
import { connect, connectionProblem, removeElements } from './pipeline-edits.js';

/** Props of {@link NodeInputs}. */
export interface NodeInputsProps {
  pipeline: Pipeline;
  node: PipelineNode;
  onChange(pipeline: Pipeline, editKey: string): void;
}

/**
 * The selected layer's inputs as selects: the keyboard's way to draw and remove edges (a drag
 * on the canvas does the same). Sources that would close a cycle are listed but disabled, with
 * the reason as their title.
 *
 * @example
 * <NodeInputs pipeline={p} node={relu1} onChange={(next) => commit(next)} />
 */
export function NodeInputs({ pipeline, node, onChange }: NodeInputsProps) {
  const id = useId();
  const arity = inputArity(node.kind);
  if (arity === 'none') return null;
  const current = slottedEdges(pipeline).filter((e) => e.edge.target === node.id).sort((a, b) => a.slot - b.slot);
  const sources = pipeline.nodes.filter((n) => n.id !== node.id);
  const options = (slot: number, chosen?: string) =>
    sources.map((source) => {
      const problem = source.id === chosen ? undefined : connectionProblem(pipeline, { source: source.id, target: node.id });
      return (
        <option key={source.id} value={source.id} disabled={problem !== undefined} title={problem}>
          {source.id} ({layerTitle(source.kind)}){problem ? ' — would close a cycle' : ''}
        </option>
      );
    });
  const setInput = (slot: number, source: string) => {
    if (!source) return;
    onChange(connect(pipeline, { source, target: node.id, targetHandle: inputHandle(slot) }), `inputs:${node.id}.${slot}`);
  };
  const removeInput = (edgeId: string) => onChange(removeElements(pipeline, [], [edgeId]), `inputs:${node.id}`);

  if (arity === 'one') {
    const chosen = current[0]?.edge.source ?? '';
    return (
      <div className="cs-param-field cs-node-inputs">
        <label htmlFor={`${id}-in`}>Input from</label>
        <select id={`${id}-in`} name="input-from" className="nodrag" value={chosen} onChange={(e) => setInput(0, e.target.value)}>
          <option value="" disabled>
            not connected
          </option>
          {options(0, chosen)}
        </select>
      </div>
    );
  }
  return (
    <fieldset className="cs-param-field cs-node-inputs">
      <legend>Inputs, in order</legend>
      {current.map((e) => (
        <div key={e.id} className="cs-node-input-row">
          <label htmlFor={`${id}-in-${e.slot}`}>{`Input ${e.slot + 1}`}</label>
          <select id={`${id}-in-${e.slot}`} className="nodrag" value={e.edge.source} onChange={(event) => setInput(e.slot, event.target.value)}>
            {options(e.slot, e.edge.source)}
          </select>
          <button type="button" onClick={() => removeInput(e.id)} aria-label={`Remove input ${e.slot + 1} (${e.edge.source})`}>
            Remove
          </button>
        </div>
      ))}
      <label htmlFor={`${id}-add`}>Add an input</label>
      <select id={`${id}-add`} name="add-input" className="nodrag" value="" onChange={(event) => setInput(current.length, event.target.value)}>
        <option value="" disabled>
          choose a layer…
        </option>
        {options(current.length)}
      </select>
    </fieldset>
  );
}
