import type { PipelineIssue, PipelineNode } from '@convstudio/core';
import { useId, useState } from 'react';
import type { FieldDescriptor } from './param-fields.js';
import { describeFieldIssue, formatFieldValue, parseFieldText, setParam } from './param-validation.js';

/** Props of {@link ParamField}. */
export interface ParamFieldProps {
  node: PipelineNode;
  field: FieldDescriptor;
  /** Called with the node carrying a value the core accepts. */
  onCommit(node: PipelineNode): void;
  /** Issues the core found for this field in the whole pipeline (a kernel larger than its input). */
  issues?: readonly PipelineIssue[];
}

interface Draft {
  text: string;
  /** The value (as text) the draft was typed over: a different one (undo) discards the draft. */
  base: string;
  issues: PipelineIssue[];
}

/**
 * One typed input for one param. Text the core rejects stays in the field, uncommitted, with the
 * core's error beside it; accepted text is committed at once (history merges the keystrokes).
 *
 * @example
 * <ParamField node={conv} field={paramFields('conv2d')[0]} onCommit={(n) => update(n)} />
 */
export function ParamField({ node, field, onCommit, issues = [] }: ParamFieldProps) {
  const id = useId();
  const value = (node.params as Record<string, unknown>)[field.name];
  const shown = formatFieldValue(value);
  const [draft, setDraft] = useState<Draft | null>(null);
  const active = draft !== null && draft.base === shown ? draft : null;
  const errors = active && active.issues.length > 0 ? active.issues : issues;

  const edit = (text: string, parsed: unknown) => {
    const result = setParam(node, field.name, parsed);
    if (result.ok) {
      setDraft({ text, base: formatFieldValue(parsed), issues: [] });
      onCommit(result.node);
    } else {
      setDraft({ text, base: shown, issues: result.issues });
    }
  };
  const common = {
    id,
    name: field.name,
    className: 'nodrag',
    'aria-invalid': errors.length > 0 || undefined,
    'aria-describedby': errors.length > 0 ? `${id}-error` : undefined,
  };

  let input;
  if (field.type === 'boolean') {
    const checked = typeof value === 'boolean' ? value : field.defaultText === 'true';
    input = <input {...common} type="checkbox" checked={checked} onChange={(e) => edit(String(e.target.checked), e.target.checked)} />;
  } else if (field.type === 'enum') {
    input = (
      <select {...common} value={active ? active.text : shown} onChange={(e) => edit(e.target.value, parseFieldText(field, e.target.value))}>
        <option value="">{`default (${field.defaultText ?? 'none'})`}</option>
        {field.options?.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    );
  } else {
    input = (
      <input
        {...common}
        type="text"
        inputMode={field.type === 'padding' ? 'text' : 'decimal'}
        list={field.options ? `${id}-options` : undefined}
        value={active ? active.text : shown}
        placeholder={field.required ? 'required' : `default: ${field.defaultText ?? 'none'}`}
        onChange={(e) => edit(e.target.value, parseFieldText(field, e.target.value))}
        // Accepted text is tidied to the canonical form once the user leaves the field.
        onBlur={() => active && active.issues.length === 0 && setDraft(null)}
      />
    );
  }
  return (
    <div className="cs-param-field">
      <label htmlFor={id}>
        {field.label}
        {field.type === 'pair' ? ' (n or h, w)' : field.type === 'padding' ? ' (n; h, w; t, b, l, r; same; valid)' : ''}
      </label>
      {input}
      {field.options && field.type === 'padding' && (
        <datalist id={`${id}-options`}>
          {field.options.map((o) => <option key={o} value={o} />)}
        </datalist>
      )}
      {errors.length > 0 && (
        <div className="cs-param-error" data-field={field.name}>
          <span id={`${id}-error`} role="alert">{[...new Set(errors.map((e) => describeFieldIssue(field.label, field.type, e)))].join(' ')}</span>
          <details className="cs-param-error-detail">
            <summary>Details</summary>
            {errors.map((e) => `${e.field}: ${e.detail || e.message}`).join('\n')}
          </details>
        </div>
      )}
    </div>
  );
}
