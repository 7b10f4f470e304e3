import { ConvStudioError } from '@convstudio/core';
import { OnnxUnsupportedError } from '@convstudio/core/onnx';
import type { ImportFailure } from './onnx-import-protocol.js';

/**
 * Why an ONNX import failed, in one sentence the user reads in the studio, with core's whole
 * message (every unsupported node, the decoder's own words) kept for the details disclosure.
 * Errors that are not core's (a bug) still get a sentence, never a crash.
 *
 * @example
 * importFailure(error, 'resnet.onnx'); // { headline: 'resnet.onnx uses 2 operations ConvStudio cannot import (Loop, NonMaxSuppression), so nothing was opened.', detail: 'importOnnx: graph has 2 nodes …' }
 */
export function importFailure(error: unknown, fileName: string): ImportFailure {
  const message = error instanceof Error ? error.message : String(error);
  const technical = error instanceof ConvStudioError && error.technicalDetail ? `\n\n${error.technicalDetail}` : '';
  const detail = `${message}${technical}`;
  if (error instanceof OnnxUnsupportedError) {
    const ops = [...new Set(error.nodes.map((n) => (n.domain ? `${n.domain}.${n.opType}` : n.opType)))];
    const count = error.nodes.length;
    return { headline: `${fileName} has ${count} ${count === 1 ? 'node' : 'nodes'} ConvStudio cannot import (${ops.slice(0, 4).join(', ')}${ops.length > 4 ? ', …' : ''}), so nothing was opened.`, detail };
  }
  if (!(error instanceof ConvStudioError)) return { headline: `${fileName} could not be opened because of an error in ConvStudio itself; nothing was changed.`, detail };
  if (error.argument === 'file' && /above the limit/.test(error.detail)) return { headline: `${fileName} is larger than the largest model the studio opens, so it was not read.`, detail };
  if (error.argument === 'file') return { headline: `${fileName} is not a readable ONNX model: it is damaged, cut short or another kind of file.`, detail };
  if (error.argument === 'opset_import') return { headline: `${fileName} uses an ONNX version (opset) ConvStudio does not read; re-export it with opset 9 to 21.`, detail };
  if (error.argument.startsWith('graph.input')) return { headline: `${fileName} does not take one image (channels, height, width) as its input, which ConvStudio needs.`, detail };
  return { headline: `${fileName} could not be turned into a ConvStudio pipeline, so nothing was opened.`, detail };
}
