import { ConvStudioError } from '../errors.js';

/** Every ONNX reading and writing error: `importOnnx: <field> <what was expected and what came>`. */
export function onnxError(op: 'importOnnx' | 'exportOnnx', field: string, detail: string, technicalDetail?: string, cause?: unknown): ConvStudioError {
  return new ConvStudioError(op, field, detail, { technicalDetail, cause });
}

/** One node a model uses that the importer cannot read, and why. */
export interface UnsupportedNode {
  /** The node's name in the file ('' when it has none). */
  name: string;
  opType: string;
  /** The op's domain when it is not the default one. */
  domain?: string;
  reason: string;
}

/**
 * Thrown when a model has nodes the importer cannot read: the whole model is refused (never a
 * partial import), and `nodes` lists every one of them with its reason.
 */
export class OnnxUnsupportedError extends ConvStudioError {
  constructor(
    readonly nodes: UnsupportedNode[],
    readonly supported: readonly string[],
  ) {
    const list = nodes.map((n) => `  - ${n.name ? `"${n.name}"` : '(unnamed)'} (${n.domain ? `${n.domain}.` : ''}${n.opType}): ${n.reason}`).join('\n');
    super(
      'importOnnx',
      'graph',
      `has ${nodes.length} node${nodes.length === 1 ? '' : 's'} ConvStudio cannot import, so nothing was imported:\n${list}\nSupported (ai.onnx, opsets 9 to 21): ${supported.join(', ')}.`,
    );
    this.name = 'OnnxUnsupportedError';
  }
}
