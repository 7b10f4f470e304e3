import type { Pipeline } from '@convstudio/core';
import type { GradientTarget } from './gradient-protocol.js';

type Choice = 'top' | 'class' | 'label' | 'sum';

const choiceOf = (target: GradientTarget): Choice => (target.kind === 'class' && target.index === undefined ? 'top' : target.kind);

/** Picks L: a class score, a label's loss, or a node's sum (the only one without a classifier). */
export function TargetPicker({ pipeline, target, names, onTarget }: { pipeline: Pipeline; target: GradientTarget; names?: string[]; onTarget(target: GradientTarget): void }) {
  const choice = choiceOf(target);
  const index = target.kind !== 'sum' ? (target.index ?? 0) : 0;
  const pick = (next: Choice) => {
    if (next === 'top') onTarget({ kind: 'class' });
    else if (next === 'sum') onTarget({ kind: 'sum' });
    else onTarget({ kind: next, index });
  };
  return (
    <div className="studio-target" data-testid="gradient-target">
      <label>
        L is{' '}
        <select className="cs-select" value={choice} onChange={(e) => pick(e.target.value as Choice)} aria-label="What L is">
          {names && <option value="top">the score of the predicted class</option>}
          {names && <option value="class">the score of class…</option>}
          {names && <option value="label">the loss for the true label…</option>}
          <option value="sum">the sum of a node's output</option>
        </select>
      </label>
      {names && (choice === 'class' || choice === 'label') && (
        <label>
          {choice === 'class' ? 'Class' : 'Label'}{' '}
          <select className="cs-select" value={index} onChange={(e) => onTarget({ kind: choice, index: Number(e.target.value) })} aria-label={choice === 'class' ? 'Class' : 'Label'}>
            {names.map((name, k) => <option key={k} value={k}>{name}</option>)}
          </select>
        </label>
      )}
      {choice === 'sum' && (
        <label>
          Node{' '}
          <select className="cs-select" value={target.kind === 'sum' ? (target.nodeId ?? '') : ''} onChange={(e) => onTarget({ kind: 'sum', ...(e.target.value ? { nodeId: e.target.value } : {}) })} aria-label="Node whose output is summed">
            <option value="">the output</option>
            {pipeline.nodes.filter((n) => n.kind !== 'input').map((n) => <option key={n.id} value={n.id}>{n.id}</option>)}
          </select>
        </label>
      )}
    </div>
  );
}
