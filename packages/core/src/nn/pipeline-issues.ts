import type { PipelineIssue } from './pipeline-types.js';

/** Builds a {@link PipelineIssue} with its display message. */
export function issue(field: string, detail: string, node?: { id: string; kind?: string }): PipelineIssue {
  const where = node ? `node "${node.id}"${node.kind ? ` (${node.kind})` : ''}: ` : '';
  return { ...(node ? { nodeId: node.id } : {}), field, detail, message: `${where}${field}: ${detail}` };
}

/**
 * Thrown when a pipeline cannot be used; `issues` lists every problem found, each naming its
 * node and field.
 */
export class PipelineError extends Error {
  constructor(readonly issues: PipelineIssue[]) {
    super(issues.length === 1 ? issues[0].message : `${issues.length} problems:\n${issues.map((i) => `- ${i.message}`).join('\n')}`);
    this.name = 'PipelineError';
  }
}
