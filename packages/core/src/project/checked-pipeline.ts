import { parsePipeline } from '../nn/parse-pipeline.js';
import type { Pipeline, PipelineIssue } from '../nn/pipeline-types.js';
import { ProjectFileError } from './project-error.js';

/** Reads a file beside the project by its bare name, refusing it above `maxBytes` (disk, IndexedDB, a test's map). */
export type ReadBeside = (name: string, maxBytes: number) => Promise<Uint8Array>;

/**
 * The pipeline checked by core's parser; its issues (up to five) become one error naming the file.
 *
 * @example
 * const pipeline = checkedPipeline(document.pipeline, 'net.convstudio.json'); // or throws "net.convstudio.json: pipeline: node ..."
 */
export function checkedPipeline(document: unknown, fileName: string, field: 'pipeline' | '' = 'pipeline'): Pipeline {
  const parsed = parsePipeline(document);
  if (parsed.ok) return parsed.pipeline;
  const [first] = parsed.issues;
  // One issue of the document itself (its version, say) names that field; node issues name their node in the detail.
  if (parsed.issues.length === 1 && first.nodeId === undefined) throw new ProjectFileError(fileName, [field, first.field].filter(Boolean).join('.'), first.detail, { issues: parsed.issues });
  throw new ProjectFileError(fileName, field || 'pipeline', describeIssues(parsed.issues), { issues: parsed.issues });
}

function describeIssues(issues: PipelineIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => i.message).join('; ');
  return issues.length > 5 ? `${shown}; and ${issues.length - 5} more` : shown;
}

/** UTF-8 bytes as text. Core's main entry has no DOM types; every host it runs on has TextDecoder. */
export function decodeUtf8(bytes: Uint8Array): string {
  const Decoder = (globalThis as { TextDecoder?: new () => { decode(b: Uint8Array): string } }).TextDecoder;
  if (!Decoder) throw new Error('this host has no TextDecoder; pass the file as text');
  return new Decoder().decode(bytes);
}
