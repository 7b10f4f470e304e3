import { inputsOf, type LayerKind, type Pipeline, type PipelineNode } from '@convstudio/core';
import { Background, Controls, ReactFlow, ReactFlowProvider, useNodesInitialized, useReactFlow, type Connection as FlowConnection, type IsValidConnection, type OnConnectEnd } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState, type CSSProperties, type DragEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { copyNodes, pasteNodes, type ClipboardContent } from './clipboard.js';
import { commandOfKey, isTextEntry, type EditorCommand } from './editor-keys.js';
import { EditorViewContext } from './editor-view-context.js';
import { toFlow, type LayerFlowEdge, type LayerFlowNode, type Positions } from './graph-conversion.js';
import { layoutPipeline, type LayoutDirection } from './layout.js';
import { droppedKind, LayerPalette } from './LayerPalette.js';
import { layerNodeTypes } from './node-types.js';
import { summarizePipeline } from './node-summary.js';
import { ParameterPanel } from './ParameterPanel.js';
import { addNode, connect, connectionProblem, removeAndReconnect } from './pipeline-edits.js';
import { useFlowViewState } from './useFlowViewState.js';
import { usePipelineHistory } from './usePipelineHistory.js';

/** Props of {@link PipelineEditor}. */
export interface PipelineEditorProps {
  /** The document shown; the editor never changes it in place. */
  pipeline: Pipeline;
  /** Every edit, undo and redo, as a new document. */
  onChange(pipeline: Pipeline): void;
  /** `[N, C, H, W]` of the loaded image: shapes follow it instead of the input node's params. */
  inputShape?: readonly number[];
  /** The node whose parameters are edited (single selection). Left out: the editor keeps its own. */
  selectedNodeId?: string | null;
  onSelectNode?(id: string | null): void;
  /** Node positions by id (view state, not in the document). Left out: the editor keeps its own. */
  positions?: Positions;
  onPositionsChange?(positions: Positions): void;
  /** Flow direction of auto-layout and handles. Default `'TB'`. */
  direction?: LayoutDirection;
  /** Kernel-editor slot of the parameter panel, for learnable layers. */
  renderWeights?(node: PipelineNode): ReactNode;
  /** Default true; false when the studio places its own {@link ParameterPanel}. */
  showParameterPanel?: boolean;
  /**
   * Draws the parameter panel into this element (an app's inspector pane) instead of beside the
   * canvas; it still commits through the editor's undo history. `null` while the element mounts.
   */
  parameterPanelContainer?: HTMLElement | null;
  /**
   * Told, once per occurrence, what the editor refused or did on the user's behalf (a connection
   * that would close a cycle, neighbours reconnected after a delete). Left out: shown in the toolbar.
   */
  onNotice?(message: string): void;
  className?: string;
  style?: CSSProperties;
}

/**
 * The pipeline node editor: a palette of every layer kind, the React Flow canvas, a toolbar and
 * the selected node's parameter panel. Controlled: edits come back through `onChange`.
 * The app must import `@xyflow/react/dist/style.css` once.
 *
 * @example
 * <PipelineEditor pipeline={p} onChange={setP} inputShape={[1, 1, 28, 28]} selectedNodeId={id} onSelectNode={setId} />
 */
export function PipelineEditor(props: PipelineEditorProps) {
  return (
    <ReactFlowProvider>
      <EditorBody {...props} />
    </ReactFlowProvider>
  );
}

// Column widths are CSS variables (`--cs-palette-width`, `--cs-panel-width`) so an app can fit the editor to its frame.
const layoutStyle = (withPanel: boolean): CSSProperties => ({
  display: 'grid',
  gridTemplateColumns: `var(--cs-palette-width, 150px) minmax(0, 1fr)${withPanel ? ' var(--cs-panel-width, 260px)' : ''}`,
  height: '100%',
  minHeight: 0,
});

/** The id of the layer node under a mouse or touch event's position, if any. */
function nodeUnderPointer(event: MouseEvent | TouchEvent): string | undefined {
  const point = 'changedTouches' in event ? event.changedTouches[0] : event;
  if (!point || typeof document === 'undefined') return undefined;
  const element = document.elementFromPoint(point.clientX, point.clientY);
  return element?.closest<HTMLElement>('[data-testid=layer-node]')?.dataset.nodeId;
}

function EditorBody(props: PipelineEditorProps) {
  const { pipeline, onChange, inputShape, renderWeights, showParameterPanel = true, parameterPanelContainer } = props;
  const panelElsewhere = parameterPanelContainer !== undefined;
  const [ownNotice, setOwnNotice] = useState<string | undefined>(undefined);
  const notice = (message: string) => (props.onNotice ? props.onNotice(message) : setOwnNotice(message));
  const [direction, setDirection] = useState<LayoutDirection>(props.direction ?? 'TB');
  const history = usePipelineHistory(pipeline, onChange);
  const view = useFlowViewState(pipeline, { ...props, direction });
  const selectedNodeId = view.selectedNodeId;
  const clipboard = useRef<ClipboardContent | null>(null);
  const { screenToFlowPosition, fitView } = useReactFlow();

  // A new document (a template loaded: most ids new) is fitted to the view like the first one.
  // The fit waits until React Flow has measured the new nodes: fitted before that, unsized
  // nodes make it zoom in to the maximum.
  const ids = pipeline.nodes.map((n) => n.id).join('\n');
  const shownIds = useRef(ids);
  const fitPending = useRef(true);
  const nodesMeasured = useNodesInitialized();
  useEffect(() => {
    const before = new Set(shownIds.current.split('\n'));
    shownIds.current = ids;
    const now = ids.split('\n');
    if (now.filter((id) => !before.has(id)).length * 2 >= now.length) fitPending.current = true;
  }, [ids]);
  useEffect(() => {
    if (!nodesMeasured || !fitPending.current) return;
    fitPending.current = false;
    void fitView({ padding: 0.15 });
  }, [nodesMeasured, ids, fitView]);

  const summary = useMemo(() => summarizePipeline(pipeline, inputShape), [pipeline, inputShape]);
  const inputCounts = useMemo(() => new Map([...inputsOf(pipeline)].map(([id, list]) => [id, list.length])), [pipeline]);
  const context = useMemo(() => ({ summaries: summary.nodes, inputCounts, direction }), [summary, inputCounts, direction]);
  const flow = useMemo(() => toFlow(pipeline, view.positions, view.selection), [pipeline, view.positions, view.selection]);
  const nodes = useMemo(() => flow.nodes.map((n) => (view.measured[n.id] ? { ...n, measured: view.measured[n.id] } : n)), [flow, view.measured]);

  const add = (kind: LayerKind, at?: { x: number; y: number }) => {
    const after = at === undefined ? (selectedNodeId ?? undefined) : undefined;
    const added = addNode(pipeline, view.positions, kind, { at, after, direction });
    view.setPositions(added.positions);
    history.commit(added.pipeline);
    view.select({ nodes: new Set([added.id]), edges: new Set() }, added.id);
  };
  const run = (command: EditorCommand) => {
    if (command === 'undo') history.undo();
    else if (command === 'redo') history.redo();
    else if (command === 'copy') clipboard.current = copyNodes(pipeline, view.positions, view.selection.nodes);
    else if (command === 'paste' && clipboard.current && clipboard.current.nodes.length > 0) {
      const pasted = pasteNodes(pipeline, view.positions, clipboard.current);
      view.setPositions(pasted.positions);
      history.commit(pasted.pipeline);
      view.select({ nodes: new Set(pasted.ids), edges: new Set() }, pasted.ids.length === 1 ? pasted.ids[0] : null);
    } else if (command === 'delete') {
      const { pipeline: next, reconnected } = removeAndReconnect(pipeline, view.selection.nodes, view.selection.edges);
      if (next === pipeline) return;
      history.commit(next);
      view.select({ nodes: new Set(), edges: new Set() }, null);
      if (reconnected.length > 0) {
        notice(`Reconnected ${reconnected.map((e) => `${e.source} → ${e.target}`).join(', ')} so the pipeline stays whole; undo (Ctrl+Z) to keep them apart.`);
      }
    }
  };
  const relayout = (to: LayoutDirection) => {
    setDirection(to);
    view.setPositions(layoutPipeline(pipeline, { direction: to }));
    void fitView({ padding: 0.15 });
  };
  // Shortcuts work wherever focus is (after Delete it falls to the body), except in text
  // fields and inside other widgets that handle the key themselves (defaultPrevented).
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });
  const hasSelectionRef = useRef(false);
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || isTextEntry(event.target)) return;
      const command = commandOfKey(event);
      if (!command) return;
      // Copying and deleting need a selection; without one the page keeps its own behaviour.
      if ((command === 'copy' || command === 'delete') && !hasSelectionRef.current) return;
      event.preventDefault();
      runRef.current(command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  const onDrop = (event: DragEvent) => {
    const kind = droppedKind(event.dataTransfer);
    if (!kind) return;
    event.preventDefault();
    add(kind, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };
  const isValidConnection: IsValidConnection<LayerFlowEdge> = (c) => connectionProblem(pipeline, c) === undefined;
  const onConnect = (c: FlowConnection) => {
    const next = connect(pipeline, c);
    if (next !== pipeline) history.commit(next);
  };
  // A drag dropped on a handle that refused it says why (a cycle, the input node), once.
  const onConnectEnd: OnConnectEnd = (event, state) => {
    if (state.isValid === true || !state.fromNode) return;
    // React Flow reports no target for a handle that refused the drag: the node under the pointer is it.
    const toId = state.toNode?.id ?? nodeUnderPointer(event);
    if (!toId || toId === state.fromNode.id) return;
    const [source, target] = state.fromHandle?.type === 'target' ? [toId, state.fromNode.id] : [state.fromNode.id, toId];
    const problem = connectionProblem(pipeline, { source, target });
    if (problem) notice(`Cannot connect ${source} to ${target}: ${problem}.`);
  };
  const hasSelection = view.selection.nodes.size > 0 || view.selection.edges.size > 0;
  useEffect(() => {
    hasSelectionRef.current = hasSelection;
  }, [hasSelection]);
  const panel = (
    <ParameterPanel
      pipeline={pipeline}
      nodeId={selectedNodeId}
      onChange={(next, key) => history.commit(next, key)}
      issues={selectedNodeId ? (summary.nodes.get(selectedNodeId)?.issues ?? []) : []}
      renderWeights={renderWeights}
    />
  );

  return (
    <EditorViewContext.Provider value={context}>
      <div className={props.className ?? 'cs-pipeline-editor'} style={{ ...layoutStyle(showParameterPanel && !panelElsewhere), ...props.style }} tabIndex={-1} data-testid="pipeline-editor">
        <LayerPalette onAdd={(kind) => add(kind)} />
        <div style={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>
          <div role="toolbar" aria-label="Pipeline" className="cs-pipeline-toolbar" style={{ display: 'flex', gap: 4, padding: 4 }}>
            <button type="button" onClick={() => run('undo')} disabled={!history.canUndo} title="Undo (Ctrl/Cmd+Z)">Undo</button>
            <button type="button" onClick={() => run('redo')} disabled={!history.canRedo} title="Redo (Ctrl/Cmd+Shift+Z, Ctrl+Y)">Redo</button>
            <button type="button" onClick={() => relayout('TB')} title="Auto-layout, top to bottom">Layout ↓</button>
            <button type="button" onClick={() => relayout('LR')} title="Auto-layout, left to right">Layout →</button>
            <button type="button" onClick={() => run('delete')} disabled={!hasSelection} title="Delete selection (Delete)">Delete</button>
            {summary.issues.map((i) => (
              <span key={i.message} role="alert" className="cs-pipeline-issue">{i.message}</span>
            ))}
            {ownNotice && (
              <span role="status" className="cs-pipeline-notice">
                {ownNotice}{' '}
                <button type="button" onClick={() => setOwnNotice(undefined)} aria-label="Dismiss">×</button>
              </span>
            )}
          </div>
          <div style={{ flex: 1, minHeight: 0 }} onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
            <ReactFlow<LayerFlowNode, LayerFlowEdge>
              nodes={nodes}
              edges={flow.edges}
              nodeTypes={layerNodeTypes}
              onNodesChange={view.onNodesChange}
              onEdgesChange={view.onEdgesChange}
              onConnect={onConnect}
              onConnectEnd={onConnectEnd}
              isValidConnection={isValidConnection}
              // Deletion goes through the editor's own keys, so it is one undoable document edit.
              deleteKeyCode={null}
            >
              <Background />
              <Controls showInteractive={false} />
            </ReactFlow>
          </div>
        </div>
        {showParameterPanel && (panelElsewhere ? parameterPanelContainer && createPortal(panel, parameterPanelContainer) : panel)}
      </div>
    </EditorViewContext.Provider>
  );
}
