import type { Pipeline } from '@convstudio/core';

/**
 * Undo/redo of whole pipeline documents. Documents are small and treated as immutable values,
 * so keeping snapshots is simpler and safer than inverting each edit.
 */
export interface History {
  readonly past: readonly Pipeline[];
  readonly present: Pipeline;
  readonly future: readonly Pipeline[];
  /** The edit that made `present`, for coalescing: its key and time in ms. */
  readonly last?: { key: string; at: number };
}

/** How {@link record} treats one edit. */
export interface RecordOptions {
  /**
   * Edits with the same key within `coalesceMs` of the previous one merge into one undo step
   * (typing "128" into a field is one edit, not three). No key: never merged.
   */
  key?: string;
  /** The edit's time in ms; default `Date.now()`. */
  now?: number;
  /** Default {@link DEFAULT_COALESCE_MS}. */
  coalesceMs?: number;
  /** Steps kept; the oldest fall off. Default {@link DEFAULT_HISTORY_LIMIT}. */
  limit?: number;
}

export const DEFAULT_COALESCE_MS = 800;
export const DEFAULT_HISTORY_LIMIT = 200;

/**
 * A history whose only state is `pipeline`.
 *
 * @example
 * let h = createHistory(pipeline);
 */
export function createHistory(pipeline: Pipeline): History {
  return { past: [], present: pipeline, future: [] };
}

/**
 * Makes `next` the present. A new edit clears the redo stack; an edit with the key of the
 * previous one, soon after it, replaces the present instead of adding a step.
 *
 * @example
 * h = record(h, withStride1, { key: 'conv1.stride', now: 0 });
 * h = record(h, withStride12, { key: 'conv1.stride', now: 300 }); // still one undo step
 */
export function record(history: History, next: Pipeline, options: RecordOptions = {}): History {
  if (next === history.present) return history;
  const { key, now = Date.now(), coalesceMs = DEFAULT_COALESCE_MS, limit = DEFAULT_HISTORY_LIMIT } = options;
  const last = key === undefined ? undefined : { key, at: now };
  const merge = key !== undefined && history.last?.key === key && now - history.last.at <= coalesceMs && history.future.length === 0;
  if (merge) return { past: history.past, present: next, future: [], last };
  const past = [...history.past, history.present];
  return { past: past.slice(Math.max(0, past.length - limit)), present: next, future: [], last };
}

/**
 * One step back; unchanged when there is nothing to undo.
 *
 * @example
 * h = undo(h); h.present; // the document before the last edit
 */
export function undo(history: History): History {
  if (history.past.length === 0) return history;
  return {
    past: history.past.slice(0, -1),
    present: history.past[history.past.length - 1],
    future: [history.present, ...history.future],
  };
}

/**
 * One step forward again; unchanged when there is nothing to redo.
 *
 * @example
 * h = redo(undo(h)); // back where it was
 */
export function redo(history: History): History {
  if (history.future.length === 0) return history;
  return { past: [...history.past, history.present], present: history.future[0], future: history.future.slice(1) };
}

/** @example canUndo(createHistory(p)); // false */
export const canUndo = (history: History): boolean => history.past.length > 0;
/** @example canRedo(undo(h)); // true when h had a step */
export const canRedo = (history: History): boolean => history.future.length > 0;
