import { decodeUtf8 } from './checked-pipeline.js';
import { migrateJsonWeightsV1 } from './legacy-weights.js';
import type { ProjectWeights } from './model-weights.js';
import { ProjectFileError } from './project-error.js';
import { readProjectDocument, type ReadProjectOptions } from './project-file.js';
import { MAX_PROJECT_BYTES } from './project-schema.js';
import { decodeWeightsSidecar, WEIGHTS_SIDECAR_MAGIC } from './weights-sidecar.js';

/**
 * Reads weights from any file that holds them: a project (version 2, or the studio's version 1)
 * with its weights, a binary "CSWB" v2 sidecar, or the CLI's old JSON weights (version 1, with
 * its training `meta`). The studio's old binary file is refused (it has no shapes: open its
 * project). Errors are {@link ProjectFileError}s naming the file and the field.
 *
 * @example
 * const weights = await readWeightsFile(await readFile('trained.convstudio.json'), { fileName: 'trained.convstudio.json', readBeside });
 * const model = modelWithWeights(pipeline, weights, 'trained.convstudio.json');
 */
export async function readWeightsFile(bytes: Uint8Array, options: ReadProjectOptions): Promise<ProjectWeights> {
  const { fileName } = options;
  if (bytes.length >= 4 && String.fromCharCode(...bytes.subarray(0, 4)) === WEIGHTS_SIDECAR_MAGIC) {
    if (bytes.length >= 8 && new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true) === 1) {
      throw new ProjectFileError(fileName, 'version', "the studio's first binary weights hold no shapes: open the project that names this file (it migrates them)");
    }
    const decoded = decodeWeightsSidecar(bytes, fileName);
    return { pipelineHash: decoded.pipelineHash, tensors: decoded.tensors };
  }
  if (bytes.length > (options.maxBytes ?? MAX_PROJECT_BYTES)) throw new ProjectFileError(fileName, '(file)', `too large for a JSON weights file: expected at most ${options.maxBytes ?? MAX_PROJECT_BYTES} bytes, got ${bytes.length}`);
  let document: unknown;
  try {
    document = JSON.parse(decodeUtf8(bytes));
  } catch (error) {
    throw new ProjectFileError(fileName, '(file)', `neither a binary weights file nor valid JSON: ${(error as Error).message}`);
  }
  const format = (document as { format?: unknown } | null)?.format;
  if (format === 'convstudio-weights') {
    const { pipelineHash, tensors, meta } = migrateJsonWeightsV1(document, fileName);
    return { pipelineHash, tensors, meta };
  }
  const { project } = await readProjectDocument(document, options);
  if (!project.weights) throw new ProjectFileError(fileName, 'weights', 'this project holds no weights (train it, or save it from the studio after training)');
  return project.weights;
}
