import type { Pipeline } from '@convstudio/core';
import { useState } from 'react';

const MAX_SIDE = 2048;

/** What typed size text means: the size, or why it cannot be one (in the user's words). */
export function parseInputSize(text: string): { ok: true; height: number; width: number } | { ok: false; reason: string } {
  const match = /^\s*(\d{1,6})\s*[x×,]\s*(\d{1,6})\s*$/.exec(text);
  if (!match) return { ok: false, reason: `Write the input size as height x width, like 28x28 (got "${text.trim()}").` };
  const [height, width] = [Number(match[1]), Number(match[2])];
  if (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE) {
    return { ok: false, reason: `Each side of the input must be from 1 to ${MAX_SIDE} pixels (got ${height}x${width}).` };
  }
  return { ok: true, height, width };
}

/**
 * Colour mode and size of the pipeline's input: what the loaded image is converted to. A size
 * that cannot be used is kept in the field, marked, and said once (not silently reverted).
 */
export function InputSizeControls({ pipeline, onChange, onNotice }: { pipeline: Pipeline; onChange(channels: 1 | 3, height: number, width: number): void; onNotice(message: string): void }) {
  const input = pipeline.nodes.find((n) => n.kind === 'input');
  const { channels = 1, height = 28, width = 28 } = (input?.params ?? {}) as { channels?: number; height?: number; width?: number };
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const text = draft ?? `${height}x${width}`;
  const parsed = parseInputSize(text);
  const commit = () => {
    if (draft === undefined) return;
    if (!parsed.ok) {
      onNotice(`${parsed.reason} The input stays ${height}x${width}.`);
      return;
    }
    onChange(channels === 3 ? 3 : 1, parsed.height, parsed.width);
    setDraft(undefined);
  };
  return (
    <div className="studio-input-controls">
      <label>
        Input{' '}
        <select aria-label="Colour mode" value={channels === 3 ? 'rgb' : 'gray'} onChange={(e) => onChange(e.target.value === 'rgb' ? 3 : 1, height, width)}>
          <option value="gray">Grayscale</option>
          <option value="rgb">RGB</option>
        </select>
      </label>
      <input
        aria-label="Input size (height x width)"
        aria-invalid={!parsed.ok}
        className={parsed.ok ? undefined : 'studio-invalid'}
        value={text}
        size={9}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        title={parsed.ok ? 'height x width the image is resized to' : parsed.reason}
      />
    </div>
  );
}
