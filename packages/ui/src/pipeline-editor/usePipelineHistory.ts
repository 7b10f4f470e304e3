import type { Pipeline } from '@convstudio/core';
import { useState } from 'react';
import { canRedo, canUndo, createHistory, record, redo, undo, type History } from './history.js';

/** What {@link usePipelineHistory} gives a controlled editor. */
export interface PipelineHistoryApi {
  /** Sends an edit to `onChange` and records it; edits with one `key` in quick succession merge. */
  commit(next: Pipeline, key?: string): void;
  undo(): void;
  redo(): void;
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * Undo/redo for a controlled pipeline: the editor's own edits go through `commit`; a document
 * the parent swaps in (a template loaded) is recorded too, so it can be undone like an edit.
 *
 * @example
 * const history = usePipelineHistory(pipeline, onChange);
 * history.commit(next, 'params:conv1.stride');
 */
export function usePipelineHistory(pipeline: Pipeline, onChange: (pipeline: Pipeline) => void): PipelineHistoryApi {
  const [history, setHistory] = useState<History>(() => createHistory(pipeline));
  let current = history;
  if (pipeline !== history.present) {
    // React's pattern for state that follows a prop: adjust it during render, no effect needed.
    current = record(history, pipeline);
    setHistory(current);
  }
  const go = (next: History) => {
    if (next === current) return;
    setHistory(next);
    onChange(next.present);
  };
  return {
    commit(next, key) {
      // Called from event handlers only; the clock dates the edit for merging rapid keystrokes.
      // eslint-disable-next-line react-hooks/purity
      go(record(current, next, { key, now: Date.now() }));
    },
    undo: () => go(undo(current)),
    redo: () => go(redo(current)),
    canUndo: canUndo(current),
    canRedo: canRedo(current),
  };
}
