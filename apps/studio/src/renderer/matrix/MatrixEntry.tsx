import { useMemo, useState } from 'react';
import type { MatrixInput } from '../run/run-protocol.js';
import { MATRIX_LIMITS, matrixText, parseMatrix } from './parse-matrix.js';
import './matrix.css';

// What the box holds the first time: the document's X, so "Use as input" shows something at once.
const EXAMPLE = '1 2 3\n4 5 6\n7 8 9';

export interface MatrixEntryProps {
  /** The matrix in use, if any: the box starts with it. */
  current?: MatrixInput;
  onUse(matrix: MatrixInput): void;
  /** Back to the image (only offered while a matrix is in use). */
  onClear(): void;
  onClose(): void;
}

/**
 * Type or paste the pipeline's input as numbers: rows on lines, a blank line between channels,
 * or JSON. The box is read on every keystroke; the first problem is said under it in words
 * (which row, which value, what limit), and "Use as input" stays off until the text parses.
 */
export function MatrixEntry({ current, onUse, onClear, onClose }: MatrixEntryProps) {
  const [text, setText] = useState(() => (current ? matrixText(current) : EXAMPLE));
  const parsed = useMemo(() => parseMatrix(text), [text]);
  const [c, h, w] = parsed.ok ? parsed.matrix.shape : [0, 0, 0];
  return (
    <section className="studio-matrix-entry" aria-label="Input matrix" data-testid="matrix-entry">
      <label className="studio-matrix-label" htmlFor="studio-matrix-text">
        Input matrix <span className="studio-muted">— one row per line, values separated by spaces or commas; a blank line starts the next channel; JSON as Copy JSON writes it works too. Up to {MATRIX_LIMITS.channels} channels of {MATRIX_LIMITS.side}×{MATRIX_LIMITS.side}.</span>
      </label>
      <textarea
        id="studio-matrix-text"
        className="studio-matrix-text"
        data-testid="matrix-text"
        value={text}
        rows={6}
        spellCheck={false}
        aria-invalid={!parsed.ok}
        aria-describedby="studio-matrix-status"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && parsed.ok) onUse(parsed.matrix);
          if (e.key === 'Escape') onClose();
        }}
      />
      <div className="studio-matrix-actions">
        <p id="studio-matrix-status" data-testid="matrix-status" data-ok={parsed.ok} className={parsed.ok ? 'studio-muted' : 'studio-warning'} role={parsed.ok ? undefined : 'alert'}>
          {parsed.ok ? `${h}×${w}, ${c} channel${c === 1 ? '' : 's'}: the input node becomes ${c}×${h}×${w}.` : parsed.error}
        </p>
        <button type="button" className="cs-button" disabled={!parsed.ok} title={parsed.ok ? 'Run the pipeline on these numbers (Ctrl+Enter)' : 'Fix the matrix first: see the message beside'} onClick={() => parsed.ok && onUse(parsed.matrix)}>
          Use as input
        </button>
        {current && <button type="button" className="cs-button" onClick={onClear}>Back to the image</button>}
        <button type="button" className="cs-button" onClick={onClose}>Close</button>
      </div>
    </section>
  );
}
