import { parsePipeline, PIPELINE_VERSION, type PipelineIssue, type PipelineNode } from '@convstudio/core';
import type { FieldDescriptor } from './param-fields.js';

const numberText = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

// Text that is not a number stays a string, so the core's schema, not this file, words the error.
function toNumber(text: string): number | string {
  return numberText.test(text) ? Number(text) : text;
}

function toSize(text: string): unknown {
  const parts = text.replace(/^\[|\]$/g, '').split(/\s*[,x×]\s*|\s+/).filter((p) => p !== '');
  const values = parts.map(toNumber);
  return values.length === 1 ? values[0] : values;
}

/**
 * The value a field's text stands for, before any check: `''` leaves an optional field out
 * (`undefined`); `'3'` is 3; `'3, 5'`, `'3x5'` and `'[3,5]'` are `[3, 5]`; a padding may be
 * `'same'` or `'valid'`. Text that is no number is passed on as typed, for the core to reject.
 *
 * @example
 * parseFieldText({ name: 'kernelSize', type: 'pair', label: 'Kernel size', required: true }, '3x5'); // [3, 5]
 */
export function parseFieldText(field: FieldDescriptor, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  switch (field.type) {
    case 'int':
    case 'number':
      return toNumber(trimmed);
    case 'pair':
      return toSize(trimmed);
    case 'padding': {
      const word = trimmed.toLowerCase();
      return word === 'same' || word === 'valid' ? word : toSize(trimmed);
    }
    case 'boolean':
      return trimmed === 'true' ? true : trimmed === 'false' ? false : trimmed;
    case 'enum':
      return trimmed;
  }
}

/**
 * A param value as the text its field shows: `[3, 5]` as `'3, 5'`, a left-out value as `''`.
 *
 * @example
 * formatFieldValue([3, 5]); // '3, 5'
 */
export function formatFieldValue(value: unknown): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** {@link setParam}'s answer: the node with the new value, or the core's issues for it. */
export type ParamResult = { ok: true; node: PipelineNode } | { ok: false; issues: PipelineIssue[] };

/**
 * Sets one param of a node (`undefined` removes it) and checks the node with the core's own
 * {@link parsePipeline}, so an error reads exactly as the core words it when the file is loaded.
 *
 * @example
 * const r = setParam(conv, 'outChannels', 0);
 * if (!r.ok) r.issues[0].detail; // 'Too small: expected number to be >0, got 0'
 */
export function setParam(node: PipelineNode, name: string, value: unknown): ParamResult {
  const params: Record<string, unknown> = { ...node.params };
  if (value === undefined) delete params[name];
  else params[name] = value;
  const candidate = { ...node, params } as PipelineNode;
  // A one-node document: parsePipeline reports node issues before graph ones, so any issue
  // naming this node's params is about the value, and graph issues (no input node) are ignored.
  const result = parsePipeline({ format: 'convstudio-pipeline', version: PIPELINE_VERSION, nodes: [candidate], edges: [] });
  const issues = result.ok ? [] : result.issues.filter((i) => i.nodeId === node.id && i.field.startsWith('params'));
  return issues.length === 0 ? { ok: true, node: candidate } : { ok: false, issues };
}

/**
 * Whether an issue is about a field: `params.kernelSize`, `params.kernelSize[1]` and (from shape
 * inference, which knows only the op's arguments) the field itself all count.
 *
 * @example
 * issueMatchesField({ field: 'params.stride[0]', detail: '', message: '' }, 'stride'); // true
 */
export function issueMatchesField(issue: PipelineIssue, name: string): boolean {
  const prefix = `params.${name}`;
  return issue.field === prefix || issue.field.startsWith(`${prefix}[`) || issue.field.startsWith(`${prefix}.`);
}

const comparisons: [RegExp, (bound: number, integer: boolean) => string][] = [
  [/expected (?:number|int) to be >=\s*(-?[\d.e+-]+)/i, (b) => `must be at least ${b}`],
  [/expected (?:number|int) to be >\s*(-?[\d.e+-]+)/i, (b, integer) => (integer && Number.isInteger(b) ? `must be at least ${b + 1}` : `must be greater than ${b}`)],
  [/expected (?:number|int) to be <=\s*(-?[\d.e+-]+)/i, (b) => `must be at most ${b}`],
  [/expected (?:number|int) to be <\s*(-?[\d.e+-]+)/i, (b, integer) => (integer && Number.isInteger(b) ? `must be at most ${b - 1}` : `must be less than ${b}`)],
];

/**
 * One sentence in the user's words for an issue with a field ("Stride must be at least 1"),
 * from the schema's technical wording, which stays available as `detail`.
 *
 * @example
 * describeFieldIssue('Stride', 'int', { detail: 'Too small: expected number to be >0, got 0', ... }); // 'Stride must be at least 1.'
 */
export function describeFieldIssue(label: string, type: FieldDescriptor['type'], issue: Pick<PipelineIssue, 'detail' | 'message'>): string {
  const text = issue.detail || issue.message;
  const integer = type === 'int' || type === 'pair' || type === 'padding';
  for (const [pattern, say] of comparisons) {
    const match = pattern.exec(text);
    if (match) return `${label} ${say(Number(match[1]), integer)}.`;
  }
  if (/expected int|not an integer|must be an integer/i.test(text)) return `${label} must be a whole number.`;
  if (/expected (number|array)|received string|invalid input/i.test(text)) {
    return type === 'pair' ? `${label} must be one number, or two as "h, w".` : type === 'padding' ? `${label} must be a number, "h, w", four numbers, "same" or "valid".` : `${label} must be a number.`;
  }
  return issueSentence(issue);
}

/**
 * An issue as one sentence for people: the core's detail (a kernel larger than its input),
 * capitalised and ended, without the node and field prefix of its full message.
 *
 * @example
 * issueSentence({ detail: 'expected exactly 1 incoming edge, got 0', message: '…' }); // 'Expected exactly 1 incoming edge, got 0.'
 */
export function issueSentence(issue: Pick<PipelineIssue, 'detail' | 'message'>): string {
  const text = issue.detail || issue.message;
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
