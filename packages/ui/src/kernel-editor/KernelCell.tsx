import { useState } from 'react';
import { colorAt, contrastText } from '../feature-maps/colormaps.js';
import { unitPosition, type ValueRange } from '../feature-maps/scaling.js';
import { formatCellToFit, parseCell } from './parse-cell.js';

/** Props of {@link KernelCell}. */
export interface KernelCellProps {
  value: number;
  /** Symmetric range of the heat-map background. */
  range: ValueRange;
  /** Accessible name, e.g. "out 0, in 1, row 2, column 3". */
  label: string;
  readOnly: boolean;
  /** Characters the cell shows without cutting any off (measured by the slot); the title has the full value. */
  fitChars?: number;
  /** Called with each valid number typed; never with NaN. */
  onCommit: (value: number) => void;
}

/**
 * One weight as a text input on a diverging heat-map background. The typed text stays as typed
 * while the cell is focused (so "1." or "-" can be finished); invalid text shows an inline error
 * and is not committed.
 *
 * @example
 * <KernelCell value={0.2} range={{ min: -1, max: 1 }} label="row 0, column 0" readOnly={false} onCommit={set} />
 */
export function KernelCell({ value, range, label, readOnly, fitChars = 8, onCommit }: KernelCellProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const background = colorAt('diverging', unitPosition(value, range));
  const change = (text: string) => {
    setDraft(text);
    const parsed = parseCell(text);
    setError(parsed.ok ? null : parsed.error);
    if (parsed.ok) onCommit(parsed.value);
  };
  return (
    <span className="cs-kernel-cell">
      <input
        className="cs-kernel-input nodrag"
        type="text"
        inputMode="decimal"
        aria-label={label}
        aria-invalid={error !== null}
        title={String(value)}
        readOnly={readOnly}
        value={draft ?? formatCellToFit(value, fitChars)}
        style={{ background: `rgb(${background[0]} ${background[1]} ${background[2]})`, color: contrastText(background) }}
        onChange={(event) => change(event.target.value)}
        // Valid text is replaced by the formatted weight on blur; invalid text stays, with its error.
        onBlur={() => error === null && setDraft(null)}
      />
      {error && (
        <span className="cs-kernel-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
