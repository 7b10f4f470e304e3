import { createContext, useContext } from 'react';
import type { LayoutDirection } from './layout.js';
import type { NodeSummary } from './node-summary.js';

/**
 * What node views read besides their own data: derived values (shapes, costs, issues) are kept
 * out of node `data`, which holds only the serializable params.
 */
export interface EditorView {
  summaries: ReadonlyMap<string, NodeSummary>;
  /** Inputs each node has now, so add and concat can offer one more handle. */
  inputCounts: ReadonlyMap<string, number>;
  direction: LayoutDirection;
}

export const EditorViewContext = createContext<EditorView>({ summaries: new Map(), inputCounts: new Map(), direction: 'TB' });

/** @example const { summaries } = useEditorView(); */
export const useEditorView = (): EditorView => useContext(EditorViewContext);
