import { layerKinds, layerSpec, type LayerKind } from '@convstudio/core';
import type { OnnxImportSummary } from '@convstudio/core/onnx';

/** One line of the import summary: a label and its value. */
export interface SummaryRow {
  label: string;
  value: string;
}

const count = (n: number) => n.toLocaleString('en-US');
const shape = (dims: readonly number[]) => dims.join(' × ');
const titleOf = (kind: string) => ((layerKinds as readonly string[]).includes(kind) ? layerSpec(kind as LayerKind).editor.title : kind);

/**
 * What an import brought in, as the summary dialog lists it: where the model comes from
 * (producer, graph, opset), what it became (layers by kind, parameters) and its input and output.
 *
 * @example
 * summaryRows(summary)[0]; // { label: 'Producer', value: 'pytorch 1.13.0' }
 */
export function summaryRows(summary: OnnxImportSummary): SummaryRow[] {
  const kinds = Object.entries(summary.kinds)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([kind, n]) => `${n} ${titleOf(kind)}`)
    .join(', ');
  return [
    { label: 'Producer', value: summary.producer },
    { label: 'Graph', value: summary.graphName || '(unnamed)' },
    { label: 'ONNX', value: `opset ${summary.opset}, IR version ${summary.irVersion}, ${count(summary.onnxNodes)} nodes, ${(summary.fileBytes / 1024).toFixed(summary.fileBytes < 10_240 ? 1 : 0)} KB` },
    { label: 'Layers', value: `${summary.layers}: ${kinds}` },
    { label: 'Parameters', value: count(summary.parameters) },
    { label: 'Input', value: shape(summary.input) },
    { label: 'Output', value: shape(summary.output) },
  ];
}
