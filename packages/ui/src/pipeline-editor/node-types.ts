import { nodeKinds, type NodeKind } from '@convstudio/core';
import type { NodeTypes } from '@xyflow/react';
import { LayerNodeView } from './LayerNodeView.js';

/**
 * One view for every kind, built once at module scope: a new `nodeTypes` object on each render
 * would make React Flow remount every node.
 *
 * @example
 * <ReactFlow nodeTypes={layerNodeTypes} ... />
 */
export const layerNodeTypes = Object.fromEntries(nodeKinds.map((kind) => [kind, LayerNodeView])) as Record<NodeKind, typeof LayerNodeView> satisfies NodeTypes;
