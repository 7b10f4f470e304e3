import { ConvStudioError } from '../errors.js';
import type { PipelineIssue } from '../nn/pipeline-types.js';

/**
 * A project or weights file that cannot be read or written: names the file, the field and what
 * was expected and what came, as `net.convstudio.json: weights.sha256: expected ..., got ...`.
 *
 * @example
 * try { await readProject(text, { fileName }) } catch (e) { if (e instanceof ProjectFileError) show(e.message) }
 */
export class ProjectFileError extends ConvStudioError {
  constructor(
    /** The file as the user named it (or a host's label for it). */
    readonly file: string,
    /** The field at fault, e.g. `version`, `weights.tensors[2].values`, `pipeline`. */
    readonly field: string,
    detail: string,
    extra: { cause?: unknown; issues?: PipelineIssue[] } = {},
  ) {
    super(file, field, detail, extra);
    if (extra.issues) this.issues = extra.issues;
    this.name = 'ProjectFileError';
    this.message = `${file}: ${field}: ${detail}`;
  }

  /** The pipeline's own issues, when the pipeline is what is wrong (to mark nodes, or print one line each). */
  readonly issues?: PipelineIssue[];
}
