// @convstudio/core/onnx: ONNX import and export. A subpath of its own so that the protobuf
// library (protobuf-es and the compiled onnx.proto) stays out of the main entry's bundle.
export { importOnnx, supportedOnnxOps } from './import-onnx.js';
export type { ImportOnnxOptions, OnnxImport, OnnxImportProgress, OnnxImportSummary } from './import-onnx.js';
export { exportOnnx, onnxExportProblems, initialTensors, ONNX_EXPORT_OPSET } from './export-onnx.js';
export type { OnnxExportProblem } from './export-onnx.js';
export { checkOnnxSize, ONNX_MAX_BYTES, ONNX_OPSETS } from './read-model.js';
export { OnnxUnsupportedError } from './onnx-error.js';
export type { UnsupportedNode } from './onnx-error.js';
